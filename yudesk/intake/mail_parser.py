"""Raw RFC 5322 bytes → InboundMessage, repairing what real-world mail breaks (S-CH-2).

Why ``policy.compat32`` and our own decoding: ``policy.default`` is several times slower and
either raises or silently mangles the lying charsets, broken encoded-words and broken MIME that
Russian business mail is full of. compat32 gives us the raw header strings (8-bit bytes survive
as surrogate escapes) and the MIME tree; every decoding decision below is ours, and every repair
is written down in ``parse_defects`` so an agent can see why a message looks the way it does.

The contract: any input either becomes an InboundMessage or raises UnparseableMessage (the
channel quarantines it). Nothing else escapes, because one odd message must not stop a backlog.
"""

from __future__ import annotations

import binascii
import codecs
import email
import email.policy
import email.utils
import functools
import hashlib
import html
import io
import re
import urllib.parse
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from email.generator import BytesGenerator
from email.message import Message

from yudesk.intake.message import Attachment, InboundMessage, UnparseableMessage

__all__ = ["html_to_text", "parse_email"]

_COMPAT32 = email.policy.compat32

# ---------------------------------------------------------------------------------------------
# Is it mail at all?

# C0 controls except TAB, LF, FF, CR and ESC (ESC starts ISO-2022 shifts), plus DEL: bytes that
# text never contains, so a high share of them means a binary file, not a message.
_CONTROL_BYTES = bytes(b for b in range(32) if b not in (9, 10, 12, 13, 27)) + b"\x7f"
_SNIFF_BYTES = 4096
_MAX_CONTROL_SHARE = 0.10
# The field-name grammar compat32's parser itself uses: printable ASCII except the colon.
_HEADER_LINE = re.compile(rb"[\x21-\x39\x3b-\x7e]+:")
_LEADING_BLANK = re.compile(rb"[\r\n\t ]*")
_BOM = b"\xef\xbb\xbf"


def _sniff(raw: bytes) -> tuple[bytes, list[str]]:
    """Reject what is not mail; return the bytes to parse and what had to be trimmed first."""
    head = raw[:_SNIFF_BYTES]
    if not head.strip() and not raw.strip():
        raise UnparseableMessage("empty input")
    control = len(head) - len(head.translate(None, _CONTROL_BYTES))
    # Measured against at least 256 bytes so one stray NUL does not condemn a short note.
    if control > max(len(head), 256) * _MAX_CONTROL_SHARE:
        raise UnparseableMessage(
            f"not an RFC 5322 message: {control} control bytes in the first {len(head)}"
        )
    repairs: list[str] = []
    data = raw
    if data.startswith(_BOM):
        data = data[len(_BOM) :]
        repairs.append("headers: UTF-8 byte order mark removed")
    blank = _LEADING_BLANK.match(data)
    if blank is not None and blank.end():
        # A leading blank line would make the parser see no headers at all (saved .eml files).
        data = data[blank.end() :]
        repairs.append("headers: leading blank lines removed")
    lines = data[:2048].split(b"\n", 2)
    first = lines[0]
    if first.startswith(b"From ") and len(lines) > 1:
        first = lines[1]  # an mbox envelope line; compat32 keeps it as the unixfrom
    if not _HEADER_LINE.match(first):
        raise UnparseableMessage(
            f"not an RFC 5322 message: no header line at the start ({first[:40]!r})"
        )
    return data, repairs


# ---------------------------------------------------------------------------------------------
# Charsets

_UNKNOWN_CHARSETS = frozenset(
    {"x-unknown", "unknown", "unknown-8bit", "x-user-defined", "default", "charset", "none"}
)
_CHARSET_ALIASES = {
    "unicode-1-1-utf-8": "utf-8",
    "x-unicode20utf8": "utf-8",
    "utf-8'": "utf-8",
    "iso-8859-8-i": "iso-8859-8",
    "x-mac-cyrillic": "mac-cyrillic",
    "x-mac-ukrainian": "mac-cyrillic",
    "ansi_x3.4-1968": "ascii",
    "x-cp866": "cp866",
    "x-ibm866": "cp866",
}
_CODEPAGE = re.compile(r"(?:x-)?(?:windows|win|cp|ms|ibm)[-_ ]?(\d{3,5})")
_KOI8 = re.compile(r"(?:x-)?koi8[-_ ]?([ru])")
# Codecs that are not a charset of text on the wire, whatever a header claims.
_REFUSED_CODECS = frozenset(
    {"idna", "punycode", "unicode-escape", "raw-unicode-escape", "undefined", "mbcs", "oem"}
)
# Mailers label text with the old standard but write the superset (GBK as gb2312, CP932 as
# Shift_JIS...), so decode with the superset: it accepts everything the subset does.
_SUPERSETS = {"gb2312": "gb18030", "gbk": "gb18030", "shift_jis": "cp932", "euc_kr": "cp949"}
_CYRILLIC_8BIT = frozenset({"cp1251", "koi8-r", "koi8-u", "iso8859-5", "cp866", "mac-cyrillic"})
_WESTERN_8BIT = frozenset({"iso8859-1", "iso8859-15", "cp1252"})
# Charsets in which ASCII bytes do not mean ASCII text, so the all-ASCII fast path is wrong.
_ASCII_INCOMPATIBLE = ("utf-16", "utf-32", "utf-7", "iso2022", "hz")
# Single-byte decoders accept (nearly) any bytes, so a lie there is caught by plausibility.
_PERMISSIVE = _CYRILLIC_8BIT | _WESTERN_8BIT
_MULTIBYTE_EAST_ASIAN = ("gb18030", "big5", "cp932", "cp949", "euc_jp", "big5hkscs")

