"""Find secrets in a customer's text (S-CRED-1) and mask them.

Detection runs on the ORIGINAL text, before quotes and signatures are cut, because a password
may well sit in a line that looks like a signature ("Логин: ivanov, пароль: Vesna2026").
Spans are offsets into that original text, so the vault can encrypt exactly those characters.

Detectors are data (rules/credentials.yaml); this module compiles them and holds the value
checks that keep "пароль не подходит" or "токен истёк" from counting as secrets.

Speed: most messages carry no secret, so the negative path must be cheap. Every detector
names `hints` - word fragments without which its regex cannot match - and only detectors whose
fragments the text holds run; which fragments a text holds is cached per whitespace-separated
chunk (see _hint_index), so a message of known chunks costs a split and a set test. Results
are cached per text for a short while, because the intake asks about the same subject and
text again (vault.py) right after classify() did.

Overlaps: two detectors may see one secret differently ("пароль: Qwe!2345zX\napikey=yu_live_…"
is a password running into a token). A later match that only repeats characters already found
adds nothing and is skipped; one that reaches beyond them is kept, and find_credentials() and
mask_spans() merge overlapping or touching spans, so every character of every secret is masked.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass
from functools import lru_cache
from itertools import pairwise
from typing import Any

from yudesk.errors import ConfigurationError
from yudesk.triage.normalize import fold_lookalikes, holds_needed, lowered, split_chunks
from yudesk.triage.result import CredentialSpan
from yudesk.triage.ruledata import RULES_DIR, read_yaml
from yudesk.triage.rxneeds import needed_chars
from yudesk.triage.rxopenings import RARE_CASE_CHARS, openings
from yudesk.triage.rxprefix import first_char_rewrite

RULES_FILE = RULES_DIR / "credentials.yaml"

# Masks tried in order; the first that shares no character with the secret is used, so a
# mask can never give away a character of what it hides (a password may contain "*").
_MASKS = ("***", "•••", "###", "~~~", "^^^", "%%%")


def _wordset(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Words that follow a key word in ordinary sentences, never passwords themselves.
_NOT_A_VALUE = _wordset(
    """
    reset expired change changed forgot forgotten incorrect invalid wrong field policy
    manager recovery required doesnt does not isnt is was the a an for from of to in on and
    or with protected protection hash hashed length strength mandatory empty null none
    undefined true false yes no ok тот password passwords пароль login логин pass pwd user
    username token токен secret
    """
)
# Brand and product names written with an inner capital, which the "strong" check would take
# for mixed case: "Пароль от аккаунта WhatsApp Business никто не менял" names the account.
_BRANDS = _wordset(
    """
    whatsapp youtube iphone ipad imac macbook macos ios paypal linkedin teamviewer anydesk
    rustdesk gitlab github bitbucket tiktok facebook instagram openai chatgpt onedrive
    sharepoint dropbox icloud mailchimp sendpulse unisender wordpress woocommerce opencart
    moysklad yookassa cloudpayments hubspot bitrix24 amocrm yucrm mikrotik keenetic
    freepbx filezilla phpmyadmin cpanel ispmanager sipuni wazzup greenapi openid oauth graphql
    javascript typescript postgresql mysql mongodb
    """
)
# "yu_live_XXXXXXXXXXXX", "0000000000": a key's shape filled with one character, as
# documentation shows it; "<пароль приложения>": a field to fill in.
_PLACEHOLDER = re.compile(
    r"^[\W_]*$|^[*xх•#.]{3,}$|^<|^.*>$|^\[.*\]$|^\{.*\}$|^\(.*\)$"
    r"|^(?:[a-z]+_){0,3}(\w)\1{5,}$",
    re.I,
)
_OPENING_QUOTES = "«\"'(“„"
_CYRILLIC_WORD = re.compile(r"^[а-яё-]+[.,!?…]*$", re.IGNORECASE)
# "Пароль SIP-учётки сбрасывали": an acronym joined to a Russian word names what the password
# is for ("API-ключа", "CRM-системы"), not its value.
_ACRONYM_WORD = re.compile(r"^[A-Za-z0-9]{1,8}-[а-яё]+[.,!?…]*$", re.IGNORECASE)
_HAS_DIGIT = re.compile(r"\d")
_HAS_SYMBOL = re.compile(r"[^\w\s]|_")
_HAS_LOWER = re.compile(r"[a-zа-яё]")
_HAS_UPPER = re.compile(r"[A-ZА-ЯЁ]")
_LATIN_LOWER_RUN = re.compile(r"[a-z]{12,}")
_VOWELS = frozenset("aeiouy")
_HAS_LETTER = re.compile(r"[^\W\d_]")
# "!" is kept: passwords end with it far more often than sentences after a password do.
_TRAILING_PUNCT = re.compile(r"[.,?…:;)»\"']+$")
_HEXISH = re.compile(r"^[0-9a-fA-F-]+$")
_CYRILLIC_ANY = re.compile(r"[а-яё]", re.IGNORECASE)
# smtp.yandex.ru, mx1.firm.co, 10.8.0.15: a host typed into a settings field, not a secret.
_HOSTLIKE = re.compile(
    r"^(?:[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,6}|\d{1,3}(?:\.\d{1,3}){3})$", re.IGNORECASE
)
_PW_SYMBOL = re.compile(r"[!@#$%^&*+=?~]")
_LATIN_LOWER = re.compile(r"[a-z]")
_LATIN_UPPER = re.compile(r"[A-Z]")
_PHONE = re.compile(r"^\+?[\d()\s-]{7,}$")
# Four-letter English words: four of them in a row are a sentence, not an app password.
_COMMON_FOUR = _wordset(
    """
    that this with from have been will your what when they them then than here there were
    sent mail also just only some more most such into over each very make like time does
    done dont cant wont said same both back down even ever good know need send want work
    call user name code mode form page site test data file link text note help list
    """
)
_TICKET_ID = re.compile(r"^YU-\d{4}-\d{6}$", re.IGNORECASE)
# What the password is for, not the password: a file type ("пароль к файлу .mdb") or a
# link to a page ("пароль на файл не ставили: figma.com/file/Ab12/landing").
_FILE_TYPE = re.compile(r"^\.[a-z]{2,5}$")
# Capital letters joined by hyphens ("NIC-D" in "договор 123456/NIC-D", "CRM-API"): a code or
# a name; a password of capitals and hyphens alone, with no digit, is not what people choose.
_CAPITAL_CODE = re.compile(r"^[A-ZА-ЯЁ]+(?:-[A-ZА-ЯЁ]+)+$")
_LINK = re.compile(r"^(?:https?://|www\.|[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,6}/)", re.IGNORECASE)
# A template's stand-in rather than a value: "ваш_пароль", "YOUR_API_KEY", "new-password";
# with a digit after the prefix ("MY_22222", "my_pass2024") it is a password someone chose.
# Matched from the value's start; "..._here" is searched apart, where re skips to the "_"
# (one search of the whole alternation tried every position of the value).
_TEMPLATE_VALUE = re.compile(
    r"(?:ваш|твой|мой|новый|your|my|new|the|enter|insert)[_-][^\d\s]*$"
    r"|[а-яё]+(?:_[а-яё]+)+$"
    r"|\$\{?\w+\}?$|%\w+%$",  # ${AMI_SECRET}, $YU_TOKEN, %DB_PASS%: filled in later
    re.IGNORECASE,
)
_TEMPLATE_END = re.compile(r"_here$", re.IGNORECASE)
# A setting ("NAME=value") where the value of a key word was expected: its own name says
# whether it holds a secret, and then the value after "=" is judged.
_ASSIGNMENT = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*=[^=\s]")
_SECRET_NAME = re.compile(r"key|token|secret|pass|pwd|salt|api|auth", re.IGNORECASE)
# A value cut short and resumed after an ellipsis: a key shown by its two ends.
_TRUNCATED = re.compile(r"(?:…|\.{2,3})[A-Za-z0-9]")
# "Пароль от кабинета ЮKassa пришлю отдельно": the word after the key word names what the
# password belongs to, and the password itself is promised for later.
_SENT_LATER = re.compile(
    r"\s+(?:пришлю|пришлём|пришлем|вышлю|вышлем|отправлю|отправим|передам|передадим|скину|"
    r"скинем|сообщу|сообщим|продиктую|продиктуем|дам|дадим|will\s+send|will\s+share|"
    r"to\s+follow)\b",
    re.IGNORECASE,
)
# An identifier with a type prefix ("dlv_01JC9X4G7R2S8TQ1ZP6MWA3E5B", "ord_7F3K…"): the
# prefix is lower case, the rest one case only; machine-made, but an ID, not a secret.
# A file or report name ("Report_Q1_2026"): words joined by two or more underscores.
_EMAIL = re.compile(r"^[\w.+-]+@[\w-]+(?:\.[\w-]+)+$")
_CHOSEN_SYMBOL = re.compile(r"[^\w\s-]|_")
# An ellipsis between the kept ends of a key; not "…&name=...&phone=..." after a value.
_ELIDED = re.compile(r"\w(?:…|\.{2,3})\w")
_NAME_LIKE = re.compile(r"^[A-Za-z]+(?:_[A-Za-z0-9]+){2,}$")
_PREFIXED_ID = re.compile(r"^[a-z]{2,6}_(?:[A-Z0-9]+|[a-z0-9]+)$")
# A vendor token's prefix with only a few characters after it ("yu_live_3f9a"): a piece of a
# key quoted to ask about it, which opens nothing (a real one has 16 and more).
# Only for values read as tokens: a chosen password may look alike ("Mcrscp_test_31").
_TOKEN_FRAGMENT = re.compile(r"^(?:[a-z]{2,6}_)?(?:live|test|prod)_[A-Za-z0-9]{0,7}$")


@dataclass(frozen=True, slots=True)
class Detector:
    id: str
    kind: str
    validate: str
    regex: re.Pattern[str]
    examples: tuple[str, ...]
    counter: tuple[str, ...]
    # Groups of lower-case fragments: from every group one fragment must occur, else the
    # detector is skipped. A fragment starting with "^" must start a word ("^ключ" is not
    # woken by "подключить").
    hints: tuple[tuple[str, ...], ...] = ()
    # A detector without key words (a long random string) names instead the shape its
    # match must have, as a regex over the lower-cased text: it runs only where that occurs.
    shape: re.Pattern[str] | None = None
    # Characters the regex cannot match without ("=" or ":" after "DB_PASS", an "@"), which
    # its hints do not name: where the text lacks them, no search (rxneeds).
    needs: tuple[str, ...] = ()
    # Lower-cased strings one of which every match starts with ("пар", "pas", ...), or
    # ends the run of word characters it starts with ("DB_PASS"): the regex is tried only
    # where the text holds one (rxopenings, _starts); None: the whole text is searched.
    openings: tuple[str, ...] | None = None
    run_openings: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Finding:
    """One detector match: its secret spans and the key-word region it was found in."""

    detector: Detector
    spans: tuple[CredentialSpan, ...]
    start: int
    end: int


def _random_letters(value: str) -> bool:
    """Twelve or more lowercase Latin letters with few vowels: an app password such as
    Yandex's or Google's 16 letters ("ydxqpmtnzlwkfrae"), not a word (English and
    transliterated Russian words of that length are a third vowels or more)."""
    if _LATIN_LOWER_RUN.fullmatch(value) is None:
        return False
    return sum(ch in _VOWELS for ch in value) * 10 < len(value) * 3


def _alphabet_run(group: str) -> bool:
    """Letters in alphabet order, each the next one ("abcd", "mnop")."""
    return len(group) > 1 and all(ord(b) - ord(a) == 1 for a, b in pairwise(group))


def _password_shaped(value: str) -> bool:
    """A digit, a lower- and an upper-case Latin letter and a symbol: what "pwshape" needs."""
    return (
        bool(_HAS_DIGIT.search(value))
        and bool(_LATIN_LOWER.search(value))
        and bool(_LATIN_UPPER.search(value))
        and bool(_PW_SYMBOL.search(value))
    )


def _plausible(value: str, mode: str) -> bool:
    if mode == "any":
        return True
    if mode == "pwshape" and "=" not in value and not _password_shaped(value):
        # Most "pwshape" values (cred.password_shaped: any 8+ Latin letters or digits in a
        # text about passwords) lack this shape: rejected before the ten or so checks below
        # (a regex call each), which could only reject them too. A value with "=" may be a
        # setting whose assigned part is judged instead (_ASSIGNMENT).
        return False
    low = value.lower()
    if low in _NOT_A_VALUE or low in _BRANDS:
        return False
    if _PLACEHOLDER.match(value) or _TICKET_ID.match(value):
        return False
    if _TEMPLATE_VALUE.match(value) or _TEMPLATE_END.search(value):
        return False
    if _FILE_TYPE.match(value) or _LINK.match(value):
        return False
    if _ASSIGNMENT.match(value):
        # "ключ: key=ais_8F3k…" is the key; "YUCRM_TIMEOUT=15" below "YU_TOKEN" is the next
        # setting, whose name says it holds no secret.
        name, assigned = value.split("=", 1)
        return _SECRET_NAME.search(name) is not None and _plausible(assigned, mode)
    if mode == "token" and _TOKEN_FRAGMENT.match(value):
        return False
    if "***" in value or "•••" in value:
        return False  # a masked key ("yu_live_****a7c2"): what is left of it opens nothing
    if ("…" in value or ".." in value) and _ELIDED.search(value):
        return False  # an elided key ("yu_live_…b19e"): what is left of it opens nothing
    bare = value.lstrip(_OPENING_QUOTES)
    if _CYRILLIC_WORD.match(bare) or _ACRONYM_WORD.match(bare):
        # "пароль: неверный", "логин и пароль", 'пароль «для проверки»': a word of the
        # sentence, not a secret.
        return False
    if mode == "value":
        return len(value) >= 3 and bool(re.search(r"\w", value))
    if value[0] in _OPENING_QUOTES and value[1:].isalpha():
        # '… пароля появляется страница «Internal Server Error»': a quoted word of the
        # sentence; its opening quote is no symbol of a password.
        return False
    # An inner capital counts as mixed case, a capitalised word ("Звонки") does not.
    inner_upper = bool(_HAS_UPPER.search(value[1:]))
    strong = bool(
        _HAS_DIGIT.search(value)
        or _HAS_SYMBOL.search(value)
        or (_HAS_LOWER.search(value) and inner_upper)
        or _random_letters(value)
    )
    if mode == "strong":
        return (
            strong
            and len(value) >= 4
            and not _CAPITAL_CODE.match(value)
            and not _PHONE.match(value)
            and "://" not in value
            and not _HOSTLIKE.match(value)
            and not _EMAIL.match(value)
        )
    if mode == "token":
        letters = bool(_HAS_LETTER.search(value))
        digits = bool(_HAS_DIGIT.search(value))
        mixed_case = bool(_HAS_LOWER.search(value) and _HAS_UPPER.search(value))
        return len(value) >= 12 and letters and (digits or (mixed_case and len(value) >= 20))
    if mode == "entered":
        # A value typed in, with no key word: Latin letters, digits, symbols; not a host,
        # e-mail, URL, number or placeholder word.
        if len(value) < 8 or _CYRILLIC_ANY.search(value) or value.isdigit():
            return False
        if "@" in value or "://" in value or _HOSTLIKE.match(value):
            return False
        return strong or len(value) >= 12
    if mode == "keyish":
        # The key names a secret; the value must still look machine-made or chosen: a
        # letter and a digit or a symbol such as "!" ("created_at" or "deals" are not).
        return _random_letters(value) or (
            len(value) >= 6
            and bool(_HAS_LETTER.search(value))
            and bool(_HAS_DIGIT.search(value) or _PW_SYMBOL.search(value))
        )
    if mode == "chosen":
        # No key word right before it: a value someone chose as a password mixes at least
        # three kinds of character (letters, digits, symbols or an inner capital), which
        # product names ("Bitrix24"), hosts and versions do not.
        if len(value) < 6 or _CYRILLIC_ANY.search(value) or "://" in value:
            return False
        if _HOSTLIKE.match(value) or ("@" in value and "." in value.split("@")[-1]):
            return False
        if _NAME_LIKE.match(value):
            return False
        kinds = (
            bool(_HAS_LETTER.search(value))
            + bool(_HAS_DIGIT.search(value))
            + bool(_CHOSEN_SYMBOL.search(value))  # a hyphen alone is "60-day"
            + inner_upper
        )
        return kinds >= 3
    if mode == "pwshape":
        if _TICKET_ID.match(value) or ("@" in value and "." in value.split("@")[-1]):
            return False
        return _password_shaped(value)
    if mode == "groups":
        groups = re.split(r"[ -]", value.lower())
        if all(_alphabet_run(g) for g in groups):
            return False  # "abcd efgh ijkl mnop": the shape shown in a help page, not a password
        if len(groups) == 1:
            # Sixteen letters in a row: random ones have few vowels, a word has many.
            return sum(ch in "aeiouy" for ch in value.lower()) <= 4
        return sum(g in _COMMON_FOUR for g in groups) < 2
    if mode == "prefixed":
        # A vendor's prefix and a random body ("ydx_8Tq3Vm2Lp7Xr9Kz4Nw"): the body mixes
        # lower and upper case and digits, which a record's ID ("ord_20240518") never does,
        # and its letters are not words ("cf_DeliveryDate2024x" is a third vowels).
        body = value.split("_", 1)[-1]
        body_letters = [ch for ch in body.lower() if ch.isalpha()]
        return (
            len(body) >= 16
            and bool(_HAS_DIGIT.search(body))
            and bool(_LATIN_LOWER.search(body))
            and bool(_LATIN_UPPER.search(body))
            and sum(ch in _VOWELS for ch in body_letters) * 10 < len(body_letters) * 3
        )
    if mode == "random":
        # A long string with no key word: only machine-made randomness counts - lower and
        # upper case and digits all present, which slugs, words and UUIDs never have.
        return (
            len(value) >= 24
            and not _PREFIXED_ID.match(value)
            and bool(_HAS_DIGIT.search(value))
            and bool(_LATIN_LOWER.search(value))
            and bool(_LATIN_UPPER.search(value))
            and not _HEXISH.match(value)
        )
    raise ConfigurationError(f"unknown credential validation mode {mode!r}")


# "manager" follows "password" in sentences ("password manager") but is a common login;
# so is "user" ("user / S3cret!"): the password beside it still has to look like one.
_NOT_A_LOGIN = _NOT_A_VALUE - {"manager", "user"}


# A piece of a URL ("index.php?route=extension") stands where a login would.
_URL_PART = re.compile(r"[?=&]|\.(?:php|html?|aspx?)\b", re.IGNORECASE)


# Windows and site admin panels name their built-in account in Russian: "Администратор /
# Ofis_Rdp#2023" is a login, where any other Russian word before "/" is a sentence's.
_RUSSIAN_ADMIN_LOGINS = _wordset("админ администратор")


def _plausible_login(value: str) -> bool:
    return not (
        (_CYRILLIC_WORD.match(value) and value.lower() not in _RUSSIAN_ADMIN_LOGINS)
        or value.lower() in _NOT_A_LOGIN
        or _URL_PART.search(value)
    )


def _hint_groups(raw: object, where: str) -> tuple[tuple[str, ...], ...]:
    """`hints: [a, b]` is one group (a or b); `hints: [[a, b], [c, d]]` is (a or b) and (c or d)."""
    if not raw:
        return ()
    if not isinstance(raw, list):
        raise ConfigurationError(f"{where}: hints must be a list")
    groups = raw if all(isinstance(g, list) for g in raw) else [raw]
    out = []
    for group in groups:
        frags = tuple(str(h).lower() for h in group)
        if not frags or any(not f.lstrip("^") for f in frags):
            raise ConfigurationError(f"{where}: empty hint")
        out.append(frags)
    return tuple(out)


@lru_cache(maxsize=1)
def detectors() -> tuple[Detector, ...]:
    raw = read_yaml(RULES_FILE)
    # The same regexes, opening with a case-sensitive class of their first letters, which
    # re's search skips to (~44 k instructions a message less); what they match is the same.
    sources = [item["regex"] for item in raw if isinstance(item.get("regex"), str)]
    fast = dict(zip(sources, first_char_rewrite(sources, re.IGNORECASE), strict=True))
    out = []
    for item in raw:
        where = f"{RULES_FILE.name} {item.get('id')}"
        try:
            rx = re.compile(fast[item["regex"]], re.IGNORECASE)
        except (KeyError, re.error) as exc:
            raise ConfigurationError(f"{where}: {exc}") from exc
        if "secret" not in rx.groupindex:
            raise ConfigurationError(f"{where}: no (?P<secret>...) group")
        opened = openings(rx)
        out.append(
            Detector(
                id=item["id"],
                kind=item["kind"],
                validate=item.get("validate", "value"),
                regex=rx,
                examples=tuple(item.get("examples", ())),
                counter=tuple(item.get("counter", ())),
                hints=_hint_groups(item.get("hints"), where),
                shape=_shape(item.get("shape"), where),
                needs=needed_chars(rx),
                openings=None if opened is None else opened[0],
                run_openings=() if opened is None else opened[1],
            )
        )
    return tuple(out)


def _shape(raw: object, where: str) -> re.Pattern[str] | None:
    if raw is None:
        return None
    try:
        return re.compile(str(raw))
    except re.error as exc:
        raise ConfigurationError(f"{where}: bad shape: {exc}") from exc


# Whitespace as str.split() cuts chunks (no character above U+3000 is whitespace).
_SPACES = tuple(ch for ch in map(chr, range(0x3001)) if ch.isspace())


def _chunk_local(rx: re.Pattern[str]) -> bool:
    """Whether ``rx`` can only match characters that are not whitespace and asserts nothing
    about its surroundings (no anchors, lookarounds, backreferences, atomic groups): then
    it matches somewhere in a text exactly when it matches in one of the text's chunks,
    and a shape ("[a-z0-9_-]{24}") is found per chunk, once, instead of searched for in
    every message (~150 instructions a character of Cyrillic text). Only the parts of a
    regex understood here qualify; anything else keeps the whole-text search."""
    try:  # re's own parser (private, Python 3.11+): without it, the whole-text search stays
        from re import _constants as c  # type: ignore[attr-defined]
        from re import _parser  # type: ignore[attr-defined]
    except ImportError:
        return False

    if rx.flags & ~re.UNICODE:
        return False
    try:
        parsed = _parser.parse(rx.pattern)
    except re.error:
        return False

    def member(ch: str, items: Any) -> bool | None:  # is ch in the class? None: unknown
        found = False
        for op, av in items:
            if op is c.NEGATE:
                continue
            if op is c.LITERAL:
                found = found or ord(ch) == av
            elif op is c.RANGE:
                found = found or av[0] <= ord(ch) <= av[1]
            elif op is c.CATEGORY and av is c.CATEGORY_SPACE:
                found = True  # every chunk separator is \s
            else:
                return None
        return found

    def item_spaces(items: Any) -> bool:  # may a class [...] match whitespace?
        negate = any(op is c.NEGATE for op, _ in items)
        for ch in _SPACES:
            held = member(ch, items)
            if held is None or held != negate:
                return True
        return False

    def local(seq: Any) -> bool:
        for op, av in seq:
            if op is c.LITERAL:
                if chr(av).isspace():
                    return False
            elif op is c.IN:
                if item_spaces(av):
                    return False
            elif op in (c.MAX_REPEAT, c.MIN_REPEAT):
                if not local(av[2]):
                    return False
            elif op is c.SUBPATTERN:
                if av[1] or av[2] or not local(av[3]):  # no inline flags
                    return False
            elif op is c.BRANCH:
                if not all(local(alt) for alt in av[1]):
                    return False
            else:
                return False
        return True

    return local(parsed)


def _min_width(rx: re.Pattern[str]) -> int:
    """The fewest characters a match of ``rx`` spans (re's parser's own lower bound); 0
    where that parser is not importable."""
    try:
        from re import _parser  # type: ignore[attr-defined]

        return int(_parser.parse(rx.pattern, rx.flags).getwidth()[0])
    except (ImportError, re.error):
        return 0


@dataclass(frozen=True, slots=True)
class _HintIndex:
    # Fragments without whitespace by first character: (text, name) - the name is "^text" for
    # a word-start fragment. A chunk is searched only for fragments starting with its letters.
    by_char: dict[str, tuple[tuple[str, str], ...]]
    # Fragments with whitespace, looked for in the text, by their first word and the
    # whitespace after it ("код " for "код доступа", "код из смс", ...): where two or more
    # share it, it is looked for first, and none of them is when it is absent ("" : alone).
    # Before that, the name of their first word as a chunk's end ("$код"): such a fragment
    # occurs only where a chunk ends with its first word, which is found per chunk, so a
    # message whose chunks end with none of them costs no search of its text.
    spaced: tuple[tuple[str, str, tuple[tuple[str, str], ...]], ...]
    tails: tuple[str, ...]  # those first words
    proves: dict[str, frozenset[str]]  # fragment name -> the fragment names its text holds
    word_start: dict[str, re.Pattern[str]]  # "ключ": the check that "ключ" starts a word
    groups: tuple[tuple[Detector, tuple[frozenset[str], ...]], ...]  # every detector, in order
    by_fragment: dict[str, tuple[int, ...]]  # fragment -> detectors (by index) that name it
    hintless: tuple[int, ...]  # detectors without hints: they run if their shape (if any) occurs
    # Shapes that only ever match inside one chunk (_chunk_local), found per chunk like the
    # fragments and named "~<detector index>" among them; per detector, that name or None
    # (its shape is searched in the whole text).
    # With each, the fewest characters it can match (a shorter chunk cannot hold it).
    chunk_shapes: tuple[tuple[str, re.Pattern[str], int], ...]
    shape_names: tuple[str | None, ...]


@lru_cache(maxsize=1)
def _hint_index() -> _HintIndex:
    """Which fragments a text holds is read chunk by chunk (whitespace-separated, as
    str.split() cuts them) and cached per chunk: a fragment without whitespace lies inside
    one chunk, and a word-start fragment starts a word of the text exactly when it starts one
    of its chunk (a chunk begins after whitespace). Messages repeat most of their chunks, so
    a message costs one split and one C-level subset test against the chunks known to hold
    no fragment; only the few fragments with whitespace ("private key", ":\\n") are looked
    for in the whole text, and only when a chunk ends with their first word."""
    dets = detectors()
    names: dict[str, str] = {}
    for f in sorted({f for d in dets for g in d.hints for f in g}):
        body = f.lstrip("^")
        if body in names and names[body] != f:
            raise ConfigurationError(f"{RULES_FILE.name}: hint {body!r} both as word start and not")
        names[body] = f
    by_char: dict[str, list[tuple[str, str]]] = {}
    spaced: dict[str, list[tuple[str, str]]] = {}
    local = [(i, d.shape) for i, d in enumerate(dets) if d.shape and _chunk_local(d.shape)]
    if any(body[0] in "$~%" for body in names):
        raise ConfigurationError(f"{RULES_FILE.name}: a hint may not start with $, ~ or %")
    for body, name in sorted(names.items()):
        if body.split() == [body]:
            by_char.setdefault(body[0], []).append((body, name))
        else:
            spaced.setdefault(_first_word(body), []).append((body, name))
    return _HintIndex(
        by_char={ch: tuple(v) for ch, v in by_char.items()},
        spaced=tuple(
            (_tail_name(head), head if len(group) > 1 else "", tuple(group))
            for head, group in spaced.items()
        ),
        tails=tuple(dict.fromkeys(name[1:] for name in map(_tail_name, spaced) if name)),
        # A text also holds every shorter fragment inside it ("private key" holds "key").
        proves={
            name: frozenset(names[o] for o in names if o in body and o != body)
            for body, name in names.items()
        },
        word_start={
            t: re.compile("(?<![0-9a-zа-яё])" + re.escape(t))
            for t, f in names.items()
            if f[0] == "^"
        },
        groups=tuple((d, tuple(frozenset(g) for g in d.hints)) for d in dets),
        by_fragment={
            f: tuple(i for i, d in enumerate(dets) if any(f in g for g in d.hints))
            for f in {f for d in dets for g in d.hints for f in g}
        },
        hintless=tuple(i for i, d in enumerate(dets) if not d.hints),
        chunk_shapes=tuple((f"~{i}", shape, _min_width(shape)) for i, shape in local),
        shape_names=tuple(
            f"~{i}" if any(i == j for j, _ in local) else None for i in range(len(dets))
        ),
    )


def _tail_name(head: str) -> str:
    """The name of the first word of a _first_word ``head`` as a chunk's end ("$код"): a
    text holds the fragment only where a chunk ends with that word. "" where the fragment
    opens with whitespace (no such test)."""
    return f"${head[:-1]}" if head[:1] and not head[0].isspace() else ""


def _first_word(body: str) -> str:
    """``body`` up to the whitespace after its first word, that included: a prefix, so a
    text without it holds no fragment that starts with it."""
    words = body.split(None, 1)
    return body[: body.index(words[0]) + len(words[0]) + 1] if words else body


def load() -> None:
    """Compile the detectors and their hint index now rather than on the first scan."""
    _hint_index()


# Chunk -> the fragment names it holds (with what they prove), and the chunks holding none.
_chunk_fragments: dict[str, frozenset[str]] = {}
_clean_chunks: set[str] = set()
_CHUNKS_LIMIT = 100_000  # a flood of random strings must not grow memory forever
_NONE: frozenset[str] = frozenset()
# Named among a chunk's fragments when it holds a rare case twin (rxopenings): then the
# detectors' openings do not show where they match, and the whole text is searched.
_RARE_CASE = "%rare"


def _add_if_held(text: str, body: str, name: str, index: _HintIndex, found: set[str]) -> None:
    """Add fragment ``name`` (and what it proves) when ``text`` holds it: its ``body``
    occurs, and for a word-start fragment ("^ключ") starts a word there."""
    if body in text and (name[0] != "^" or index.word_start[body].search(text)):
        found.add(name)
        found |= index.proves[name]


def _fragments_of_chunk(chunk: str, index: _HintIndex) -> frozenset[str]:
    found: set[str] = set()
    by_char = index.by_char
    chars = set(chunk)
    for ch in chars:
        for body, name in by_char.get(ch, ()):
            _add_if_held(chunk, body, name, index, found)
    if not RARE_CASE_CHARS.isdisjoint(chars):
        found.add(_RARE_CASE)
    for tail in index.tails:
        if chunk.endswith(tail):
            found.add(f"${tail}")
    for name, shape, min_width in index.chunk_shapes:
        # Most chunks are words shorter than a shape's random string: no search for them.
        if len(chunk) >= min_width and shape.search(chunk) is not None:
            found.add(name)
    return frozenset(found) if found else _NONE


def _fragments(low: str, index: _HintIndex) -> set[str]:
    """The hint fragments (by name) that the lower-cased text holds."""
    present: set[str] = set()
    chunks = split_chunks(low)  # shared with abuse: only read
    if not _clean_chunks.issuperset(chunks):
        known = _chunk_fragments
        for chunk in chunks:
            got = known.get(chunk)
            if got is None:
                if len(known) >= _CHUNKS_LIMIT:
                    known.clear()
                    _clean_chunks.clear()
                got = known[chunk] = _fragments_of_chunk(chunk, index)
                if not got:
                    _clean_chunks.add(chunk)
            if got:
                present |= got
    for tail, head, group in index.spaced:
        if (tail and tail not in present) or (head and head not in low):
            continue  # no chunk ends with its first word; or the shared head is absent
        for body, name in group:
            _add_if_held(low, body, name, index, present)
    return present


# The detectors a set of fragments wakes, each with whether its shape must still be searched
# for in the text: messages share few sets (half hold no fragment), so the test of every
# hint group runs once per set, not per message.
_woken_by: dict[frozenset[str], tuple[tuple[Detector, bool], ...]] = {}
_WOKEN_LIMIT = 10_000


def _detectors_to_run(low: str, present: set[str]) -> list[Detector]:
    """Detectors whose every hint group has a fragment in the text (``present``, of
    _fragments) and whose shape, if any, occurs, in file order: only they can match. Hints
    are necessary conditions, so a fragment found that a regex then does not need costs
    time, never a finding."""
    key = frozenset(present)
    woken = _woken_by.get(key)
    if woken is None:
        if len(_woken_by) >= _WOKEN_LIMIT:
            _woken_by.clear()
        woken = _woken_by[key] = _woken(present)
    run = []
    for d, search_shape in woken:
        if not search_shape or (d.shape is not None and d.shape.search(low) is not None):
            run.append(d)
    return run


def _woken(present: set[str]) -> tuple[tuple[Detector, bool], ...]:
    """The detectors whose every hint group has a fragment in ``present`` and whose shape,
    if found per chunk, is there too; with each, whether its shape is searched in the text."""
    index = _hint_index()
    # Only detectors that some found fragment names can run; check just those (indices:
    # hashing the frozen Detector dataclasses would cost more than the check).
    woken: set[int] = set(index.hintless)
    by_fragment = index.by_fragment
    for fragment in present:
        woken.update(by_fragment.get(fragment, ()))
    out: list[tuple[Detector, bool]] = []
    groups_of = index.groups
    shape_names = index.shape_names
    for i in sorted(woken):
        d, groups = groups_of[i]
        for group in groups:
            if present.isdisjoint(group):
                break
        else:
            name = shape_names[i]
            if d.shape is None or name is None:
                out.append((d, d.shape is not None))
            elif name in present:
                out.append((d, False))
    return tuple(out)


_CACHE_SIZE = 64
_CACHE_MAX_CHARS = 100_000
_cache: dict[str, tuple[Finding, ...]] = {}


def scan(text: str, mixed: bool | None = None) -> list[Finding]:
    """Every credential finding in ``text``, in text order. ``mixed``: whether Latin and
    Cyrillic letters touch somewhere (None: find out), see normalize.fold_lookalikes."""
    if not text:
        return []
    hit = _cache.get(text)
    if hit is not None:
        return list(hit)
    findings = tuple(_scan(text, mixed))
    if len(text) <= _CACHE_MAX_CHARS:
        if len(_cache) >= _CACHE_SIZE:
            _cache.clear()  # a handful of recent texts is all the reuse there is
        _cache[text] = findings
    return list(findings)


# A key word that runs into the next secret ("…\\napikey=" before "yu_live_…"): not a value.
_KEY_BEFORE_VALUE = re.compile(r"(?:^|\s|\\[nrt])[A-Za-z_-]*[=:]$")


def _starts(
    openings: tuple[str, ...],
    run_openings: tuple[str, ...],
    probe: str,
    low: str,
    known: dict[str, list[int]],
) -> list[int]:
    """Where a match can start, in order: where ``low`` holds one of ``openings``, and
    where the run of word characters holding one of ``run_openings`` starts. The places of
    each opening are found once per text (``known``), as detectors share them ("пар")."""
    starts: list[int] = []
    for opening in openings:
        starts.extend(_known_places(low, opening, known))
    if run_openings:
        for opening in run_openings:
            for at in _known_places(low, opening, known):
                starts.append(_run_start(probe, at))
        return sorted(set(starts))  # one run may hold several
    if len(openings) > 1:
        starts.sort()  # no two openings start at one place: neither begins the other
    return starts


def _known_places(low: str, opening: str, known: dict[str, list[int]]) -> list[int]:
    places = known.get(opening)
    if places is None:
        places = known[opening] = _places(low, opening)
    return places


def _run_start(text: str, at: int) -> int:
    """Where the run of word characters (re's \\w: str.isalnum() or "_") and hyphens that
    reaches ``at`` starts."""
    while at > 0:
        ch = text[at - 1]
        if not (ch.isalnum() or ch == "_" or ch == "-"):
            break
        at -= 1
    return at


def _places(low: str, opening: str) -> list[int]:
    places: list[int] = []
    at = low.find(opening)
    while at >= 0:
        places.append(at)
        at = low.find(opening, at + 1)
    return places


def _next_match(
    rx: re.Pattern[str], probe: str, pos: int, starts: list[int] | None
) -> re.Match[str] | None:
    """The first match of ``rx`` in ``probe`` that starts at ``pos`` or later. ``starts``:
    the only places a match can start (the detector's openings, see rxopenings), tried in
    turn with match and ``pos`` (which sees the text before it, as lookbehinds and \\b
    need), so the text between them is never searched; None: a plain search."""
    if starts is None:
        return rx.search(probe, pos)
    for i in range(bisect_left(starts, pos), len(starts)):
        m = rx.match(probe, starts[i])
        if m is not None:
            return m
    return None


def _adds_a_value(piece: str, mode: str) -> bool:
    """Whether the part of a match that an earlier secret does not cover is a value too."""
    core = _KEY_BEFORE_VALUE.sub("", piece.strip()).strip()
    return bool(core) and _plausible(core, mode)


def _uncovered(a: int, b: int, taken: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The parts of [a, b) that no earlier span covers."""
    pieces = []
    pos = a
    for s, e in sorted(taken):
        if e <= pos or s >= b:
            continue
        if s > pos:
            pieces.append((pos, s))
        pos = max(pos, e)
    if pos < b:
        pieces.append((pos, b))
    return pieces


def _scan(text: str, mixed: bool | None) -> list[Finding]:
    # fold_lookalikes maps letters one to one, so offsets stay valid for the original text.
    probe = fold_lookalikes(text, mixed)
    if " -- " in probe:
        # A dash typed as two hyphens ("пароль -- Qwerty2026"), read as the dash it stands
        # for; same length, so offsets stay valid (no secret holds a space).
        probe = probe.replace(" -- ", " –  ")
    low = lowered(probe)
    present = _fragments(low, _hint_index())
    run = _detectors_to_run(low, present)
    # Openings are found in the lower-cased text: they show where a match can start only
    # where lower() maps every character to one and no rare case twin ("ſ", "ᲂ") occurs.
    by_openings = len(low) == len(probe) and _RARE_CASE not in present
    opening_starts: dict[str, list[int]] = {}
    taken: list[tuple[int, int]] = []
    findings: list[Finding] = []
    for det in run:
        if det.needs and not holds_needed(probe, det.needs):
            continue
        starts: list[int] | None = None
        if by_openings and det.openings is not None:
            starts = _starts(det.openings, det.run_openings, probe, low, opening_starts)
        pos = 0
        while True:
            m = _next_match(det.regex, probe, pos, starts)
            if m is None:
                break
            finding = _finding(det, m, text, taken)
            if finding is None:
                # A candidate turned down must not hide a match that starts inside it:
                # "какой пароль вводить — пароль приложения (вот он: Kx2…)" first reads the
                # second "пароль" as the value; read on from that value, not past it.
                pos = max(m.start() + 1, m.start("secret"))
                continue
            taken.extend((sp.start, sp.end) for sp in finding.spans)
            findings.append(finding)
            pos = m.end()
    findings.sort(key=lambda f: f.start)
    return findings


def _finding(
    det: Detector, m: re.Match[str], text: str, taken: list[tuple[int, int]]
) -> Finding | None:
    """What match ``m`` of ``det`` finds in ``text``, or None when its value is no secret
    or adds nothing beyond the secrets already ``taken``."""
    s_start, s_end = m.span("secret")
    secret = text[s_start:s_end]
    # A value that ends a sentence keeps its word but not the full stop after it.
    trimmed = _TRAILING_PUNCT.sub("", secret) if det.validate != "any" else secret
    if trimmed and len(trimmed) >= 3:
        s_end = s_start + len(trimmed)
        secret = trimmed
    if not _plausible(secret, det.validate):
        return None
    if _TRUNCATED.match(text, s_end):
        return None  # "yu_live_7f3a…c21e (полный не пишу)": both ends shown, no key
    if _SENT_LATER.match(text, s_end) and not (
        _HAS_DIGIT.search(secret) or _HAS_SYMBOL.search(secret)
    ):
        return None  # a name, then "пришлю": not "пароль Qwe12345 пришлю и Ивану"
    if det.validate != "any" and text[s_end : s_end + 1] == ":":
        return None  # "Login: x / Password: y" - the "value" is the next key word
    pieces = _uncovered(s_start, s_end, taken) if taken else [(s_start, s_end)]
    if pieces != [(s_start, s_end)]:
        # Overlaps an earlier secret: keep what it adds beyond that secret, if what
        # it adds is itself a plausible value ("Qwe!2345zX\napikey=" before a token;
        # not "apikey=" when "ключ apikey=yu_live_…" was read as key + value).
        pieces = [(a, b) for a, b in pieces if _adds_a_value(text[a:b], det.validate)]
        if not pieces:
            return None
    spans: list[CredentialSpan] = []
    if "login" in det.regex.groupindex and m.group("login"):
        l_start, l_end = m.span("login")
        login = text[l_start:l_end]
        if not _plausible_login(login):
            return None
        if text[l_end:s_start] == "/" and _HOSTLIKE.match(login):
            return None  # "доступ на просмотр: docs.google.com/spreadsheets/d/…": a URL
        spans.extend(CredentialSpan(a, b, "login") for a, b in _uncovered(l_start, l_end, taken))
    spans.extend(CredentialSpan(a, b, det.kind) for a, b in pieces)
    return Finding(det, tuple(spans), m.start(), max(m.end(), s_end))


def merge_spans(spans: list[CredentialSpan] | tuple[CredentialSpan, ...]) -> list[CredentialSpan]:
    """Spans in text order with overlapping or touching ones merged into one, so a mask or a
    vault covers each character once and none is left out. A merged span takes the kind of
    its first secret (a login only when it holds nothing else)."""
    out: list[CredentialSpan] = []
    for sp in sorted(spans, key=lambda s: (s.start, -s.end)):
        if out and sp.start <= out[-1].end:
            last = out[-1]
            if sp.end > last.end or (last.kind == "login" and sp.kind != "login"):
                kind = sp.kind if last.kind == "login" else last.kind
                out[-1] = CredentialSpan(last.start, max(last.end, sp.end), kind)
            continue
        out.append(sp)
    return out


def find_credentials(text: str) -> list[CredentialSpan]:
    """Spans of every secret (and of logins paired with a password), in text order, merged
    where they overlap or touch."""
    if not text:
        return []
    return merge_spans([sp for f in scan(text) for sp in f.spans])


def mask_for(secret: str) -> str:
    for mask in _MASKS:
        if not set(mask) & set(secret):
            return mask
    return "[…]"  # unreachable in practice: a secret holding all six mask characters


def mask_spans(text: str, spans: list[CredentialSpan] | tuple[CredentialSpan, ...]) -> str:
    """Replace each span by a mask that shares no character with it; the rest stays.
    Overlapping or touching spans are merged first: no character of either escapes."""
    if not spans:
        return text
    out = []
    pos = 0
    for sp in merge_spans(spans):
        start, end = max(sp.start, 0), min(sp.end, len(text))
        if end <= start:
            continue
        out.append(text[pos:start])
        out.append(mask_for(text[start:end]))
        pos = end
    out.append(text[pos:])
    return "".join(out)


def mask_secrets(text: str) -> str:
    """The text with every detected secret masked; key words stay ("пароль: ***")."""
    return mask_spans(text, find_credentials(text))


def secret_grams(secrets: list[str] | tuple[str, ...], min_run: int = 4) -> frozenset[str]:
    """Every run of ``min_run`` characters of the secrets, lower-cased (see scrub)."""
    grams: set[str] = set()
    for secret in secrets:
        s = secret.lower()
        grams.update(s[i : i + min_run] for i in range(len(s) - min_run + 1))
    return frozenset(grams)


def lower_keeping_offsets(line: str) -> str:
    """``line`` lower-cased character by character, so offsets stay those of ``line``
    ("İ".lower() is two characters; here it is one)."""
    low = line.lower()
    if len(low) != len(line):
        low = "".join(ch.lower()[:1] or ch for ch in line)
    return low


def scrub(
    line: str,
    secrets: list[str] | tuple[str, ...],
    min_run: int = 4,
    grams: frozenset[str] | None = None,
) -> str:
    """Last line of defence for evidence: mask any run of ``min_run``+ characters that also
    occurs in a secret (case-insensitive). Evidence is built from masked text already; this
    catches a secret that reappears elsewhere in the message (e.g. a login also used as a
    company name) and was not masked at that second place. ``grams``: secret_grams(secrets),
    when the caller scrubs several lines against the same secrets."""
    if grams is None:
        if not secrets:
            return line
        grams = secret_grams(secrets, min_run)
    if not grams:
        return line
    low = lower_keeping_offsets(line)
    covered: list[tuple[int, int]] = []
    for gram in grams:
        at = low.find(gram)
        while at >= 0:
            covered.append((at, at + min_run))
            at = low.find(gram, at + 1)
    if not covered:
        return line
    covered.sort()
    out = []
    pos = 0
    start, end = covered[0]
    for a, b in [*covered[1:], (len(line) + 1, len(line) + 1)]:
        if a <= end:
            end = max(end, b)
            continue
        out.append(line[pos:start])
        out.append(mask_for(line[start:end]))
        pos = end
        start, end = a, b
    out.append(line[pos:])
    return "".join(out)
