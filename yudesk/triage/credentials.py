"""Find secrets in a customer's text (S-CRED-1) and mask them.

Detection runs on the ORIGINAL text, before quotes and signatures are cut, because a password
may well sit in a line that looks like a signature ("Логин: ivanov, пароль: Vesna2026").
Spans are offsets into that original text, so the vault can encrypt exactly those characters.

Detectors are data (rules/credentials.yaml); this module compiles them and holds the value
checks that keep "пароль не подходит" or "токен истёк" from counting as secrets.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from yudesk.errors import ConfigurationError
from yudesk.triage.normalize import fold_lookalikes
from yudesk.triage.result import CredentialSpan
from yudesk.triage.ruledata import read_yaml

RULES_FILE = Path(__file__).with_name("rules") / "credentials.yaml"

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
_PLACEHOLDER = re.compile(r"^[\W_]*$|^[*xх•#.]{3,}$|^<.*>$|^\[.*\]$|^\{.*\}$|^\(.*\)$", re.I)
_CYRILLIC_WORD = re.compile(r"^[а-яё-]+[.,!?…]*$", re.IGNORECASE)
_HAS_DIGIT = re.compile(r"\d")
_HAS_SYMBOL = re.compile(r"[^\w\s]|_")
_HAS_LOWER = re.compile(r"[a-zа-яё]")
_HAS_UPPER = re.compile(r"[A-ZА-ЯЁ]")
_HAS_LETTER = re.compile(r"[^\W\d_]")
# "!" is kept: passwords end with it far more often than sentences after a password do.
_TRAILING_PUNCT = re.compile(r"[.,?…:;)»\"']+$")
_HEXISH = re.compile(r"^[0-9a-fA-F-]+$")
_TICKET_ID = re.compile(r"^YU-\d{4}-\d{6}$", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Detector:
    id: str
    kind: str
    validate: str
    regex: re.Pattern[str]
    examples: tuple[str, ...]
    counter: tuple[str, ...]
    hints: tuple[str, ...] = ()  # lower-case fragments of which one must occur, else skip


@dataclass(frozen=True, slots=True)
class Finding:
    """One detector match: its secret spans and the key-word region it was found in."""

    detector: Detector
    spans: tuple[CredentialSpan, ...]
    start: int
    end: int


def _plausible(value: str, mode: str) -> bool:
    if mode == "any":
        return True
    if _PLACEHOLDER.match(value) or value.lower() in _NOT_A_VALUE or _TICKET_ID.match(value):
        return False
    if _CYRILLIC_WORD.match(value):
        # "пароль: неверный", "логин и пароль": a word of the sentence, not a secret.
        return False
    if mode == "value":
        return len(value) >= 3 and bool(re.search(r"\w", value))
    # An inner capital counts as mixed case, a capitalised word ("Звонки") does not.
    inner_upper = bool(_HAS_UPPER.search(value[1:]))
    strong = bool(
        _HAS_DIGIT.search(value)
        or _HAS_SYMBOL.search(value)
        or (_HAS_LOWER.search(value) and inner_upper)
    )
    if mode == "strong":
        return strong and len(value) >= 4
    if mode == "token":
        letters = bool(_HAS_LETTER.search(value))
        digits = bool(_HAS_DIGIT.search(value))
        mixed_case = bool(_HAS_LOWER.search(value) and _HAS_UPPER.search(value))
        return len(value) >= 12 and letters and (digits or (mixed_case and len(value) >= 20))
    if mode == "random":
        # A long string with no key word: only machine-made randomness counts - lower and
        # upper case and digits all present, which slugs, words and UUIDs never have.
        return (
            len(value) >= 24
            and bool(_HAS_DIGIT.search(value))
            and bool(re.search(r"[a-z]", value))
            and bool(re.search(r"[A-Z]", value))
            and not _HEXISH.match(value)
        )
    raise ConfigurationError(f"unknown credential validation mode {mode!r}")


def _plausible_login(value: str) -> bool:
    return not (_CYRILLIC_WORD.match(value) or value.lower() in _NOT_A_VALUE)


@lru_cache(maxsize=1)
def detectors() -> tuple[Detector, ...]:
    raw = read_yaml(RULES_FILE)
    out = []
    for item in raw:
        try:
            rx = re.compile(item["regex"], re.IGNORECASE)
        except (KeyError, re.error) as exc:
            raise ConfigurationError(f"{RULES_FILE.name} {item.get('id')}: {exc}") from exc
        if "secret" not in rx.groupindex:
            raise ConfigurationError(f"{RULES_FILE.name} {item['id']}: no (?P<secret>...) group")
        out.append(
            Detector(
                id=item["id"],
                kind=item["kind"],
                validate=item.get("validate", "value"),
                regex=rx,
                examples=tuple(item.get("examples", ())),
                counter=tuple(item.get("counter", ())),
                hints=tuple(str(h).lower() for h in item.get("hints", ())),
            )
        )
    return tuple(out)


@lru_cache(maxsize=1)
def _hint_index() -> tuple[re.Pattern[str], dict[str, frozenset[int]], frozenset[int]]:
    """One regex over every detector's hint fragments (longest first), a map from a found
    fragment to the detectors it wakes (a longer fragment such as "private key" also wakes
    the detectors hinted by "key"), and the detectors without hints (always run)."""
    dets = detectors()
    frags = sorted({h for d in dets for h in d.hints}, key=len, reverse=True)
    wakes = {
        f: frozenset(i for i, d in enumerate(dets) if any(h in f for h in d.hints)) for f in frags
    }
    always = frozenset(i for i, d in enumerate(dets) if not d.hints)
    return re.compile("|".join(re.escape(f) for f in frags)), wakes, always


def _detectors_to_run(low: str) -> frozenset[int]:
    rx, wakes, always = _hint_index()
    run = set(always)
    for frag in set(rx.findall(low)):
        run |= wakes[frag]
    return frozenset(run)


def scan(text: str) -> list[Finding]:
    """Every credential finding in ``text``; later detectors skip spans already taken."""
    if not text:
        return []
    # fold_lookalikes maps letters one to one, so offsets stay valid for the original text.
    probe = fold_lookalikes(text)
    run = _detectors_to_run(probe.lower())
    taken: list[tuple[int, int]] = []
    findings: list[Finding] = []

    def overlaps(a: int, b: int) -> bool:
        return any(a < e and s < b for s, e in taken)

    for index, det in enumerate(detectors()):
        if index not in run:
            continue
        for m in det.regex.finditer(probe):
            s_start, s_end = m.span("secret")
            secret = text[s_start:s_end]
            # A value that ends a sentence keeps its word but not the full stop after it.
            trimmed = _TRAILING_PUNCT.sub("", secret) if det.validate != "any" else secret
            if trimmed and len(trimmed) >= 3:
                s_end = s_start + len(trimmed)
                secret = trimmed
            if not _plausible(secret, det.validate) or overlaps(s_start, s_end):
                continue
            if det.validate != "any" and text[s_end : s_end + 1] == ":":
                continue  # "Login: x / Password: y" - the "value" is the next key word
            spans = []
            if "login" in det.regex.groupindex and m.group("login"):
                l_start, l_end = m.span("login")
                login = text[l_start:l_end]
                if not _plausible_login(login):
                    continue
                if not overlaps(l_start, l_end):
                    spans.append(CredentialSpan(l_start, l_end, "login"))
            spans.append(CredentialSpan(s_start, s_end, det.kind))
            taken.extend((sp.start, sp.end) for sp in spans)
            findings.append(Finding(det, tuple(spans), m.start(), max(m.end(), s_end)))
    findings.sort(key=lambda f: f.start)
    return findings


def find_credentials(text: str) -> list[CredentialSpan]:
    """Spans of every secret (and of logins paired with a password), in text order."""
    spans = [sp for f in scan(text) for sp in f.spans]
    return sorted(spans, key=lambda s: s.start)


def mask_for(secret: str) -> str:
    for mask in _MASKS:
        if not set(mask) & set(secret):
            return mask
    return "[…]"  # unreachable in practice: a secret holding all six mask characters


def mask_spans(text: str, spans: list[CredentialSpan] | tuple[CredentialSpan, ...]) -> str:
    """Replace each span by a mask that shares no character with it; the rest stays."""
    out = []
    pos = 0
    for sp in sorted(spans, key=lambda s: s.start):
        if sp.start < pos:  # overlapping spans: the earlier mask already covers this
            continue
        out.append(text[pos : sp.start])
        out.append(mask_for(text[sp.start : sp.end]))
        pos = sp.end
    out.append(text[pos:])
    return "".join(out)


def mask_secrets(text: str) -> str:
    """The text with every detected secret masked; key words stay ("пароль: ***")."""
    return mask_spans(text, find_credentials(text))


def scrub(line: str, secrets: list[str] | tuple[str, ...], min_run: int = 4) -> str:
    """Last line of defence for evidence: mask any run of ``min_run``+ characters that also
    occurs in a secret (case-insensitive). Evidence is built from masked text already; this
    catches a secret that reappears elsewhere in the message (e.g. a login also used as a
    company name) and was not masked at that second place."""
    if not secrets:
        return line
    low = line.lower()
    covered = [False] * len(line)
    for secret in secrets:
        s = secret.lower()
        if len(s) < min_run:
            continue
        grams = {s[i : i + min_run] for i in range(len(s) - min_run + 1)}
        for i in range(len(low) - min_run + 1):
            if low[i : i + min_run] in grams:
                for j in range(i, i + min_run):
                    covered[j] = True
    if not any(covered):
        return line
    out = []
    i = 0
    while i < len(line):
        if covered[i]:
            j = i
            while j < len(line) and covered[j]:
                j += 1
            out.append(mask_for(line[i:j]))
            i = j
        else:
            out.append(line[i])
            i += 1
    return "".join(out)