# Russian letter frequencies (per cent, Lebedev/Sharov corpus): the score of a decoding is the
# mean frequency of the letters it produces. The right one of cp1251/koi8-r yields frequent
# lower-case letters; the wrong one scrambles letters and flips case (mostly UPPER-case).
_RU_FREQ = {
    "о": 10.97, "е": 8.45, "а": 8.01, "и": 7.35, "н": 6.70, "т": 6.26, "с": 5.47, "р": 4.73,
    "в": 4.54, "л": 4.40, "к": 3.49, "м": 3.21, "д": 2.98, "п": 2.81, "у": 2.62, "я": 2.01,
    "ы": 1.90, "ь": 1.74, "г": 1.70, "з": 1.65, "б": 1.59, "ч": 1.44, "й": 1.21, "х": 0.97,
    "ж": 0.94, "ш": 0.73, "ю": 0.64, "ц": 0.48, "щ": 0.36, "э": 0.32, "ф": 0.26, "ъ": 0.04,
    "ё": 0.04,
}  # fmt: skip
# Upper-case letters count a little less: real text is mostly lower case, a mis-decoded one
# mostly upper case; a real all-caps subject still wins on letter frequencies alone.
_UPPER_WEIGHT = 0.8
_SWITCH_MARGIN = 1.3  # how much better the other Cyrillic charset must score to override a label
_MIN_LETTERS_TO_SWITCH = 8
_SAMPLE_BYTES = 4096
_HIGH_BYTES = bytes(range(0x80, 0x100))
_ASCII_LETTERS = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"


@functools.lru_cache(maxsize=512)
def _codec_for(label: str) -> str | None:
    """Python codec name for a charset label as mailers really write it, or None if unknown."""
    if not label.isascii() or not label.isprintable():
        return None  # 8-bit or control bytes in a charset name: nothing to look up
    name = label.strip().strip("\"'").strip().lower()
    name = name.split("*", 1)[0].strip()  # RFC 2231 language suffix: utf-8*ru
    if not name or name in _UNKNOWN_CHARSETS:
        return None
    name = _CHARSET_ALIASES.get(name, name)
    if match := _CODEPAGE.fullmatch(name):
        name = "cp" + match.group(1)
    elif match := _KOI8.fullmatch(name):
        name = "koi8_" + match.group(1)
    for candidate in (name, name.replace(" ", ""), name.removeprefix("x-")):
        try:
            info = codecs.lookup(candidate)
        except (LookupError, ValueError, UnicodeError):
            continue
        if info.name in _REFUSED_CODECS or not getattr(info, "_is_text_encoding", True):
            return None  # base64, rot13, zlib...: codecs, but not charsets
        return _SUPERSETS.get(info.name, info.name)
    return None


def _strict(data: bytes, codec: str) -> str | None:
    try:
        return data.decode(codec)
    except (UnicodeDecodeError, LookupError):
        return None


def _russian_score(text: str) -> tuple[float, int]:
    """Mean Russian letter frequency of the Cyrillic letters in text, and how many there were."""
    total = 0.0
    letters = 0
    for ch in text:
        if not "\u0400" <= ch <= "\u04ff":
            continue
        weight = _RU_FREQ.get(ch)
        if weight is None:
            weight = _RU_FREQ.get(ch.lower())
            if weight is None:
                continue
            weight *= _UPPER_WEIGHT
        total += weight
        letters += 1
    return (total / letters if letters else 0.0), letters


def _count(data: bytes, alphabet: bytes) -> int:
    return len(data) - len(data.translate(None, alphabet))


def _best_cyrillic(data: bytes) -> str | None:
    """cp1251 or koi8-r, whichever reads as Russian; None when the bytes are not Cyrillic."""
    sample = data[:_SAMPLE_BYTES]
    best: tuple[float, int, str] | None = None
    for codec in ("cp1251", "koi8-r"):
        score, letters = _russian_score(sample.decode(codec, "replace"))
        if best is None or score > best[0]:
            best = (score, letters, codec)
    assert best is not None
    # Most high bytes of Cyrillic text are letters; if they are not, it is some other script.
    if best[1] < _count(sample, _HIGH_BYTES) * 0.5:
        return None
    return best[2]


def _looks_cyrillic_8bit(data: bytes) -> bool:
    """Western text has a few accented letters; Cyrillic in a single-byte charset is all high."""
    sample = data[:_SAMPLE_BYTES]
    high = _count(sample, _HIGH_BYTES)
    letters = _count(sample, _ASCII_LETTERS)
    return high > 0 and high / (high + letters) > 0.4


# ---------------------------------------------------------------------------------------------
# Transfer encodings

_B64_ALPHABET = re.compile(rb"[^A-Za-z0-9+/]")
# The first byte that cannot be part of a base64 body: a foreign character, or a space between
# base64 characters (a text footer some list servers and antivirus gateways append).
_B64_BREAK = re.compile(rb"[^A-Za-z0-9+/=\r\n\t ]|(?<=[A-Za-z0-9+/=])[ \t]+(?=[A-Za-z0-9+/=])")
_B64_CLEAN = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=\r\n"
_QP_RUN = re.compile(rb"(?:=[0-9A-F]{2}){2,}")
_UU_CTES = frozenset({"x-uuencode", "uuencode", "x-uue", "uue"})
_CTE_ALIASES = {
    "base-64": "base64",
    "b64": "base64",
    "quoted printable": "quoted-printable",
    "quotedprintable": "quoted-printable",
    "qp": "quoted-printable",
}


