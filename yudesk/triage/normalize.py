"""Turn a raw customer message into the text triage reasons about.

Two separate steps, because the detectors need different views of one message:

* ``strip_quotes`` drops quoted earlier messages (the customer's new words are what we judge);
* ``strip_signature`` drops the sign-off, phone/company lines and mail disclaimers, whose
  words ("ООО Интеграция", "менеджер по настройке") would otherwise vote for a scope;
* ``fold`` makes spelling variants meet: case, ё/е, Latin look-alikes inside Cyrillic words
  ("пapoль" typed with Latin a/p/o), repeated punctuation and stretched letters.

Credentials are NOT looked for here: they are found on the original text, before anything is
cut, because a password may sit in a line that looks like a signature.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any, NamedTuple

from yudesk.triage.rxprefix import first_char_rewrite

# --- quoted replies -------------------------------------------------------------------------

_QUOTE_LINE = re.compile(r"^\s*>")
# Separators after which the rest of the message is an earlier mail (Outlook, Thunderbird, ...).
_CUT_MARKERS = re.compile(
    r"^\s*(?:-{2,}\s*(?:original message|исходное сообщение|пересылаемое сообщение|"
    r"пересланное сообщение|forwarded message|переадресованное сообщение)\s*-{2,}"
    r"|_{10,}\s*$"
    r"|-{5,}\s*$)",
    re.IGNORECASE,
)
# "От: Иван <...>" followed within a few lines by "Отправлено:/Дата:/Sent:/Кому:" is an Outlook
# header block of the quoted mail.
_HEADER_FROM = re.compile(r"^\s*(?:от|from)\s*:\s*\S", re.IGNORECASE)
_HEADER_NEXT = re.compile(
    r"^\s*(?:отправлено|дата|sent|date|кому|to|тема|subject|копия|cc)\s*:", re.IGNORECASE
)
# "On Mon, 3 Mar 2026 at 10:00, Ivan <i@x.ru> wrote:" and the Russian mail clients' variants
# ("3 марта 2026 г., в 10:00, Иван <...> написал(а):", "... пишет:").
_WROTE_LINE = re.compile(
    r"^(?:on\b.*|.*\d.*|.*@.*)(?:\bwrote|написал\(а\)|написала|написал|пишет)\s*:\s*$",
    re.IGNORECASE,
)


# Fragments without which no quote marker can match: plain substring tests, far cheaper
# than the line-by-line walk (most messages quote nothing).
_QUOTE_HINTS = (">", "-----", "__________", "от:", "from:", "wrote", "написал", "пишет")


_WROTE_ANY = re.compile(
    r"^.{0,80}(?:\bwrote|написал\(а\)|написала|написал|пишет)\s*:\s*$"
    # Gmail in Russian: "чт, 13 нояб. 2025 г. в 12:10, YUcrm Support <support@yucrm.ru>:"
    r"|^.{0,120}\d.{0,80}<[^<>\s]+@[^<>\s]+>\s*:\s*$",
    re.IGNORECASE,
)
# A forwarded mail, as opposed to a replied-to one: with a short note of the customer's own
# above it ("пересылаю, посмотрите"), the forwarded mail is what is being asked about.
_FORWARD = re.compile(
    r"пересылаемое сообщение|пересланное сообщение|forwarded message|переадресованное сообщение",
    re.IGNORECASE,
)
FORWARD_NOTE_WORDS = 20
# A line of dashes or underscores alone: where an inline "Original Message" block may end.
_RULE_LINE = re.compile(r"^\s*(?:-{3,}|_{3,})\s*$")
_ORIGINAL = re.compile(r"original message|исходное сообщение", re.IGNORECASE)


def _next_is_quote(lines: list[str], i: int) -> bool:
    rest = next((r for r in lines[i + 1 :] if r.strip()), "")
    return bool(_QUOTE_LINE.match(rest))


def _note_forwards(note: list[str], below: list[str]) -> bool:
    """Whether the customer's note above a forward marker asks about the forwarded mail: a
    short note ("пересылаю, посмотрите"), or a longer one that says it forwards ("Коллеги,
    пересылаю письмо нашего администратора …") of a mail that is not support's own."""
    text = " ".join(note)
    words = len(text.split())
    if words < FORWARD_NOTE_WORDS:
        return True
    if words > FORWARD_ANNOUNCED_NOTE_WORDS or _FORWARD_ANNOUNCED.search(text) is None:
        return False
    return _not_from_support(below)


def _not_from_support(mail: list[str]) -> bool:
    """Whether the "From:" of a forwarded mail's header block (or its absence) names someone
    other than support."""
    sender = next((ln for ln in mail[: _header_end(mail)] if _HEADER_FROM.match(ln)), "")
    return _SUPPORT_SENDER.search(sender) is None


def _header_block_forwarded(note: list[str], below: list[str], forwarded: bool) -> bool:
    """Whether an Outlook header block ("От: …" with "Отправлено:/Кому:" under it) starts
    a forwarded mail rather than the quoted history of a reply: the subject says "FW:" and
    the note above is short, or the note says it forwards; and the mail is not support's
    own (a customer forwarding support's answer reports the thread, not that answer)."""
    text = " ".join(note)
    words = len(text.split())
    if not (
        (forwarded and words <= FORWARD_SUBJECT_NOTE_WORDS)
        or (words <= FORWARD_ANNOUNCED_NOTE_WORDS and _FORWARD_ANNOUNCED.search(text) is not None)
    ):
        return False
    return _not_from_support(below)


def _after_inline_original(lines: list[str], i: int) -> int | None:
    """Index of the first line after an "Original Message" block that a closing line of
    dashes ends, when new (unquoted) words follow it; None when the quote runs to the end."""
    for j in range(i + 1, len(lines)):
        if _RULE_LINE.match(lines[j]):
            rest = [ln for ln in lines[j + 1 :] if ln.strip()]
            if rest and not _QUOTE_LINE.match(rest[0]) and not _CUT_MARKERS.match(rest[0]):
                return j + 1
            return None
        if _CUT_MARKERS.match(lines[j]):
            return None
    return None


def _header_end(lines: list[str]) -> int:
    """Index of the first line after a forwarded mail's header block (От:/Дата:/Тема:/Кому:
    lines, and blank ones, at its top)."""
    start = 0
    while start < len(lines) and (
        not lines[start].strip()
        or _HEADER_FROM.match(lines[start])
        or _HEADER_NEXT.match(lines[start])
    ):
        start += 1
    return start


def _forwarded_body(lines: list[str]) -> str:
    """A forwarded mail without its header block."""
    return "\n".join(lines[_header_end(lines) :]).strip()


_HEADER_SUBJECT = re.compile(r"^\s*(?:тема|subject)\s*:\s*(.*)$", re.IGNORECASE)


def _header_subject(header: list[str]) -> str | None:
    """The subject among a forwarded mail's header lines."""
    for line in header:
        subject = _HEADER_SUBJECT.match(line)
        if subject:
            return subject.group(1)
    return None


# A forward by its subject ("FW: CRM"): the mail quoted below a short cover note is what the
# customer reports, even when the client quoted it with "> " and gave it no marker line.
_FORWARD_SUBJECT = re.compile(r"^\s*(?:fw|fwd|пересл)\s*:", re.IGNORECASE)
FORWARD_SUBJECT_NOTE_WORDS = 30
# A note that says it forwards ("Пересылаю нашу переписку с поддержкой, чтобы было понятно,
# почему пишу вам напрямую") may be longer: the quoted mail is then what it is about.
_FORWARD_ANNOUNCED = re.compile(
    r"\b(?:пересыла\w*|пересла\w*|переадрес\w*|перенаправля\w*|forwarding"
    # "Направляем служебную записку, поступившую в отдел качества": one adjective may stand
    # before the noun.
    r"|(?:переда|направля|прилага)(?:ю|ём|ем)\s+(?:вам\s+)?(?:\w+\s+)?"
    r"(?:сообщени|письм|переписк|обращени|жалоб|записк)\w*)\b",
    re.IGNORECASE,
)
FORWARD_ANNOUNCED_NOTE_WORDS = 100
# A note that quotes a colleague's message to show it ("посмотрите, что пишет мой
# управляющий", "see what our manager wrote"): the "> " lines are that colleague's report,
# even with no header naming who wrote them. Only "my/our" someone: "что пишет ваш
# специалист" quotes support, whose answer is no report of the customer's.
_RELAYED = re.compile(
    r"\b(?:что|как|вот)\s+(?:мне\s+|нам\s+)?"
    r"(?:пиш(?:ет|ут)|написал\w*|сообща(?:ет|ют)|сообщил\w*)\s+(?:мо[йяиё]\w*|наш\w*)\b"
    r"|\bsee\s+what\s+(?:our|my)\s+(?:\w+\s+){0,2}(?:wrote|writes|says)\b"
    # "Скидываю из нашего рабочего чата, сами посмотрите:": their own chat, pasted.
    r"|\b(?:скидыва|пересыла|копиру|вставля|присыла|прикладыва)(?:ю|ем)\s+(?:вам\s+)?"
    r"(?:из|с)\s+(?:наш\w*\s+)?(?:\w+\s+)?(?:чат\w*|переписк\w*|групп\w*)",
    re.IGNORECASE,
)


def is_forward_subject(subject: str | None) -> bool:
    return bool(subject) and _FORWARD_SUBJECT.match(subject or "") is not None


def strip_quotes(text: str, forwarded: bool = False) -> str:
    """Remove quoted earlier messages; never returns an empty string for a non-empty input.
    ``forwarded``: the subject says the mail forwards another one; then the "> " lines
    below a cover note of at most FORWARD_SUBJECT_NOTE_WORDS words are kept, unquoted and
    without the header block at their top (as for a marked forward, _forwarded_body). A note
    that says it forwards ("Пересылаю переписку с поддержкой …", up to
    FORWARD_ANNOUNCED_NOTE_WORDS words, with or without such a subject) keeps the quoted
    mails and chat lines of the customer's own, not support's."""
    own = _strip_quotes(text, forwarded)
    if ">" not in text:
        return own
    words = len(own.split())
    short_note = words <= FORWARD_ANNOUNCED_NOTE_WORDS
    announced = short_note and _FORWARD_ANNOUNCED.search(own) is not None
    relayed = short_note and _RELAYED.search(own) is not None
    short_forward = forwarded and words <= FORWARD_SUBJECT_NOTE_WORDS
    if not (short_forward or announced or relayed):
        return own
    if any(_CUT_MARKERS.match(ln) for ln in text.splitlines()):
        return own  # a marked forward or thread: _strip_quotes has read it as such
    quoted = [_QUOTE_LINE.sub("", ln, count=1) for ln in text.splitlines() if _QUOTE_LINE.match(ln)]
    # A letter of its own that forwards a thread with support: of the quoted mails only
    # the customer's own (a "From:" or a chat speaker that is not support) say what they
    # reported. Under a short note, or one that shows what a colleague wrote, the quoted
    # lines are the forwarded mail, unless a header says support wrote them (its answer
    # quoted inside a forwarded mail).
    quoted = _customer_mails(quoted, unknown_sender=short_forward or relayed)
    body = _forwarded_body(quoted)
    if not body or body in own:
        return own
    # The forwarded mail goes above the note's sign-off: after "С уважением, …" the
    # signature cut would drop it.
    return f"{strip_signature(own)}\n{_strip_quotes(body)}"


_SUPPORT_SENDER = re.compile(r"support|поддержк|yucrm|helpdesk|noreply|no-reply", re.IGNORECASE)


# A chat line with its speaker: "10:05 Мы: …", "[10:40] Поддержка: …", "Мы: …".
_SPEAKER = re.compile(
    r"^\s*(?:\[?\d{1,2}[:.]\d{2}(?::\d{2})?\]?\s+[^:\n]{1,40}?|мы|я|поддержка|support|we|us)\s*:\s",
    re.IGNORECASE,
)


def _customer_mails(lines: list[str], unknown_sender: bool = False) -> list[str]:
    """The quoted mails (or chat lines) that start with a "From:"/"От:" line (a speaker)
    naming someone other than support; lines before the first such header (whose sender is
    unknown) are kept only with ``unknown_sender``."""
    kept: list[str] = []
    keep = unknown_sender
    for line in lines:
        if _HEADER_FROM.match(line):
            keep = _SUPPORT_SENDER.search(line) is None
        elif speaker := _SPEAKER.match(line):
            keep = _SUPPORT_SENDER.search(speaker.group(0)) is None
        if keep:
            kept.append(line)
    return kept


def _with_forwarded_mail(note: list[str], block: list[str]) -> list[str]:
    """The note's lines, then the forwarded mail of ``block`` without its header block; the
    mail goes above the note's sign-off, as in strip_quotes, because the signature cut would
    drop a mail below "С уважением, …". The note alone when the mail is empty."""
    top = _header_end(block)
    mail = "\n".join(block[top:]).strip()
    if not mail:
        return note
    # A forward of a forward ("Тема: Fwd: …" in its header) is read as one.
    nested = is_forward_subject(_header_subject(block[:top]))
    text = "\n".join(note).strip()
    kept = [strip_signature(text)] if text else []
    kept.append(strip_quotes(mail, forwarded=nested))
    return kept


def _strip_quotes(text: str, forwarded: bool = False) -> str:
    low = lowered(text)
    if not _any_in(_QUOTE_HINTS, low):
        return text.strip()
    lines = text.splitlines()
    kept: list[str] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        if _CUT_MARKERS.match(line):
            # Under a "FW:" subject an Outlook "Original Message" is the forwarded mail too.
            marks_forward = bool(_FORWARD.search(line)) or (
                forwarded and _ORIGINAL.search(line) is not None
            )
            if marks_forward and _note_forwards(kept, lines[i + 1 :]):
                # The forwarded mail runs to the end, or to a closing line of dashes with the
                # customer's own words below it ("Пересылаю вам сообщение дежурного. …").
                resume = _after_inline_original(lines, i)
                end = len(lines) if resume is None else resume - 1
                kept = _with_forwarded_mail(kept, lines[i + 1 : end])
                if resume is None:
                    break
                i = resume
                continue
            resume = _after_inline_original(lines, i) if _ORIGINAL.search(line) else None
            if resume is None:
                break
            i = resume  # the earlier mail was pasted in the middle; the new words follow it
            continue
        if _HEADER_FROM.match(line) and any(
            _HEADER_NEXT.match(nxt) for nxt in lines[i + 1 : i + 5]
        ):
            if _header_block_forwarded(kept, lines[i:], forwarded):
                # A forward without a marker line ("FW: …" over "От: … Отправлено: …", or
                # "Передаю сообщение от отдела продаж"): the mail below the header block is
                # what the customer reports.
                kept = _with_forwarded_mail(kept, lines[i:])
            break
        # Both "wrote" regexes end in ":" and blanks, and their ".{0,80}" / ".*\d.*"
        # backtrack over the whole line: one endswith() spares them every other line.
        says = line.strip().endswith(":")
        if says and _WROTE_ANY.match(line.strip()) and _next_is_quote(lines, i):
            i += 1  # "Иван пишет:" introducing "> " lines: the header goes, the lines below
            continue
        if says and _WROTE_LINE.match(line.strip()):
            # Bottom-posting keeps the reply below "> " lines, which are dropped one by one;
            # top-posting without ">" means everything below is the old mail.
            rest = [r for r in lines[i + 1 :] if r.strip()]
            if rest and not _QUOTE_LINE.match(rest[0]):
                break
            i += 1
            continue
        if not _QUOTE_LINE.match(line):
            kept.append(line)
        i += 1
    body = "\n".join(kept).strip()
    if not body:
        # A message that is nothing but a quote still has to be classified by something.
        return "\n".join(_QUOTE_LINE.sub("", ln) for ln in lines).strip()
    return body


# --- signatures and disclaimers ---------------------------------------------------------------

_SIGNOFF_RE = (
    r"(?:^|(?<=[.!?…)\s]))\s*(?:с\s+уважением|с\s+наилучшими\s+пожеланиями|всего\s+доброго|"
    r"хорошего\s+дня|best\s+regards|kind\s+regards|warm\s+regards|regards,|"
    r"with\s+regards|sincerely,|cheers,|с\s+ув\.)"
)
# Compiled as rxprefix rewrites it (same matches): opening with a case-sensitive class of
# the whitespace and first letters it may start with, so that its search over a body skips
# to them (~9 k instructions a message less).
_SIGNOFF = re.compile(first_char_rewrite([_SIGNOFF_RE], re.IGNORECASE)[0], re.IGNORECASE)
_SENT_FROM = re.compile(
    r"^\s*(?:sent\s+from\s+my\b|отправлено\s+(?:с|из)\b|get\s+outlook\s+for\b|"
    r"отправлено\s+с\s+моего\b|sent\s+from\s+(?:mail|yahoo|outlook)\b).*$",
    re.IGNORECASE | re.MULTILINE,
)
_DASHES = re.compile(r"^\s*(?:--|—|–)\s*$")
# Fragments without which each marker cannot occur: plain `in` tests, cheaper than a regex.
_SENT_HINTS = ("sent", "отправлено", "outlook")
_DISCLAIMER_HINTS = (
    "конфиденциальн", "confidential", "disclaimer", "предназначен", "по ошибке", "intended",
    "in error",
)  # fmt: skip
_SIGNOFF_HINTS = (
    "уважением", "пожеланиями", "доброго", "хорошего", "regards", "sincerely", "cheers", "с ув.",
)  # fmt: skip


class _LastTwo:
    """``of(text)`` remembered for the last two texts. One message's text is lower-cased and
    split by several steps (the credential scan, the quote and signature cuts, fold, abuse),
    most often as the very same object (nothing was masked, quoted or signed), so texts are
    compared by identity (a held reference, so no other string can reuse the id), and
    then by value. The memo is one tuple, swapped whole, so that threads never see a text
    with another's result."""

    __slots__ = ("_memo", "_of")

    def __init__(self, of: Callable[[str], Any]) -> None:
        self._of = of
        empty = of("")
        self._memo: tuple[str, Any, str, Any] = ("", empty, "", empty)

    def __call__(self, text: str) -> Any:
        memo = self._memo
        if text is memo[0]:
            return memo[1]
        if text is memo[2]:
            return memo[3]
        # A step that rebuilt a text unchanged hands over an equal one (a third of the
        # misses): the same value. Compared only after identity fails, and a string of
        # another length is told apart at once.
        if text == memo[0]:
            return memo[1]
        if text == memo[2]:
            return memo[3]
        value = self._of(text)
        if len(text) <= _MEMO_MAX_CHARS:
            self._memo = (text, value, memo[0], memo[1])
        return value


_MEMO_MAX_CHARS = 100_000
_lowered = _LastTwo(str.lower)
_split = _LastTwo(str.split)


def lowered(text: str) -> str:
    """``text.lower()``, remembered for the last two texts."""
    low: str = _lowered(text)
    return low


def split_chunks(text: str) -> list[str]:
    """``text.split()``, remembered for the last two texts. The list is shared: callers
    only read it."""
    chunks: list[str] = _split(text)
    return chunks


def _any_in(hints: tuple[str, ...], text: str) -> bool:
    # A plain loop: any() over a generator costs twice as much for a handful of hints.
    for hint in hints:  # noqa: SIM110
        if hint in text:
            return True
    return False


def holds_needed(text: str, needed: tuple[str, ...]) -> bool:
    """Whether ``text`` holds a character of every set of ``needed`` (rxneeds.needed_chars:
    without them a regex cannot match)."""
    for chars in needed:
        for ch in chars:
            if ch in text:
                break
        else:
            return False
    return True


_DISCLAIMER = re.compile(
    r"(?:это\s+(?:электронное\s+)?(?:сообщение|письмо)[^\n]{0,80}конфиденциальн|"
    r"конфиденциальн[а-я]*\s+информаци[а-я]*[^\n]{0,40}(?:предназначен|адресат)|"
    r"this\s+e-?mail[^\n]{0,80}confidential|the\s+information\s+(?:contained|in\s+this)"
    r"[^\n]{0,80}confidential|disclaimer\s*:)",
    re.IGNORECASE,
)
# The legal sense of a footer, wherever in its paragraph it is said: "meant only for the
# addressee", "if you received it by mistake", "confidential … not to be copied". Cut from
# the start of that line, and only when the footer is the message's tail.
_DISCLAIMER_LINE = re.compile(
    r"^[^\n]*?(?:предназначен\w*\s+(?:исключительно\s+|только\s+)?для\s+(?:\w+\s+){0,2}"
    r"(?:адресат|получател)"
    r"|получил\w*\s+(?:\w+\s+){0,3}по\s+ошибке|получено\s+(?:\w+\s+){0,2}по\s+ошибке"
    r"|(?:сообщени|письм|информаци)\w*[^\n]{0,80}конфиденциальн\w*[^\n]{0,80}"
    r"(?:адресат|получател|копирован|распространен|тайн)"
    r"|intended\s+(?:solely\s+|only\s+)?for\s+(?:\w+\s+){0,3}(?:addressee|recipient|individual)"
    r"|received\s+(?:\w+\s+){0,3}in\s+error)",
    re.IGNORECASE | re.MULTILINE,
)
DISCLAIMER_WORDS = 120
# Lines that typically close a signature block: phones, company forms, titles, e-mail, site.
_SIG_LINE = re.compile(
    r"^\s*(?:(?:тел|моб|phone|tel|mob|факс|fax|whatsapp|telegram|тг)\.?\s*[:.]?\s*[+\d(]"
    r"|\+?[78][\s(-]*\d{3}[\s)-]*\d{3}[\s-]*\d{2}[\s-]*\d{2}\s*$"
    r"|(?:ооо|оао|зао|пао|ао|ип|llc|ltd|inc)\b[\s«\"']"
    r"|(?:www\.|https?://)\S+\s*$"
    r"|[\w.+-]+@[\w-]+\.[\w.]+\s*$"
    r"|(?:генеральный\s+|коммерческий\s+|исполнительный\s+|финансовый\s+)?"
    r"(?:директор|менеджер|руководитель|бухгалтер|администратор|специалист|инженер"
    r"|аналитик|ceo|cto|head\s+of|manager)\b[^.!?]{0,60}$)",
    re.IGNORECASE,
)
# A lone name line: "Иван", "Иван Петров", "Петров И.И." (one to three capitalised words).
_NAME_LINE = re.compile(
    r"^\s*[A-ZА-ЯЁ][a-zа-яё]+(?:\s+[A-ZА-ЯЁ][a-zа-яё]*\.?){0,2}(?:\s+[A-ZА-ЯЁ]\.\s*"
    r"(?:[A-ZА-ЯЁ]\.)?)?\s*$"
)


# A signature after a sign-off: a name, a title, a company, phones - a few lines.
SIGNATURE_WORDS = 40


def _closes(before: str, after: str) -> bool:
    """Whether a sign-off found between ``before`` and ``after`` closes the message: there
    are words before it, and what follows is no longer than a signature or than the
    message itself. "Коллеги, с уважением от отдела снабжения. Подскажите, …" opens one."""
    if not before.strip():
        return False
    words_after = len(after.split())
    return words_after <= SIGNATURE_WORDS or words_after <= len(before.split())


def strip_signature(text: str) -> str:
    """Remove the sign-off and what follows it, device footers, disclaimers and a trailing
    block of phone/company/name lines. Conservative: never empties the message."""
    low = lowered(text)
    # Each marker is looked for only when a cheap substring test says it may be there.
    body = _SENT_FROM.sub("", text) if _any_in(_SENT_HINTS, low) else text
    if "--" in body or "—" in body or "–" in body:
        lines = body.splitlines()
        for idx, line in enumerate(lines):
            if _DASHES.match(line) and idx > 0:
                body = "\n".join(lines[:idx])
                break
    if _any_in(_DISCLAIMER_HINTS, low):
        m = _DISCLAIMER.search(body)
        if m and m.start() > 0:
            body = body[: m.start()]
        m = _DISCLAIMER_LINE.search(body)
        if m and m.start() > 0 and len(body[m.start() :].split()) <= DISCLAIMER_WORDS:
            body = body[: m.start()]
    if _any_in(_SIGNOFF_HINTS, low):
        for m in _SIGNOFF.finditer(body):
            if _closes(body[: m.start()], body[m.end() :]):
                body = body[: m.start()]
                break
    lines = body.rstrip().splitlines()
    # Trailing signature lines without a sign-off: peel at most five of them, bottom up.
    peeled = 0
    while len(lines) > 1 and peeled < 5:
        last = lines[-1].strip()
        if not last:
            lines.pop()
            continue
        if _SIG_LINE.match(last) or (_NAME_LINE.match(last) and len(last) < 40):
            lines.pop()
            peeled += 1
            continue
        break
    result = "\n".join(lines).strip()
    return result or text.strip()


# --- folding ----------------------------------------------------------------------------------

# Latin letters that look like Cyrillic ones. Applied only inside words that also contain
# Cyrillic letters, so English words and identifiers stay as they are.
_LOOKALIKE = str.maketrans(
    {
        "a": "а",
        "A": "А",
        "c": "с",
        "C": "С",
        "e": "е",
        "E": "Е",
        "o": "о",
        "O": "О",
        "p": "р",
        "P": "Р",
        "x": "х",
        "X": "Х",
        "y": "у",
        "Y": "У",
        "k": "к",
        "K": "К",
        "m": "м",
        "M": "М",
        "t": "т",
        "T": "Т",
        "H": "Н",
        "B": "В",
        "u": "и",
        "n": "п",
        "b": "ь",
    }
)
# A Latin and a Cyrillic letter side by side: the only case where folding has work to do.
# Checked first because almost no message has one. The search starts from the Latin letter
# (rare in Russian text), so the regex engine skips Cyrillic runs without trying each one.
_MIXED_PAIR = re.compile(r"[a-zA-Z](?:(?<=[а-яёА-ЯЁ].)|(?=[а-яёА-ЯЁ]))")
_LETTER_RUN = re.compile(r"[^\W\d_]+")


def _byte_kinds() -> bytes:
    """A bytes.translate table for UTF-8: ASCII Latin letters "L", 0xD0 and 0xD1 (the lead
    bytes of а-я, А-Я, ё, Ё) "C", every other byte " "."""
    table = bytearray(b" " * 256)
    for letter in b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ":
        table[letter] = ord("L")
    table[0xD0] = table[0xD1] = ord("C")
    return bytes(table)


_BYTE_KINDS = _byte_kinds()
_CONTINUATION = bytes(range(0x80, 0xC0))  # UTF-8 bytes that continue a character


def has_mixed_words(text: str) -> bool:
    """True when a Latin letter touches a Cyrillic one somewhere in ``text``. The pipeline
    asks once per message and passes the answer on: cutting quotes or masking secrets never
    creates such a pair, so every later fold of the same message can skip the search."""
    if text.isascii():  # no Cyrillic letter at all (a flag of the string: no scan)
        return False
    # A cheap necessary test first (C loops over the UTF-8 bytes, a few instructions a
    # character, where the regex costs ~150 at every Latin letter): with continuation bytes
    # dropped, one byte a character, a Latin letter ("L") beside the lead byte of a
    # two-byte Cyrillic letter ("C").
    # (find(), not "in": bytes' "in" first tries its argument as an int and clears the error.)
    kinds = text.encode("utf-8", "surrogatepass").translate(_BYTE_KINDS, _CONTINUATION)
    if kinds.find(b"LC") < 0 and kinds.find(b"CL") < 0:
        return False
    return _MIXED_PAIR.search(text) is not None


def fold_lookalikes(text: str, mixed: bool | None = None) -> str:
    """Replace Latin look-alike letters in words that are otherwise Cyrillic.

    Letters are mapped one to one, so offsets into the result are offsets into ``text``.
    ``mixed=False`` says the caller already knows no word mixes the scripts."""
    if mixed is False or (mixed is None and not _MIXED_PAIR.search(text)):
        return text

    def _fix(m: re.Match[str]) -> str:
        word = m.group(0)
        if not _MIXED_PAIR.search(word):
            return word
        cyr = sum(1 for ch in word if "а" <= ch.lower() <= "я" or ch in "ёЁ")
        # "YUcrm-овский" or "CRMка" are Latin words with a Russian ending, not disguises;
        # only fold when Cyrillic letters are at least as many as Latin ones.
        if cyr * 2 < len(word):
            return word
        return word.translate(_LOOKALIKE)

    return _LETTER_RUN.sub(_fix, text)


def lookalikes_to_cyrillic(word: str) -> str:
    """Every Latin look-alike of ``word`` as its Cyrillic letter, whatever the ratio of the
    scripts: "cyкa" (three Latin letters, one Cyrillic) reads "сука". For judging one word
    that mixes the scripts (abuse), not for folding text: "CRMка" must stay a Latin word."""
    return word.translate(_LOOKALIKE)


def fold_masked_word(word: str) -> str:
    """Latin look-alikes in one word that mask characters cut into letter runs ("e**ный":
    a Latin "e" alone before the mask): folded when the word's Cyrillic letters are at least
    as many as its Latin ones, as fold_lookalikes does for a whole run."""
    cyr = lat = 0
    for ch in word:
        if "а" <= ch.lower() <= "я" or ch in "ёЁ":
            cyr += 1
        elif "a" <= ch.lower() <= "z":
            lat += 1
    return word.translate(_LOOKALIKE) if cyr and lat and cyr >= lat else word


_REPEATED_PUNCT = re.compile(r"([!?.,;:*=\-_~])\1+")
_MIXED_PUNCT = re.compile(r"[!?]{2,}")
_STRETCHED = re.compile(r"([а-яa-z])\1{2,}")
# People stretch vowels ("помогииите", "пожаааалуйста"); a cheap test before the regex:
# a vowel three times in a row ("иии", "ааа", ...). Fourteen substring tests (C fastsearch)
# cost a fraction of one regex scan (~150 instructions a character of Cyrillic text) and
# find exactly what ([аеиоуыэюяaeiou])\1\1 would.
_TRIPLE_VOWELS = tuple(v * 3 for v in "аеиоуыэюяaeiou")


def _one_punct(m: re.Match[str]) -> str:
    return "…" if m.group(1) == "." else m.group(1)


def fold(text: str, mixed: bool | None = None, punctuation: bool = True) -> str:
    """Case, ё/е, look-alikes, repeated punctuation and stretched letters ("помогииите").
    ``mixed``: see fold_lookalikes. ``punctuation=False`` leaves runs of punctuation as they
    are: the pipeline reads words, and "!!!" ends a sentence as "!" does."""
    text = lowered(fold_lookalikes(text, mixed)).replace("ё", "е")
    if punctuation:
        if "!?" in text or "?!" in text or "??" in text:
            text = _MIXED_PUNCT.sub(lambda m: "?" if "?" in m.group(0) else "!", text)
        text = _REPEATED_PUNCT.sub(_one_punct, text)
    if _any_in(_TRIPLE_VOWELS, text):
        text = _STRETCHED.sub(r"\1", text)
    return text


# --- tokens -----------------------------------------------------------------------------------

# Dots and hyphens inside a word keep it whole ("reg.ru", "1.5", "сайт-визитка"): only a dot
# followed by a space or the end of the text ends a sentence. The letters of Ukrainian,
# Belarusian and Kazakh Cyrillic (і ї є ґ, ў, ә ғ қ ң ө ұ ү һ) are letters too: customers
# write in them or mix them into Russian, and "нікому" or "співробітників" must stay one word,
# not fall apart into "н", "кому" (lemmas.py reads such a word through its Russian letters).
_WORD = re.compile(r"[а-яa-z0-9_іїєґўәғқңөұүһ]+(?:[-'.][а-яa-z0-9_іїєґўәғқңөұүһ]+)*|[.!?…\n;]")
_SENTENCE_END = frozenset(".!?…\n;")
# The same regex for the pipeline's one pass (pipeline.read), which needs only the strings.
find_words = _WORD.findall
SENTENCE_END = _SENTENCE_END


class Token(NamedTuple):
    """A word of the folded text (a NamedTuple: messages have hundreds, it is cheap)."""

    text: str  # folded surface form
    start: int  # offsets into the folded text, for evidence spans
    end: int
    sentence: int  # patterns never match across sentences


def tokenize(folded: str) -> list[Token]:
    """Words of a folded text with their sentence index; punctuation only splits sentences."""
    tokens: list[Token] = []
    sentence = 0
    new = tuple.__new__  # NamedTuple's own __new__ is a Python call per word: skip it
    for m in _WORD.finditer(folded):
        tok = m.group(0)
        if tok in _SENTENCE_END:
            # "3.2" or "v1.5" never reach here: the word regex keeps digits together.
            sentence += 1
            continue
        start, end = m.span()
        tokens.append(new(Token, (tok, start, end, sentence)))
    return tokens


# Quotation marks. «» nest; the straight and curly ones open and close alike (“ok”, „ok“).
_QUOTE_OPEN = "«"
_QUOTE_CLOSE = "»"
_QUOTE_TOGGLE = frozenset('"“”„')
_QUOTE_MAX_WORDS = 25  # an unclosed quote mark must not make the rest of a letter quoted


def quoted_words(folded: str) -> list[bool]:
    """For each item of ``find_words(folded)``: is it inside quotation marks? A quotation
    ends at a line break, and one left open there (or at the end), or longer than 25
    words, was a stray mark, not a quote.
    Someone else's words («сказали "у провайдера проблема"») are not the writer's claim."""
    out: list[bool] = []
    depth = 0
    toggled = False
    opened_at = 0
    pos = 0
    for m in _WORD.finditer(folded):
        for ch in folded[pos : m.start()]:
            if ch == _QUOTE_OPEN:
                if not depth and not toggled:
                    opened_at = len(out)
                depth += 1
            elif ch == _QUOTE_CLOSE:
                depth = max(depth - 1, 0)
            elif ch in _QUOTE_TOGGLE:
                if not depth and not toggled:
                    opened_at = len(out)
                toggled = not toggled
        pos = m.end()
        inside = depth > 0 or toggled
        if m.group(0) == "\n" or (inside and len(out) - opened_at >= _QUOTE_MAX_WORDS):
            if inside:
                for i in range(opened_at, len(out)):
                    out[i] = False
            depth, toggled, inside = 0, False, False
        out.append(inside)
    if depth or toggled:  # never closed: a stray mark
        for i in range(opened_at, len(out)):
            out[i] = False
    return out


_SUBJECT_PREFIX = re.compile(
    r"^\s*(?:(?:re|fw|fwd|ответ|отв|пересл|аw|sv)\s*(?:\[\d+\])?\s*:\s*)+", re.IGNORECASE
)
_TICKET_TAG = re.compile(r"\[?\bYU-\d{4}-\d{6}\b\]?", re.IGNORECASE)


def clean_subject(subject: str | None) -> str:
    """Subject without "Re:/Fwd:" chains and ticket tags; empty when nothing is left."""
    if not subject:
        return ""
    s = _SUBJECT_PREFIX.sub("", subject)
    if "-" in s:  # a ticket tag has hyphens; most subjects have none, and skip the regex
        s = _TICKET_TAG.sub("", s)
    return s.strip(" -:[]()")


def is_reply_subject(subject: str | None) -> bool:
    """ "Re:" / "Fwd:" / "Ответ:": the subject names the earlier thread, not the new request."""
    if not subject:
        return False
    return _SUBJECT_PREFIX.match(subject) is not None