def _b64decode(data: bytes) -> tuple[bytes, bool]:
    """Decode base64 the way mail readers do; True when padding or chunking had to be repaired."""
    end = data.rstrip(b"\r\n\t =")
    if b"=" not in end:
        try:
            return binascii.a2b_base64(data), False
        except binascii.Error:
            pass
    # Inner padding (chunks encoded separately and glued) or a bad length: decode chunk by chunk.
    out = []
    for chunk in re.split(rb"=+", data):
        clean = _B64_ALPHABET.sub(b"", chunk)
        if len(clean) % 4 == 1:
            clean = clean[:-1]  # a lone sextet carries no whole byte
        if clean:
            clean += b"=" * (-len(clean) % 4)
            out.append(binascii.a2b_base64(clean))
    return b"".join(out), True


# ---------------------------------------------------------------------------------------------
# Headers

# RFC 2047 encoded-words; tolerant of spaces inside Q text and of a truncated last word.
_ENCODED_WORD = re.compile(r"=\?([^?\s]*)\?([bBqQ])\?(?:([^?]*?)\?=|([^?\s]*)$)")
_PARAM = re.compile(r';\s*([^\s=;"]+)\s*=\s*("(?:[^"\\]|\\.)*"|[^;]*)', re.S)
_MIME_TYPE = re.compile(r"[a-z0-9!#$&.+^_-]+/[a-z0-9!#$&.+^_-]+")
_MSGID = re.compile(r"<([^<>]*)>")
_QUOTED_PAIR = re.compile(r"\\(.)")
_ANGLE_ADDR = re.compile(
    r'\s*(?:"((?:[^"\\]|\\.)*)"|([^"<>,;]*?))\s*<\s*([^<>\s@,;]+@[^<>\s@,;]+)\s*>\s*'
)
_BARE_ADDR = re.compile(r"\s*<?\s*([^<>\s@,;\"]+@[^<>\s@,;\"]+?)\s*>?\s*")
_ANY_ADDR = re.compile(r"[^\s<>()\[\],;:\"'@]+@[^\s<>()\[\],;:\"'@]+\.[^\s<>()\[\],;:\"'@]+")


def _short(value: str, limit: int = 60) -> str:
    return value if len(value) <= limit else value[: limit - 1] + "…"


def _unquote(value: str) -> str:
    value = value.strip()
    if len(value) >= 2 and value[0] == value[-1] == '"':
        return _QUOTED_PAIR.sub(r"\1", value[1:-1])
    return value.strip('"')


def _storable(value: str) -> str:
    """Text safe for UTF-8 storage: raw header bytes (surrogate escapes) and NUL removed."""
    if not value.isascii():
        value = value.encode("utf-8", "replace").decode("utf-8")
    return value.replace("\0", "") if "\0" in value else value


def _to_bytes(value: str) -> bytes:
    """compat32 strings carry undecodable bytes as surrogate escapes; get the bytes back."""
    try:
        return value.encode("ascii", "surrogateescape")
    except UnicodeEncodeError:  # a real non-ASCII character (not from our parser): keep it
        return value.encode("utf-8", "surrogateescape")


# ---------------------------------------------------------------------------------------------
# HTML → text
#
# A small linear tokenizer rather than html.parser: HTMLParser (3.11) goes quadratic on hostile
# markup such as thousands of unclosed "<a " tags, and one such message must not stall intake.

_HTML_SPACE = re.compile(r"[ \t\r\n\f]+")
# [^<>] rather than [^>]: a stray "<" must not make every later match scan to the end.
_HTML_TOKEN = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9:_-]*)[^<>]*>|<[!?][^<>]*>")
_HTML_INVISIBLE_OPEN = re.compile(r"<(script|style|title|xml|noscript|template)\b|<!--", re.I)
_HTML_CLOSERS = {
    name: re.compile(rf"</{name}\s*>", re.I)
    for name in ("script", "style", "title", "xml", "noscript", "template")
} | {"!--": re.compile(r"-->")}
_HTML_BLOCK = frozenset(
    {
        "p", "div", "tr", "table", "ul", "ol", "blockquote", "pre", "hr", "h1", "h2", "h3",
        "h4", "h5", "h6", "section", "article", "header", "footer", "address", "center",
        "dl", "dt", "dd", "form", "fieldset", "tbody", "thead", "body",
    }
)  # fmt: skip
_MANY_NEWLINES = re.compile(r"\n{3,}")
_META_CHARSET = re.compile(rb"<meta[^<>]+charset\s*=\s*[\"']?\s*([A-Za-z0-9_.:-]+)", re.I)


def _drop_invisible(markup: str) -> str:
    """Remove scripts, styles, titles, Outlook <xml> and comments in one linear pass; an
    unclosed one hides the rest, as it does in a browser."""
    out: list[str] = []
    pos = 0
    while (match := _HTML_INVISIBLE_OPEN.search(markup, pos)) is not None:
        out.append(markup[pos : match.start()])
        closer = _HTML_CLOSERS[match.group(1).lower() if match.group(1) else "!--"]
        end = closer.search(markup, match.end())
        if end is None:
            return " ".join(out)
        pos = end.end()
    out.append(markup[pos:])
    return " ".join(out)


def html_to_text(markup: str) -> str:
    """Readable text of an HTML body: no tags, scripts or styles; <br>, <p>, <div>, <li> keep
    their line breaks; entities unescaped; source whitespace collapsed as a browser does."""
    markup = _drop_invisible(markup)
    out: list[str] = []
    pos = 0
    pre = 0
    for match in _HTML_TOKEN.finditer(markup):
        text = markup[pos : match.start()]
        if text:
            out.append(text if pre else _HTML_SPACE.sub(" ", text))
        pos = match.end()
        tag = match.group(2)
        if tag is None:
            continue  # <!DOCTYPE>, <?xml?>
        tag = tag.lower()
        closing = bool(match.group(1))
        if tag == "br":
            out.append("\n")
        elif tag == "li" and not closing:
            out.append("\n- ")
        elif tag in ("td", "th") and not closing:
            out.append(" ")
        elif tag in _HTML_BLOCK:
            out.append("\n")
            if tag == "pre":
                pre = max(0, pre - 1) if closing else pre + 1
    tail = markup[pos:]
    out.append(tail if pre else _HTML_SPACE.sub(" ", tail))
    text = html.unescape("".join(out)).replace("\xa0", " ")
    text = "\n".join(line.strip() for line in text.split("\n"))
    return _MANY_NEWLINES.sub("\n\n", text).strip()


def _unflow(text: str, delsp: bool) -> str:
    """Join RFC 3676 format=flowed soft line breaks back into paragraphs."""
    out: list[str] = []
    pending: str | None = None
    pending_depth = 0
    for line in text.split("\n"):
        depth = len(line) - len(line.lstrip(">"))
        content = line[depth:]
        if content.startswith(" "):
            content = content[1:]  # space-stuffing
        if pending is not None and depth != pending_depth:
            out.append(pending)
            pending = None
        prefix = ">" * depth + (" " if depth else "")
        soft = content.endswith(" ") and content != "-- "
        piece = content[:-1] if soft and delsp else content
        if pending is None:
            pending, pending_depth = prefix + piece, depth
        else:
            pending += piece
        if not soft:
            out.append(pending)
            pending = None
    if pending is not None:
        out.append(pending)
    return "\n".join(out)


# ---------------------------------------------------------------------------------------------
# The parser

_MAX_DEPTH = 40  # MIME nesting deeper than this is an attack or a loop, not a letter
# Sizes that fit the storage columns (models/messages.py) and file systems (255 bytes a name);
# real mail stays far below them, so only junk is cut.
_MAX_ID = 500
_MAX_ADDRESS = 320
_MAX_NAME = 300
_MAX_FILENAME = 255
_MAX_CONTENT_TYPE = 200
_BODY_TYPES = ("text/plain", "text/html")
_NESTED_MESSAGE_TYPES = frozenset({"message/rfc822", "message/global", "message/news"})
_FORWARD_MARK = "---------- Forwarded message ----------"

# A chunk of body text: kind "plain" or "html" (raw markup, converted only if chosen), or
# "common" (already text, e.g. an inline forwarded message: kept whichever kind wins).
_Chunk = tuple[str, str]


@dataclass(slots=True)
class _PartInfo:
    ctype: str
    params: dict[str, str]
    disposition: str | None
    filename: str | None
    cte: str


def _has_text(chunks: Iterable[_Chunk], kind: str) -> bool:
    return any(k == kind and t.strip() for k, t in chunks)


def _choose_alternative(children: list[list[_Chunk]]) -> list[_Chunk]:
    """multipart/alternative: the first branch with plain text, else the last with HTML."""
    plain = next((c for c in children if _has_text(c, "plain")), None)
    rich = next((c for c in reversed(children) if _has_text(c, "html")), None)
    if plain is None and rich is None:
        return [chunk for child in children for chunk in child]
    out: list[_Chunk] = []
    if plain is not None:
        out.extend(c for c in plain if c[0] != "html")
    if rich is not None:
        out.extend(c for c in rich if c[0] == "html" or plain is None)
    return out


class _MailParser:
    def __init__(self, max_attachment_bytes: int, max_total_attachment_bytes: int) -> None:
        self.max_part = max_attachment_bytes
        self.max_total = max_total_attachment_bytes
        self.total = 0
        self.defects: dict[str, None] = {}  # ordered set
        self.attachments: list[Attachment] = []
        self.part_types: list[str] = []
        self.named_text: list[_Chunk] = []  # text parts that carry a file name

    def defect(self, text: str) -> None:
        self.defects.setdefault(_storable(text), None)

    # -- charsets ---------------------------------------------------------------------------

    def decode(self, data: bytes, label: str | None, context: str = "") -> str:
        """Bytes → text: the declared charset when it tells the truth, otherwise by evidence.

        ``context`` names a header ("header subject") or "filename"; "" means a body part.
        """
        label = " ".join(label.split()).lower() if label else None
        codec = _codec_for(label) if label else None
        if data.isascii() and (codec is None or not codec.startswith(_ASCII_INCOMPATIBLE)):
            return data.decode("ascii")
        if codec is not None:
            text = self._declared(data, codec, label, context)
            if text is not None:
                return text
        return self._guess(data, codec, label, context)

    def _repaired(self, label: str | None, context: str, result: str) -> None:
        if label:
            where = f" in {context}" if context else ""
            self.defect(f"charset: declared {label}, decoded {result}{where}")
        elif context:
            self.defect(f"charset: 8-bit {context}, decoded {result}")
        else:
            self.defect(f"charset: undeclared, decoded {result}")

    def _declared(self, data: bytes, codec: str, label: str | None, context: str) -> str | None:
        if codec == "utf-8":
            return _strict(data, "utf-8")
        if codec in _PERMISSIVE or codec.startswith(("utf-16", "utf-32")):
            # Valid UTF-8 with non-ASCII in it is never real cp1251/koi8-r/latin-1 text.
            as_utf8 = _strict(data, "utf-8")
            if as_utf8 is not None and (not codec.startswith("utf-") or b"\0" not in data):
                self._repaired(label, context, "utf-8")
                return as_utf8
        if codec in _WESTERN_8BIT and _looks_cyrillic_8bit(data):
            cyrillic = _best_cyrillic(data)
            if cyrillic is not None:
                self._repaired(label, context, cyrillic)
                return data.decode(cyrillic, "replace")
        if codec in ("cp1251", "koi8-r", "koi8-u"):
            other = "koi8-r" if codec == "cp1251" else "cp1251"
            sample = data[:_SAMPLE_BYTES]
            declared_score, letters = _russian_score(sample.decode(codec, "replace"))
            other_score, _ = _russian_score(sample.decode(other, "replace"))
            if letters >= _MIN_LETTERS_TO_SWITCH and other_score > declared_score * _SWITCH_MARGIN:
                self._repaired(label, context, other)
                return data.decode(other, "replace")
        if codec == "iso8859-1":
            # What is labelled latin-1 is written by Windows as cp1252 (WHATWG does the same).
            text = _strict(data, "cp1252")
            if text is not None:
                return text
        return _strict(data, codec)

    def _guess(self, data: bytes, codec: str | None, label: str | None, context: str) -> str:
        text = _strict(data, "utf-8")
        if text is not None:
            if label or not context:  # raw UTF-8 in a header is RFC 6532, not a repair
                self._repaired(label, context, "utf-8")
            return text
        text = data.decode("utf-8", "replace")
        bad = text.count("\ufffd")
        good = len(text) - len(text.encode("ascii", "ignore")) - bad
        if good >= 4 * bad:  # a few broken bytes (a truncated line) in otherwise good UTF-8
            self._repaired(label, context, f"utf-8 with {bad} invalid bytes replaced")
            return text
        if codec is not None and codec.startswith(_MULTIBYTE_EAST_ASIAN):
            self._repaired(label, context, f"{codec} with replacements")
            return data.decode(codec, "replace")
        cyrillic = _best_cyrillic(data)
        if cyrillic is not None:
            self._repaired(label, context, cyrillic)
            return data.decode(cyrillic, "replace")
        text = _strict(data, "cp1252")
        if text is not None:
            self._repaired(label, context, "cp1252")
            return text
        self._repaired(label, context, "latin-1")
        return data.decode("latin-1")

    # -- headers ----------------------------------------------------------------------------

    def header_text(self, value: str, name: str) -> str:
        """A header value as a person reads it: 8-bit bytes and RFC 2047 decoded, unfolded."""
        if not value.isascii():
            value = self.decode(_to_bytes(value), None, f"header {name}")
        if "=?" in value:
            value = self._rfc2047(value, name)
        if "\0" in value:
            value = value.replace("\0", "")
        return " ".join(value.split())

    def _rfc2047(self, value: str, name: str) -> str:
        pieces: list[str | tuple[str, bytes]] = []
        pos = 0
        for match in _ENCODED_WORD.finditer(value):
            between = value[pos : match.start()]
            # RFC 2047: whitespace between two adjacent encoded-words is not part of the text.
            if between and not (pieces and isinstance(pieces[-1], tuple) and between.isspace()):
                pieces.append(between)
            label, kind, text, truncated = match.groups()
            if truncated is not None:
                self.defect(f"rfc2047: unterminated encoded-word in header {name}")
                text = truncated
            encoded = text.encode("utf-8", "surrogateescape")
            if kind in "bB":
                data, repaired = _b64decode(encoded)
                if repaired:
                    self.defect(f"rfc2047: bad base64 repaired in header {name}")
            else:
                data = binascii.a2b_qp(encoded.replace(b" ", b"_"), header=True)
            pieces.append((label.lower(), data))
            pos = match.end()
        if pos < len(value):
            pieces.append(value[pos:])
        # Glue neighbouring words of one charset as bytes first: mailers split a multi-byte
        # character across two encoded-words.
        out: list[str] = []
        i = 0
        while i < len(pieces):
            piece = pieces[i]
            if isinstance(piece, str):
                out.append(piece)
                i += 1
                continue
            label, data = piece
            i += 1
            while i < len(pieces):
                following = pieces[i]
                if not isinstance(following, tuple) or following[0] != label:
                    break
                data += following[1]
                i += 1
            out.append(self.decode(data, label or None, f"header {name}"))
        return "".join(out)

    def params(self, value: str) -> tuple[str, dict[str, str]]:
        """Split a Content-Type/Disposition value: first token and parameters (RFC 2231 too)."""
        head, _, _ = value.partition(";")
        params: dict[str, str] = {}
        continued: dict[str, list[tuple[int, bool, str]]] = {}
        for match in _PARAM.finditer(value):
            key = match.group(1).lower()
            raw = match.group(2).strip()
            raw = _unquote(raw) if raw.startswith('"') else raw
            if "*" in key:
                base, _, section = key.partition("*")
                encoded = section == "" or section.endswith("*")
                number = section.rstrip("*")
                index = int(number) if number.isdigit() else 0
                continued.setdefault(base, []).append((index, encoded, raw))
            else:
                params.setdefault(key, raw)
        for base, sections in continued.items():
            sections.sort(key=lambda s: s[0])
            label = None
            data = b""
            for position, (_, encoded, raw) in enumerate(sections):
                if encoded:
                    if position == 0 and raw.count("'") >= 2:
                        label, _language, raw = raw.split("'", 2)
                    data += urllib.parse.unquote_to_bytes(_to_bytes(raw))
                else:
                    data += _to_bytes(raw)
            # RFC 2231 values are the better ones when a mailer sends both forms.
            params[base] = self.decode(data, label or None, "filename")
        return " ".join(head.split()).lower(), params

    def part_info(self, part: Message) -> _PartInfo:
        ct = cd = cte = None
        for name, value in part.raw_items():  # raw: 8-bit filenames survive as surrogates
            lower = name.lower()
            if lower == "content-type" and ct is None:
                ct = str(value)
            elif lower == "content-disposition" and cd is None:
                cd = str(value)
            elif lower == "content-transfer-encoding" and cte is None:
                cte = str(value)
        ctype, params = self.params(ct) if ct else ("", {})
        if len(ctype) > _MAX_CONTENT_TYPE or not _MIME_TYPE.fullmatch(ctype):
            default = part.get_default_type()
            if ct is not None and ct.strip():
                self.defect(f"mime: invalid content-type {_short(ct.strip())!r}, used {default}")
            ctype = default
        disposition = None
        filename = None
        if cd:
            disposition, disp_params = self.params(cd)
            filename = disp_params.get("filename")
        if filename is None:
            filename = params.get("name")
        if filename is not None:
            filename = self.header_text(filename, "filename")
            # Old Outlook sends the full client path; a bare name is safe to store anywhere.
            filename = _fit_filename(re.split(r"[\\/]", filename)[-1].strip()) or None
        cte_value = " ".join((cte or "").split()).strip("\"'").lower()
        cte_value = _CTE_ALIASES.get(cte_value, cte_value)
        return _PartInfo(ctype, params, disposition, filename, cte_value)

    # -- bodies -----------------------------------------------------------------------------

    def part_bytes(self, part: Message, cte: str, is_text: bool) -> bytes:
        # The raw payload: get_payload() would already decode 8-bit text lossily.
        payload = part._payload
        if isinstance(payload, bytes):
            data = payload
        elif isinstance(payload, str):
            data = _to_bytes(payload)
        else:
            return b""
        if cte == "base64":
            return self._base64_body(data, is_text)
        if cte == "quoted-printable":
            return binascii.a2b_qp(data)
        if cte in ("", "7bit", "8bit", "binary"):
            if is_text and b"=" in data and data.isascii() and len(_QP_RUN.findall(data)) >= 3:
                self.defect("cte: undeclared quoted-printable decoded")
                return binascii.a2b_qp(data)
            return data
        if cte in _UU_CTES:
            decoded = part.get_payload(decode=True)
            return decoded if isinstance(decoded, bytes) else data
        self.defect(f"cte: unknown {_short(cte, 30)!r}, used as is")
        return data

    def _base64_body(self, data: bytes, is_text: bool) -> bytes:
        tail = b""
        brk = None
        # The regex is slow on megabytes; bytes.translate rules out the usual clean body fast.
        if data.translate(None, _B64_CLEAN) or b" " in data or b"\t" in data:
            brk = _B64_BREAK.search(data)
        if brk is not None:
            cut = data.rfind(b"\n", 0, brk.start()) + 1
            head, tail = data[:cut], data[cut:]
            if len(head.strip()) < len(tail.strip()):
                self.defect("cte: declared base64 but content is not base64, used as is")
                return data
            data = head
        decoded, repaired = _b64decode(data)
        if repaired:
            self.defect("cte: bad base64 repaired")
        if tail.strip():
            if is_text:
                self.defect("cte: text after base64 data kept")
                return decoded + b"\n" + tail
            self.defect("cte: text after base64 data dropped")
        return decoded

    def text_of(self, data: bytes, info: _PartInfo) -> str:
        label = info.params.get("charset")
        if not label and info.ctype == "text/html" and not data.isascii():
            meta = _META_CHARSET.search(data[:4096])
            if meta is not None:
                label = meta.group(1).decode("ascii")
        text = self.decode(data, label or None)
        if "\r" in text:
            text = text.replace("\r\n", "\n").replace("\r", "\n")
        if "\0" in text:
            text = text.replace("\0", "")
            self.defect("text: NUL characters removed")
        if info.ctype == "text/plain" and info.params.get("format", "").lower() == "flowed":
            text = _unflow(text, info.params.get("delsp", "").lower() == "yes")
        return text

    def attach(self, info: _PartInfo, data: bytes) -> None:
        size = len(data)
        if size == 0 and info.filename is None:
            return
        content: bytes | None = data
        reason = None
        if size > self.max_part:
            content, reason = None, f"exceeds {self.max_part} bytes"
        elif self.total + size > self.max_total:
            content, reason = None, f"exceeds {self.max_total} bytes in total"
        else:
            self.total += size
        self.attachments.append(Attachment(info.filename, info.ctype, size, content, reason))

    # -- the MIME tree ----------------------------------------------------------------------

    def walk(self, part: Message, depth: int, attachments: bool, in_report: bool) -> list[_Chunk]:
        info = self.part_info(part)
        self.part_types.append(info.ctype)
        for found in getattr(part, "defects", ()):
            words = re.sub(r"(?<!^)(?=[A-Z])", " ", type(found).__name__.removesuffix("Defect"))
            self.defect(f"email: {words.lower()}")
        if depth > _MAX_DEPTH:
            self.defect(f"mime: nesting deeper than {_MAX_DEPTH} ignored")
            return []
        payload = part._payload
        maintype = info.ctype.partition("/")[0]
        if isinstance(payload, list):
            if maintype == "message":
                return self._nested(info, payload, depth, attachments, in_report)
            return self._container(info.ctype, payload, depth, attachments, in_report)
        if maintype == "multipart":
            repaired = self._repair_multipart(part, info)
            if repaired is not None:
                return self._container(info.ctype, repaired, depth, attachments, in_report)
            info.ctype = "text/plain"
        return self._leaf(part, info, attachments)

    def _container(
        self, ctype: str, children: list[Message], depth: int, attachments: bool, in_report: bool
    ) -> list[_Chunk]:
        in_report = in_report or ctype == "multipart/report"
        results = [
            self.walk(child, depth + 1, attachments, in_report)
            for child in children
            if isinstance(child, Message)
        ]
        if ctype == "multipart/alternative":
            return _choose_alternative(results)
        return [chunk for result in results for chunk in result]

    def _leaf(self, part: Message, info: _PartInfo, attachments: bool) -> list[_Chunk]:
        is_text = info.ctype.startswith("text/")
        data = self.part_bytes(part, info.cte, is_text)
        if info.ctype in _BODY_TYPES and info.disposition != "attachment":
            kind = "plain" if info.ctype == "text/plain" else "html"
            if info.filename is None or info.disposition == "inline":
                return [(kind, self.text_of(data, info))]
            if attachments:
                # A named text part without a disposition: a file to most clients, but the
                # only text some messages have (see final text in _parse).
                self.named_text.append((kind, self.text_of(data, info)))
        if attachments:
            self.attach(info, data)
        return []

    def _nested(
        self,
        info: _PartInfo,
        payload: list[Message],
        depth: int,
        attachments: bool,
        in_report: bool,
    ) -> list[_Chunk]:
        inner: list[_Chunk] = []
        if info.ctype in _NESTED_MESSAGE_TYPES:
            for sub in payload:
                if isinstance(sub, Message):
                    # Its attachments travel inside its own bytes; do not count them twice.
                    inner.extend(self.walk(sub, depth + 1, False, in_report))
        if attachments:
            self.attach(info, self._serialize(payload))
        if info.ctype not in _NESTED_MESSAGE_TYPES or in_report or info.disposition == "attachment":
            return []
        # An inline forwarded message is part of what the customer is showing us.
        sub = payload[0] if payload and isinstance(payload[0], Message) else None
        lines = [_FORWARD_MARK]
        if sub is not None:
            raw_headers: dict[str, str] = {}
            for name, value in sub.raw_items():  # raw: get() would wrap 8-bit values lossily
                raw_headers.setdefault(name.lower(), str(value))
            for header in ("From", "Date", "Subject"):
                value = raw_headers.get(header.lower())
                if value is not None:
                    lines.append(f"{header}: {self.header_text(value, header.lower())}")
        body = self.final_text(inner)
        return [("common", "\n".join(lines) + ("\n\n" + body if body else ""))]

    def _serialize(self, payload: list[Message]) -> bytes:
        buffer = io.BytesIO()
        try:
            generator = BytesGenerator(buffer, mangle_from_=False, maxheaderlen=0)
            for sub in payload:
                if isinstance(sub, Message):
                    generator.flatten(sub, unixfrom=False)
        except Exception:  # a nested message too broken to write back; the raw still has it
            self.defect("mime: nested message could not be serialised")
        return buffer.getvalue()

    def _repair_multipart(self, part: Message, info: _PartInfo) -> list[Message] | None:
        data = self.part_bytes(part, "", False)
        declared = info.params.get("boundary")
        guess = re.search(
            rb'^--([^\s"]{1,200}?)[ \t]*\r?\n(?:[\x21-\x39\x3b-\x7e]+:|\r?\n)', data, re.M
        )
        if guess is not None:
            boundary = guess.group(1)
            header = b"Content-Type: " + info.ctype.encode() + b'; boundary="' + boundary + b'"'
            sub = email.message_from_bytes(header + b"\n\n" + data, policy=_COMPAT32)
            children = sub._payload
            if isinstance(children, list) and children:
                state = "not found" if declared else "missing"
                shown = boundary.decode("ascii", "replace")
                self.defect(f"multipart: boundary {state}, guessed {_short(shown, 40)!r}")
                return children
        self.defect("multipart: no boundary found, body used as text/plain")
        return None

    def final_text(self, chunks: list[_Chunk]) -> str:
        kind = "plain" if _has_text(chunks, "plain") else "html"
        texts = []
        for chunk_kind, text in chunks:
            if chunk_kind == "common" or chunk_kind == kind:
                texts.append(html_to_text(text) if chunk_kind == "html" else text)
        return "\n\n".join(t.strip() for t in texts if t.strip())

    # -- addresses and ids ------------------------------------------------------------------

    def address(self, value: str, name: str) -> tuple[str, str | None] | None:
        """(lower-case address, display name) of the first mailbox in value, or None."""
        value = " ".join(value.split())
        found = self._address(value, name)
        if found is None and "=?" in value:
            # Some mailers encode the whole "Name <address>" as one encoded-word.
            found = self._address(self.header_text(value, name), name)
        return found

    def _address(self, value: str, name: str) -> tuple[str, str | None] | None:
        display: str | None
        if match := _ANGLE_ADDR.fullmatch(value):
            if match.group(1) is not None:  # "quoted name": unescape \" and \\
                display = _QUOTED_PAIR.sub(r"\1", match.group(1))
            else:  # bare words, sometimes with a stray quote
                display = match.group(2).strip().strip('"')
            address = match.group(3)
        elif match := _BARE_ADDR.fullmatch(value):
            display, address = None, match.group(1)
        else:
            pairs = [(n, a) for n, a in email.utils.getaddresses([value]) if "@" in a]
            if pairs:
                if len(pairs) > 1:
                    self.defect(f"{name}: {len(pairs)} addresses, used the first")
                display, address = pairs[0]
            elif match := _ANY_ADDR.search(value):
                self.defect(f"{name}: address taken from a malformed value")
                display, address = None, match.group(0)
            else:
                return None
        address = self.header_text(address, name).strip("'\"").lower()
        local, _, domain = address.rpartition("@")
        if not local or not domain:
            return None
        display = self.header_text(display, name).strip() if display else ""
        if len(address) > _MAX_ADDRESS:
            self.defect(f"{name}: address longer than {_MAX_ADDRESS} characters")
            return None
        if len(display) > _MAX_NAME:
            display = display[: _MAX_NAME - 1] + "…"
        return address, display or None

    def sender(self, raw_first: dict[str, str]) -> tuple[str, str | None]:
        chosen = None
        for header in ("from", "sender", "return-path"):
            value = raw_first.get(header)
            if value is not None and value.strip() and value.strip() != "<>":
                chosen = header
                break
        if chosen is None:
            self.defect("from: missing")
            return "", None
        if chosen != "from":
            self.defect(f"from: missing, used {chosen}")
        value = raw_first[chosen]
        found = self.address(value, chosen)
        if found is None:
            shown = self.header_text(value, chosen)
            self.defect(f"{chosen}: unparseable address {_short(shown)!r}")
            return "", None
        return found


def _fit_filename(name: str) -> str:
    """Cut an absurdly long file name to 255 UTF-8 bytes, keeping its extension."""
    if len(name.encode()) <= _MAX_FILENAME:
        return name
    stem, dot, extension = name.rpartition(".")
    if not dot or len(extension) > 16:
        stem, extension = name, ""
    suffix = "." + extension if extension else ""
    room = _MAX_FILENAME - len(suffix.encode())
    return stem.encode()[:room].decode("utf-8", "ignore") + suffix


def _message_id(value: str | None) -> str | None:
    if value is None:
        return None
    match = _MSGID.search(value)
    found = "".join(match.group(1).split()) if match else value.strip()
    return found or None


def _references(values: Iterable[str]) -> tuple[str, ...]:
    seen: dict[str, None] = {}
    for value in values:
        ids = ["".join(i.split()) for i in _MSGID.findall(value)]
        if not ids and "@" in value and len(value.split()) == 1:
            ids = [value.strip()]  # a bare id without brackets (some webmail)
        for found in ids:
            if found:
                seen.setdefault(found, None)
    return tuple(seen)


def parse_email(
    raw: bytes,
    *,
    received_at: datetime,
    max_attachment_bytes: int,
    max_total_attachment_bytes: int,
) -> InboundMessage:
    """Parse one e-mail (channel "email"); raise UnparseableMessage for anything that is not mail.

    Never raises anything else: a bug meeting an odd message becomes a quarantine reason.
    """
    if not isinstance(raw, bytes | bytearray | memoryview):
        raise UnparseableMessage(f"not an RFC 5322 message: {type(raw).__name__}, not bytes")
    raw = bytes(raw)
    data, repairs = _sniff(raw)
    try:
        return _parse(
            raw, data, repairs, received_at, max_attachment_bytes, max_total_attachment_bytes
        )
    except UnparseableMessage:
        raise
    except Exception as exc:  # the contract: quarantine with a reason, never crash a backlog
        raise UnparseableMessage(f"parser failed: {type(exc).__name__}: {exc}") from exc


def _parse(
    raw: bytes,
    data: bytes,
    repairs: list[str],
    received_at: datetime,
    max_attachment_bytes: int,
    max_total_attachment_bytes: int,
) -> InboundMessage:
    parser = _MailParser(max_attachment_bytes, max_total_attachment_bytes)
    for repair in repairs:
        parser.defect(repair)
    msg = email.message_from_bytes(data, policy=_COMPAT32)

    headers: list[tuple[str, str]] = []
    raw_first: dict[str, str] = {}
    first: dict[str, str] = {}
    for name, value in msg.raw_items():
        key = name.strip().lower()
        value = str(value)
        decoded = parser.header_text(value, key)
        headers.append((key, decoded))
        raw_first.setdefault(key, value)
        first.setdefault(key, decoded)

    chunks = parser.walk(msg, 0, True, False)
    text = parser.final_text(chunks)
    if not text and parser.named_text:
        # Nothing but named text parts (log.txt sent with no words): that is the text.
        text = parser.final_text(parser.named_text)
    sender, sender_name = parser.sender(raw_first)

    top = parser.part_types[0] if parser.part_types else "text/plain"
    report_type = None
    if top == "multipart/report":
        _, params = parser.params(raw_first.get("content-type", ""))
        report_type = _storable(params.get("report-type", "").strip().lower()) or None

    message_id = _message_id(first.get("message-id"))
    channel_msg_id = message_id
    if message_id is None:
        parser.defect("message-id: missing")
    elif len(message_id) > _MAX_ID:
        # Still one id per message (duplicates still collapse), but one that fits the column.
        parser.defect(f"message-id: longer than {_MAX_ID} characters, hashed")
        channel_msg_id = "sha256:" + hashlib.sha256(message_id.encode()).hexdigest()
        message_id = message_id[:_MAX_ID]
    in_reply_to = _references(
        [v for k, v in headers if k == "in-reply-to"] + [v for k, v in headers if k == "references"]
    )
    return InboundMessage(
        channel="email",
        channel_msg_id=channel_msg_id or "sha256:" + hashlib.sha256(raw).hexdigest(),
        sender=sender,
        subject=first.get("subject", ""),
        text=text,
        received_at=received_at,
        raw=raw,
        sender_name=sender_name,
        headers=tuple(headers),
        attachments=tuple(parser.attachments),
        message_id=message_id,
        in_reply_to=in_reply_to,
        content_type=top,
        report_type=report_type,
        part_types=tuple(parser.part_types),
        parse_defects=tuple(parser.defects),
    )
