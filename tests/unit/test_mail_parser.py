"""parse_email: raw bytes → InboundMessage, repairing real-world mail (S-CH-2).

Most messages are built inline as bytes so each test shows exactly what is broken; the
real-shaped ones live in tests/data/mail/.
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import time
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import quote

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from yudesk.intake.mail_parser import html_to_text, parse_email
from yudesk.intake.message import InboundMessage, UnparseableMessage

MAIL = Path(__file__).resolve().parent.parent / "data" / "mail"
RECEIVED = datetime(2026, 2, 2, 7, 0, tzinfo=UTC)
RU = "Здравствуйте, у нас не работает отчёт по продажам, помогите разобраться."


def parse(
    raw: bytes, *, part_limit: int = 1_000_000, total_limit: int = 5_000_000
) -> InboundMessage:
    return parse_email(
        raw,
        received_at=RECEIVED,
        max_attachment_bytes=part_limit,
        max_total_attachment_bytes=total_limit,
    )


def mail(headers: str, body: bytes | str = b"") -> bytes:
    """A message from header lines (LF) and a body; headers get From/Message-ID if missing."""
    head = headers.strip("\n")
    if "\nfrom:" not in "\n" + head.lower():
        head = "From: Ivan Petrov <ivan@customer.ru>\n" + head
    if "message-id:" not in head.lower():
        head += "\nMessage-ID: <m1@customer.ru>"
    data = body.encode() if isinstance(body, str) else body
    return head.encode() + b"\n\n" + data


def fixture(name: str) -> InboundMessage:
    return parse((MAIL / name).read_bytes())


# -- lying charsets --------------------------------------------------------------------------


def test_koi8r_bytes_declared_utf8_are_decoded() -> None:
    """S-CH-2: koi8-r text labelled utf-8 reads as Russian, and the repair is recorded."""
    msg = parse(mail("Content-Type: text/plain; charset=utf-8", RU.encode("koi8-r")))
    assert msg.text == RU
    assert "charset: declared utf-8, decoded koi8-r" in msg.parse_defects


def test_cp1251_bytes_declared_utf8_are_decoded() -> None:
    """S-CH-2: cp1251 text labelled utf-8 reads as Russian."""
    msg = parse(mail("Content-Type: text/plain; charset=utf-8", RU.encode("cp1251")))
    assert msg.text == RU
    assert "charset: declared utf-8, decoded cp1251" in msg.parse_defects


def test_cp1251_bytes_declared_koi8r_are_decoded() -> None:
    """S-CH-2: a single-byte lie (cp1251 labelled koi8-r) is caught by letter statistics."""
    msg = parse(mail("Content-Type: text/plain; charset=koi8-r", RU.encode("cp1251")))
    assert msg.text == RU
    assert "charset: declared koi8-r, decoded cp1251" in msg.parse_defects


def test_koi8r_bytes_declared_cp1251_are_decoded() -> None:
    """S-CH-2: the other direction of the single-byte lie."""
    msg = parse(mail("Content-Type: text/plain; charset=windows-1251", RU.encode("koi8-r")))
    assert msg.text == RU
    assert "charset: declared windows-1251, decoded koi8-r" in msg.parse_defects


def test_utf8_bytes_declared_cp1251_are_decoded() -> None:
    """S-CH-2: UTF-8 labelled cp1251 would come out as "Р—РґСЂ..."; valid UTF-8 wins."""
    msg = parse(mail("Content-Type: text/plain; charset=windows-1251", RU.encode()))
    assert msg.text == RU
    assert "charset: declared windows-1251, decoded utf-8" in msg.parse_defects


def test_cyrillic_declared_latin1_is_decoded() -> None:
    """S-CH-2: old scripts label cp1251 as iso-8859-1; Cyrillic text is recognised."""
    msg = parse(mail("Content-Type: text/plain; charset=iso-8859-1", RU.encode("cp1251")))
    assert msg.text == RU
    assert "charset: declared iso-8859-1, decoded cp1251" in msg.parse_defects


def test_real_latin1_text_is_kept() -> None:
    """S-CH-2: a truthful latin-1 label is not "repaired" into Cyrillic."""
    msg = parse(
        mail(
            "Content-Type: text/plain; charset=iso-8859-1", "Café crème, déjà vu".encode("latin-1")
        )
    )
    assert msg.text == "Café crème, déjà vu"
    assert not [d for d in msg.parse_defects if d.startswith("charset")]


def test_all_caps_cp1251_is_not_switched_to_koi8r() -> None:
    """S-CH-2: an all-caps cp1251 text (mis-decoded koi8 looks upper-case) keeps its label."""
    msg = parse(
        mail(
            "Content-Type: text/plain; charset=windows-1251",
            "СРОЧНО НЕ РАБОТАЕТ ОТЧЁТ".encode("cp1251"),
        )
    )
    assert msg.text == "СРОЧНО НЕ РАБОТАЕТ ОТЧЁТ"
    assert not [d for d in msg.parse_defects if d.startswith("charset")]


def test_undeclared_8bit_body_is_decoded() -> None:
    """S-CH-2: no charset at all and 8-bit cp1251 bytes."""
    msg = parse(mail("Content-Type: text/plain", RU.encode("cp1251")))
    assert msg.text == RU
    assert "charset: undeclared, decoded cp1251" in msg.parse_defects


@pytest.mark.parametrize("label", ["x-unknown", "windows-1251 ", "cp-1251", "win-1251", '"CP1251"'])
def test_unknown_or_misspelt_charset_names_are_resolved(label: str) -> None:
    """S-CH-2: charset names as mailers really write them."""
    msg = parse(mail(f"Content-Type: text/plain; charset={label}", RU.encode("cp1251")))
    assert msg.text == RU


def test_utf8_spelt_utf8_without_dash_is_utf8() -> None:
    """S-CH-2: "utf8" is UTF-8, no repair needed."""
    msg = parse(mail("Content-Type: text/plain; charset=utf8", RU))
    assert msg.text == RU
    assert not [d for d in msg.parse_defects if d.startswith("charset")]


def test_utf8_with_a_few_broken_bytes_stays_utf8() -> None:
    """S-CH-2: a truncated multi-byte character does not throw the whole text into cp1251."""
    body = RU.encode() + b"\n" + "конец".encode()[:-1]
    msg = parse(mail("Content-Type: text/plain; charset=utf-8", body))
    assert msg.text.startswith(RU)
    assert (
        "charset: declared utf-8, decoded utf-8 with 1 invalid bytes replaced" in msg.parse_defects
    )


def test_8bit_cp1251_subject_is_decoded() -> None:
    """S-CH-2: raw 8-bit bytes in a header (no encoded-word) are decoded by the same heuristic."""
    raw = b"From: a@b.ru\nSubject: " + "Не работает отчёт".encode("cp1251") + b"\n\nx"
    msg = parse(raw)
    assert msg.subject == "Не работает отчёт"
    assert "charset: 8-bit header subject, decoded cp1251" in msg.parse_defects


def test_8bit_utf8_subject_is_not_a_defect() -> None:
    """S-CH-2: raw UTF-8 in headers is RFC 6532, decoded without a repair note."""
    msg = parse(b"From: a@b.ru\nSubject: " + "Не работает отчёт".encode() + b"\n\nx")
    assert msg.subject == "Не работает отчёт"
    assert not [d for d in msg.parse_defects if d.startswith("charset")]


def test_koi8r_fixture_from_an_old_mailer() -> None:
    """S-CH-2: koi8-r subject without encoded-words and a koi8-r body labelled utf-8."""
    msg = fixture("koi8r_old_mailer.eml")
    assert msg.subject == "Ошибка при печати счёта"
    assert msg.sender_name == "Виктор Семенов"
    assert msg.text == "При печати счёта программа закрывается без сообщения об ошибке."


# -- RFC 2047 subjects ----------------------------------------------------------------------


def _subject(value: str) -> str:
    return parse(mail(f"Subject: {value}", "x")).subject


def test_rfc2047_base64_subject_is_decoded() -> None:
    """S-CH-2: B encoding."""
    assert _subject("=?utf-8?B?0J3QtSDRgNCw0LHQvtGC0LDQtdGC?=") == "Не работает"


def test_rfc2047_quoted_printable_subject_is_decoded() -> None:
    """S-CH-2: Q encoding, underscores are spaces."""
    assert (
        _subject("=?utf-8?Q?=D0=9D=D0=B5_=D1=80=D0=B0=D0=B1=D0=BE=D1=82=D0=B0=D0=B5=D1=82?=")
        == "Не работает"
    )


def test_rfc2047_mixed_with_plain_text_is_decoded() -> None:
    """S-CH-2: plain words around encoded-words keep their spaces."""
    subject = _subject("Re: [YU-2026-000123] =?utf-8?B?0J3QtSDRgNCw0LHQvtGC0LDQtdGC?= again")
    assert subject == "Re: [YU-2026-000123] Не работает again"


def test_rfc2047_words_split_inside_a_character_are_joined() -> None:
    """S-CH-2: mailers split a multi-byte character across two adjacent encoded-words."""
    data = "Привет".encode()
    first = base64.b64encode(data[:3]).decode()
    second = base64.b64encode(data[3:]).decode()
    assert _subject(f"=?utf-8?B?{first}?=\n =?UTF-8?B?{second}?=") == "Привет"


def test_rfc2047_adjacent_words_in_different_charsets_are_decoded() -> None:
    """S-CH-2: koi8-r then utf-8 words; whitespace between encoded-words is dropped."""
    koi = base64.b64encode("Не ".encode("koi8-r")).decode()
    utf = base64.b64encode("работает".encode()).decode()
    assert _subject(f"=?koi8-r?B?{koi}?= =?utf-8?B?{utf}?=") == "Не работает"


def test_rfc2047_folded_subject_is_unfolded_and_collapsed() -> None:
    """S-CH-2: folding and runs of whitespace become single spaces."""
    assert _subject("Problem   with\n\t the   report") == "Problem with the report"


def test_rfc2047_word_with_lying_charset_is_decoded() -> None:
    """S-CH-2: an encoded-word labelled utf-8 that holds cp1251 bytes."""
    word = base64.b64encode("Не работает отчёт".encode("cp1251")).decode()
    msg = parse(mail(f"Subject: =?utf-8?B?{word}?=", "x"))
    assert msg.subject == "Не работает отчёт"
    assert "charset: declared utf-8, decoded cp1251 in header subject" in msg.parse_defects


def test_rfc2047_word_without_charset_is_decoded() -> None:
    """S-CH-2: "=??B?...?=" (no charset) is guessed like undeclared 8-bit text."""
    word = base64.b64encode("Не работает".encode()).decode()
    assert _subject(f"=??B?{word}?=") == "Не работает"


def test_rfc2047_bad_base64_padding_is_repaired() -> None:
    """S-CH-2: missing "=" padding inside an encoded-word."""
    word = base64.b64encode("Не работает".encode()).decode().rstrip("=") + "="  # wrong padding
    msg = parse(mail(f"Subject: =?utf-8?B?{word}?=", "x"))
    assert msg.subject == "Не работает"


def test_rfc2047_unterminated_word_is_decoded() -> None:
    """S-CH-2: a subject cut by an MTA in the middle of the last encoded-word."""
    word = base64.b64encode("Не работает".encode()).decode()
    msg = parse(mail(f"Subject: Re: =?utf-8?B?{word}", "x"))
    assert msg.subject == "Re: Не работает"
    assert "rfc2047: unterminated encoded-word in header subject" in msg.parse_defects


def test_rfc2047_q_word_with_literal_spaces_is_decoded() -> None:
    """S-CH-2: broken mailers leave spaces inside Q encoded-words."""
    assert _subject("=?utf-8?Q?Hello world =D0=BC=D0=B8=D1=80?=") == "Hello world мир"


def test_missing_subject_is_empty() -> None:
    """S-CH-2: no Subject header → ""."""
    assert parse(mail("To: support@yucrm.ru", "x")).subject == ""


# -- MIME structure ---------------------------------------------------------------------------


def test_missing_mime_headers_mean_text_plain() -> None:
    """S-CH-2: no Content-Type at all → text/plain."""
    msg = parse(mail("Subject: hi", "Hello\n"))
    assert msg.content_type == "text/plain"
    assert msg.text == "Hello"


def test_invalid_content_type_is_text_plain() -> None:
    """S-CH-2: "Content-Type: text" (no subtype) is read as text/plain and noted."""
    msg = parse(mail("Content-Type: text; charset=utf-8", RU))
    assert msg.content_type == "text/plain"
    assert msg.text == RU
    assert "mime: invalid content-type 'text; charset=utf-8', used text/plain" in msg.parse_defects


def test_crlf_newlines_are_normalised() -> None:
    """S-CH-2: text uses \\n only."""
    msg = parse(b"From: a@b.ru\r\nSubject: x\r\n\r\nline 1\r\nline 2\r\n")
    assert msg.text == "line 1\nline 2"


MULTIPART_BODY = """\
--XYZ
Content-Type: text/plain; charset=utf-8

Текст письма.
--XYZ
Content-Type: application/pdf; name="invoice.pdf"
Content-Transfer-Encoding: base64

JVBERi0xLjQK
--XYZ--
"""


def test_missing_boundary_parameter_is_guessed() -> None:
    """S-CH-2: multipart without boundary= still yields its parts."""
    msg = parse(mail("MIME-Version: 1.0\nContent-Type: multipart/mixed", MULTIPART_BODY))
    assert msg.text == "Текст письма."
    assert [a.filename for a in msg.attachments] == ["invoice.pdf"]
    assert "multipart: boundary missing, guessed 'XYZ'" in msg.parse_defects


def test_wrong_boundary_parameter_is_guessed() -> None:
    """S-CH-2: a boundary that never occurs in the body (quoting bugs)."""
    msg = parse(mail('Content-Type: multipart/mixed; boundary="ABC"', MULTIPART_BODY))
    assert msg.text == "Текст письма."
    assert "multipart: boundary not found, guessed 'XYZ'" in msg.parse_defects


def test_missing_closing_boundary_keeps_all_parts() -> None:
    """S-CH-2: a message cut before the closing delimiter keeps what arrived."""
    body = MULTIPART_BODY.replace("--XYZ--\n", "")
    msg = parse(mail('Content-Type: multipart/mixed; boundary="XYZ"', body))
    assert msg.text == "Текст письма."
    assert [a.size for a in msg.attachments] == [9]
    assert "email: close boundary not found" in msg.parse_defects


def test_multipart_without_any_delimiter_is_read_as_text() -> None:
    """S-CH-2: "multipart" with no parts at all: the body is the text."""
    msg = parse(mail("Content-Type: multipart/mixed", "Просто текст.\n"))
    assert msg.text == "Просто текст."
    assert "multipart: no boundary found, body used as text/plain" in msg.parse_defects


def test_declared_base64_that_is_plain_text_is_used_as_is() -> None:
    """S-CH-2: wrong Content-Transfer-Encoding: the text is not base64 at all."""
    msg = parse(
        mail("Content-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: base64", RU)
    )
    assert msg.text == RU
    assert "cte: declared base64 but content is not base64, used as is" in msg.parse_defects


def test_bad_base64_padding_in_body_is_repaired() -> None:
    """S-CH-2: base64 body with its padding cut off."""
    body = base64.b64encode(RU.encode()).decode().rstrip("=")[:-1]
    msg = parse(
        mail("Content-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: base64", body)
    )
    assert msg.text.startswith(RU[:-2])


def test_base64_chunks_glued_with_inner_padding_are_all_decoded() -> None:
    """S-CH-2: separately encoded chunks concatenated (padding in the middle)."""
    body = base64.b64encode("Первая часть. ".encode()).decode() + "\n"
    body += base64.b64encode("Вторая часть.".encode()).decode() + "\n"
    msg = parse(
        mail("Content-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: base64", body)
    )
    assert msg.text == "Первая часть. Вторая часть."
    assert "cte: bad base64 repaired" in msg.parse_defects


def test_text_footer_after_base64_is_kept() -> None:
    """S-CH-2: a list server appends a plain footer to a base64 text part."""
    body = base64.b64encode(RU.encode()).decode() + "\n-- \nScanned by the antivirus gateway\n"
    msg = parse(
        mail("Content-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: base64", body)
    )
    assert msg.text.startswith(RU)
    assert msg.text.endswith("Scanned by the antivirus gateway")


def test_quoted_printable_garbage_does_not_break_the_text() -> None:
    """S-CH-2: invalid "=" sequences in quoted-printable stay as they are."""
    body = "Price =ZZ 100 =\nsoft break =D0=BC=D0=B8=D1=80 =4"
    msg = parse(
        mail(
            "Content-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: quoted-printable",
            body,
        )
    )
    assert msg.text == "Price =ZZ 100 soft break мир =4"


def test_undeclared_quoted_printable_is_decoded() -> None:
    """S-CH-2: a body plainly in quoted-printable without the header saying so."""
    body = "=D0=9D=D0=B5 =D1=80=D0=B0=D0=B1=D0=BE=D1=82=D0=B0=D0=B5=D1=82 =D0=BE=D1=82=D1=87=D1=91=D1=82"
    msg = parse(mail("Content-Type: text/plain; charset=utf-8", body))
    assert msg.text == "Не работает отчёт"
    assert "cte: undeclared quoted-printable decoded" in msg.parse_defects


def test_unknown_transfer_encoding_is_used_as_is() -> None:
    """S-CH-2: an unknown Content-Transfer-Encoding value does not lose the text."""
    msg = parse(
        mail("Content-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: x-weird", RU)
    )
    assert msg.text == RU
    assert "cte: unknown 'x-weird', used as is" in msg.parse_defects


def test_email_package_defects_are_reported_in_short_form() -> None:
    """S-CH-2: the stdlib's own defect list shows up as readable strings."""
    msg = parse(mail("Content-Type: multipart/mixed", MULTIPART_BODY))
    assert "email: no boundary in multipart" in msg.parse_defects


def test_deep_nesting_is_cut_off_not_crashing() -> None:
    """S-CH-2: pathological MIME nesting does not blow the stack."""
    depth = 60
    body = ""
    for level in range(depth):
        body += f'--b{level}\nContent-Type: multipart/mixed; boundary="b{level + 1}"\n\n'
    body += f"--b{depth}\nContent-Type: text/plain\n\ndeep\n"
    msg = parse(mail('Content-Type: multipart/mixed; boundary="b0"', body))
    assert "mime: nesting deeper than 40 ignored" in msg.parse_defects


# -- text selection ---------------------------------------------------------------------------


def test_html_only_message_is_converted_to_readable_text() -> None:
    """S-CH-2: tags, scripts and styles go; <br>/<p>/<div> keep their line breaks."""
    html = (
        "<html><head><title>T</title><style>p {color: red}</style></head><body>"
        "<p>Добрый&nbsp;день!</p><div>Строка 1<br>Строка 2</div>"
        "<script>alert(1)</script><p>A &amp; B &lt;ok&gt;</p></body></html>"
    )
    msg = parse(mail("Content-Type: text/html; charset=utf-8", html))
    assert msg.text == "Добрый день!\n\nСтрока 1\nСтрока 2\n\nA & B <ok>"


def test_html_charset_from_meta_tag_is_used() -> None:
    """S-CH-2: an HTML part without charset= in the header but with <meta charset>."""
    html = '<html><head><meta charset="windows-1251"></head><body>' + RU + "</body></html>"
    msg = parse(mail("Content-Type: text/html", html.encode("cp1251")))
    assert msg.text == RU


def test_alternative_prefers_plain_text() -> None:
    """S-CH-2: multipart/alternative: text/plain wins over text/html."""
    msg = fixture("outlook_human.eml")
    assert (
        msg.text
        == "Добрый день!\n\nОтчёт по продажам не формируется, ошибка 500.\n\nС уважением,\nНаталья Сидорова"
    )


def test_empty_plain_alternative_falls_back_to_html() -> None:
    """S-CH-2: an empty text/plain alternative does not hide the HTML content."""
    body = """\
--A
Content-Type: text/plain; charset=utf-8


--A
Content-Type: text/html; charset=utf-8

<p>Только HTML</p>
--A--
"""
    msg = parse(mail('Content-Type: multipart/alternative; boundary="A"', body))
    assert msg.text == "Только HTML"


def test_multiple_inline_text_parts_are_concatenated() -> None:
    """S-CH-2: Apple Mail style: text, inline image, more text."""
    body = """\
--M
Content-Type: text/plain; charset=utf-8

Вот скриншот:
--M
Content-Type: image/png
Content-Disposition: inline
Content-Transfer-Encoding: base64

iVBORw0KGgo=
--M
Content-Type: text/plain; charset=utf-8

Что делать?
--M--
"""
    msg = parse(mail('Content-Type: multipart/mixed; boundary="M"', body))
    assert msg.text == "Вот скриншот:\n\nЧто делать?"
    assert [(a.filename, a.content_type, a.size) for a in msg.attachments] == [
        (None, "image/png", 8)
    ]


def test_format_flowed_paragraphs_are_joined() -> None:
    """S-CH-2: RFC 3676 soft line breaks are undone."""
    msg = fixture("human_reply_quoting_autoreply.eml")
    assert msg.text.startswith(
        "Коллега в отпуске, ответьте, пожалуйста, мне. Отчёт так и не формируется."
    )


def test_nul_characters_are_removed_from_text() -> None:
    """S-CH-2: NUL cannot be stored in PostgreSQL text."""
    msg = parse(mail("Content-Type: text/plain", b"a\x00b"))
    assert msg.text == "ab"
    assert "text: NUL characters removed" in msg.parse_defects


def test_html_to_text_survives_broken_markup() -> None:
    """S-CH-2: unclosed tags and a stray <head> do not swallow the body."""
    assert html_to_text("<head><b>Hi <i>there</p></div><br/>x") == "Hi there\n\nx"


# -- attachments ------------------------------------------------------------------------------


def _attachment_message(parts: str) -> bytes:
    body = "--P\nContent-Type: text/plain; charset=utf-8\n\nСм. вложение.\n" + parts + "--P--\n"
    return mail('Content-Type: multipart/mixed; boundary="P"', body)


def test_attachment_is_kept_with_name_type_and_bytes() -> None:
    """S-CH-2: a screenshot is stored with the message."""
    png = base64.b64encode(b"\x89PNG\r\n\x1a\n" + b"x" * 100).decode()
    msg = parse(
        _attachment_message(
            '--P\nContent-Type: image/png\nContent-Disposition: attachment; filename="shot.png"\n'
            f"Content-Transfer-Encoding: base64\n\n{png}\n"
        )
    )
    (att,) = msg.attachments
    assert (att.filename, att.content_type, att.size) == ("shot.png", "image/png", 108)
    assert att.content is not None and att.content.startswith(b"\x89PNG")
    assert msg.text == "См. вложение."


def test_rfc2231_filename_is_decoded() -> None:
    """S-CH-2: filename*=utf-8''... with continuations."""
    msg = parse(
        _attachment_message(
            "--P\nContent-Type: application/pdf\nContent-Disposition: attachment;\n"
            " filename*0*=utf-8''%D0%A1%D1%87%D1%91%D1%82;\n filename*1*=%20%E2%84%96%201.pdf\n\n%PDF\n"
        )
    )
    assert msg.attachments[0].filename == "Счёт № 1.pdf"


def test_rfc2047_filename_is_decoded() -> None:
    """S-CH-2: Outlook/Thunderbird style name="=?utf-8?B?...?=" (not standard, common)."""
    name = base64.b64encode("Договор.docx".encode()).decode()
    msg = parse(
        _attachment_message(
            f'--P\nContent-Type: application/octet-stream; name="=?utf-8?B?{name}?="\n\nDATA\n'
        )
    )
    assert msg.attachments[0].filename == "Договор.docx"


def test_8bit_cp1251_filename_is_decoded() -> None:
    """S-CH-2: raw 8-bit filename bytes are decoded like 8-bit headers."""
    raw = _attachment_message(
        '--P\nContent-Type: application/octet-stream\nContent-Disposition: attachment; filename="'
        '@@@"\n\nDATA\n'
    ).replace(b"@@@", "отчёт за январь.xlsx".encode("cp1251"))
    assert parse(raw).attachments[0].filename == "отчёт за январь.xlsx"


def test_filename_with_a_client_path_keeps_only_the_name() -> None:
    """S-CH-2: "C:\\Users\\...\\file" from old Outlook becomes "file"."""
    msg = parse(
        _attachment_message(
            '--P\nContent-Type: text/plain; name="C:\\\\Users\\\\ivan\\\\log.txt"\n\nlog line\n'
        )
    )
    assert msg.attachments[0].filename == "log.txt"
    assert msg.text == "См. вложение."


def test_attachment_over_the_part_limit_is_omitted() -> None:
    """S-CH-2: too big a part: size known, bytes left in the raw message."""
    data = base64.b64encode(b"x" * 2000).decode()
    msg = parse(
        _attachment_message(
            f"--P\nContent-Type: video/mp4; name=a.mp4\nContent-Transfer-Encoding: base64\n\n{data}\n"
        ),
        part_limit=1000,
    )
    (att,) = msg.attachments
    assert (att.size, att.content, att.omitted_reason) == (2000, None, "exceeds 1000 bytes")


def test_attachments_over_the_total_limit_are_omitted() -> None:
    """S-CH-2: the running total counts kept attachments only; later small ones still fit."""
    parts = ""
    for name, size in (("a.bin", 600), ("b.bin", 600), ("c.bin", 300)):
        parts += f"--P\nContent-Type: application/octet-stream; name={name}\n\n{'x' * size}\n"
    msg = parse(_attachment_message(parts), part_limit=1000, total_limit=1000)
    got = [(a.filename, a.content is not None, a.omitted_reason) for a in msg.attachments]
    assert got == [
        ("a.bin", True, None),
        ("b.bin", False, "exceeds 1000 bytes in total"),
        ("c.bin", True, None),
    ]


def test_nested_rfc822_is_an_attachment_and_its_text_is_shown() -> None:
    """S-CH-2: a forwarded message: stored whole, its text follows the customer's words."""
    msg = fixture("nested_forward_inline.eml")
    assert msg.text.startswith(
        "Пересылаю письмо от бухгалтера.\n\n---------- Forwarded message ----------"
    )
    assert "Subject: Ошибка импорта" in msg.text
    assert msg.text.endswith("Импорт клиентов падает на строке 42.")
    (att,) = msg.attachments
    assert att.content_type == "message/rfc822"
    assert att.content is not None and b"screen.png" in att.content
    assert msg.part_types == (
        "multipart/mixed",
        "text/plain",
        "message/rfc822",
        "multipart/mixed",
        "text/plain",
        "image/png",
    )


def test_bounce_report_type_and_parts_are_recorded() -> None:
    """S-CH-2/S-CH-4: multipart/report keeps its report-type and every part type."""
    msg = fixture("postfix_bounce.eml")
    assert msg.content_type == "multipart/report"
    assert msg.report_type == "delivery-status"
    assert "message/delivery-status" in msg.part_types
    # The returned original is not the bounce's text.
    assert "принято в работу" not in msg.text


# -- identity, ids, headers --------------------------------------------------------------------


def test_sender_is_the_lower_case_from_address_with_decoded_name() -> None:
    """S-CH-2: From is the customer's identity, not Reply-To."""
    msg = parse(
        mail(
            "From: =?utf-8?B?0JjQstCw0L0g0J/QtdGC0YDQvtCy?= <Ivan.Petrov@Customer.RU>\n"
            "Reply-To: other@elsewhere.ru",
            "x",
        )
    )
    assert (msg.sender, msg.sender_name) == ("ivan.petrov@customer.ru", "Иван Петров")


def test_quoted_display_name_is_unescaped() -> None:
    """S-CH-2: "Petrov, Ivan \\"IT\\"" <addr>."""
    msg = parse(mail('From: "Petrov, Ivan \\"IT\\"" <ivan@customer.ru>', "x"))
    assert msg.sender_name == 'Petrov, Ivan "IT"'


def test_sender_falls_back_to_sender_header() -> None:
    """S-CH-2: no From → Sender."""
    msg = parse(b"Sender: Robot <Robot@Customer.ru>\nSubject: x\n\nbody")
    assert msg.sender == "robot@customer.ru"
    assert "from: missing, used sender" in msg.parse_defects


def test_sender_falls_back_to_return_path() -> None:
    """S-CH-2: no From nor Sender → Return-Path."""
    msg = parse(b"Return-Path: <ivan@customer.ru>\nSubject: x\n\nbody")
    assert msg.sender == "ivan@customer.ru"


def test_unparseable_from_gives_empty_sender_and_a_defect() -> None:
    """S-CH-2: the pipeline treats "" as an unknown contact; parsing goes on."""
    msg = parse(b"From: Ivan Petrov from accounting\nSubject: x\n\nbody")
    assert msg.sender == ""
    assert "from: unparseable address 'Ivan Petrov from accounting'" in msg.parse_defects


def test_several_from_addresses_use_the_first() -> None:
    """S-CH-2: From with two mailboxes."""
    msg = parse(b"From: a@customer.ru, b@customer.ru\nSubject: x\n\nbody")
    assert msg.sender == "a@customer.ru"
    assert "from: 2 addresses, used the first" in msg.parse_defects


def test_message_id_is_stripped_of_brackets() -> None:
    """S-CH-2: channel_msg_id is the Message-ID without <>."""
    msg = parse(mail("Message-ID:   <CAF=abc+def@mail.gmail.com>  ", "x"))
    assert msg.message_id == msg.channel_msg_id == "CAF=abc+def@mail.gmail.com"


def test_duplicate_delivery_maps_to_the_same_id() -> None:
    """S-CH-2: the same message delivered twice (different Received) is stored once."""
    base = mail("Message-ID: <dup-1@customer.ru>\nSubject: x", "body")
    first = parse(b"Received: from a by mx1; Mon, 2 Feb 2026 10:00:00 +0300\n" + base)
    second = parse(b"Received: from a by mx2; Mon, 2 Feb 2026 10:00:05 +0300\n" + base)
    assert first.channel_msg_id == second.channel_msg_id == "dup-1@customer.ru"


def test_missing_message_id_gives_a_sha256_id() -> None:
    """S-CH-2: no Message-ID → "sha256:" + sha256 of the raw bytes, stable across runs."""
    raw = b"From: a@b.ru\nSubject: x\n\nbody"
    msg = parse(raw)
    assert msg.message_id is None
    assert msg.channel_msg_id == "sha256:" + hashlib.sha256(raw).hexdigest()
    assert parse(raw).channel_msg_id == msg.channel_msg_id


def test_empty_message_id_gives_a_sha256_id() -> None:
    """S-CH-2: an empty Message-ID header is as good as none."""
    msg = parse(b"From: a@b.ru\nMessage-ID: <>\nSubject: x\n\nbody")
    assert msg.channel_msg_id.startswith("sha256:")


def test_in_reply_to_and_references_are_collected_in_order_without_duplicates() -> None:
    """S-CH-2 (for S-ACK-2): every cited Message-ID, in order, once."""
    msg = parse(
        mail(
            "In-Reply-To: <b@yucrm.ru> (from support)\n"
            "References: <a@yucrm.ru>\n <b@yucrm.ru>\n\t<c@yucrm.ru>",
            "x",
        )
    )
    assert msg.in_reply_to == ("b@yucrm.ru", "a@yucrm.ru", "c@yucrm.ru")


def test_headers_are_kept_in_order_lower_case_and_decoded() -> None:
    """S-CH-2 (for S-CH-4): repeated headers such as Received all stay, decoded."""
    msg = fixture("postfix_bounce.eml")
    names = [name for name, _ in msg.headers]
    assert names[:3] == ["return-path", "delivered-to", "received"]
    assert msg.header("received") == (
        "by mx.customer.ru (Postfix) id 4F1B2C3D4E; Mon, 2 Feb 2026 10:05:02 +0300 (MSK)"
    )
    outlook = fixture("outlook_human.eml")
    assert outlook.header("thread-topic") == "Не формируется отчёт"


def test_raw_and_received_at_are_kept_unchanged() -> None:
    """S-CH-2: the stored raw is exactly what arrived."""
    raw = (MAIL / "gmail_bounce.eml").read_bytes()
    msg = parse(raw)
    assert msg.raw is raw or msg.raw == raw
    assert msg.received_at == RECEIVED
    assert msg.channel == "email"


def test_leading_blank_lines_and_bom_are_tolerated() -> None:
    """S-CH-2: a saved .eml with a BOM and a blank first line still has headers."""
    msg = parse(b"\xef\xbb\xbf\r\nFrom: a@b.ru\r\nSubject: hi\r\n\r\nbody")
    assert (msg.sender, msg.subject, msg.text) == ("a@b.ru", "hi", "body")


def test_mbox_from_line_is_accepted() -> None:
    """S-CH-2: mbox exports start with an envelope "From " line."""
    msg = parse(
        b"From ivan@customer.ru Mon Feb  2 10:00:00 2026\nFrom: ivan@customer.ru\nSubject: hi\n\nbody"
    )
    assert (msg.sender, msg.subject) == ("ivan@customer.ru", "hi")


# -- not mail ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        (b"", "empty input"),
        (b"\r\n \n", "empty input"),
        (
            b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00",
            "not an RFC 5322 message",
        ),
        (b"\x00" * 500 + b"From: a@b.ru\n\nx", "not an RFC 5322 message"),
        (bytes(range(256)) * 4, "not an RFC 5322 message"),
        (
            b"Hello, this is just a note without any headers.\nSecond line.\n",
            "not an RFC 5322 message",
        ),
    ],
    ids=["empty", "whitespace", "png", "nul-heavy", "binary", "no-headers"],
)
def test_garbage_raises_unparseable_message(raw: bytes, reason: str) -> None:
    """S-CH-2: what is not mail is quarantined with a reason, not half-parsed."""
    with pytest.raises(UnparseableMessage) as caught:
        parse(raw)
    assert caught.value.reason.startswith(reason)


def test_headers_without_body_parse() -> None:
    """S-CH-2: headers and nothing else is still a message."""
    msg = parse(b"From: a@b.ru\nSubject: only headers")
    assert (msg.subject, msg.text) == ("only headers", "")


def assert_storable(msg: InboundMessage) -> None:
    """Every string can go into a UTF-8 database column: no surrogate escapes, no NUL."""
    strings = [msg.channel_msg_id, msg.sender, msg.subject, msg.text, msg.content_type]
    strings += [msg.sender_name or "", msg.message_id or "", msg.report_type or ""]
    strings += [*msg.in_reply_to, *msg.part_types, *msg.parse_defects]
    strings += [value for pair in msg.headers for value in pair]
    strings += [a.filename or "" for a in msg.attachments] + [
        a.content_type for a in msg.attachments
    ]
    for value in strings:
        value.encode("utf-8")
        assert "\0" not in value


_FRAGMENTS = [
    b"From: a@b.ru\n",
    b"Subject: =?utf-8?B?0J/RgA?=\n",
    b"Content-Type: multipart/mixed; boundary=X\n",
    b"Content-Type: text/html; charset=koi8-r\n",
    b"Content-Transfer-Encoding: base64\n",
    b"Content-Transfer-Encoding: quoted-printable\n",
    b"Content-Disposition: attachment; filename*=x''%ZZ\n",
    b"Content-Type: message/rfc822\n",
    b"\n",
    b"--X\n",
    b"--X--\n",
    b"<p>hi<br>",
    b"=D0=9F=\n",
    b"\xd0\x9f\xf0\xcf",
    b"Content-Type: text/plain; charset=x-unknown\n",
    b"iVBORw0KGgo=\n",
]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=2048))
def test_fuzz_arbitrary_bytes_parse_or_raise_unparseable(raw: bytes) -> None:
    """S-CH-2: on any bytes, an InboundMessage or UnparseableMessage, never anything else."""
    with contextlib.suppress(UnparseableMessage):
        assert_storable(parse(raw))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.one_of(st.sampled_from(_FRAGMENTS), st.binary(max_size=40)), max_size=30))
def test_fuzz_mail_shaped_bytes_parse_or_raise_unparseable(pieces: list[bytes]) -> None:
    """S-CH-2: mail-shaped fuzz reaches the MIME and charset code, still never crashes."""
    raw = b"From: x@y.ru\n" + b"".join(pieces)
    try:
        msg = parse(raw, part_limit=100, total_limit=300)
    except UnparseableMessage:
        return
    assert msg.raw == raw
    assert_storable(msg)


def test_named_text_parts_are_the_text_when_there_is_nothing_else() -> None:
    """S-CH-2: a message that is only a named text part still has a text (and the file)."""
    body = '--N\nContent-Type: text/plain; name="error.log"\n\nTraceback: boom\n--N--\n'
    msg = parse(mail('Content-Type: multipart/mixed; boundary="N"', body))
    assert msg.text == "Traceback: boom"
    assert [a.filename for a in msg.attachments] == ["error.log"]


def test_outlook_xml_and_comments_are_not_text() -> None:
    """S-CH-2: Word's <xml> settings block and conditional comments are invisible."""
    markup = (
        "<html><head><!--[if gte mso 9]><xml><w:WordDocument><w:View>Normal</w:View>"
        "</w:WordDocument></xml><![endif]--></head><body><p class=MsoNormal>Текст</p></body></html>"
    )
    assert html_to_text(markup) == "Текст"


def test_hostile_html_is_converted_in_linear_time() -> None:
    """S-CH-2: 200,000 unclosed tags (quadratic for html.parser) take well under a second."""
    started = time.perf_counter()
    html_to_text("<a " * 200_000)
    assert time.perf_counter() - started < 2.0


def test_overlong_message_id_is_hashed_to_a_stable_id() -> None:
    """S-CH-2: a 2,000-character Message-ID still gives one storable id per message."""
    long_id = "x" * 2000 + "@spam.example"
    first = parse(mail(f"Message-ID: <{long_id}>", "x"))
    second = parse(b"Received: from elsewhere\n" + mail(f"Message-ID: <{long_id}>", "x"))
    assert first.channel_msg_id == second.channel_msg_id
    assert first.channel_msg_id.startswith("sha256:") and len(first.channel_msg_id) < 100
    assert "message-id: longer than 500 characters, hashed" in first.parse_defects


def test_overlong_filename_is_cut_keeping_its_extension() -> None:
    """S-CH-2: file names fit a file system (255 bytes) and keep their extension."""
    name = "отчёт" * 100 + ".xlsx"
    raw = _attachment_message(
        f"--P\nContent-Type: application/octet-stream\n"
        f"Content-Disposition: attachment; filename*=utf-8''{quote(name)}\n\nDATA\n"
    )
    filename = parse(raw).attachments[0].filename
    assert filename is not None and filename.endswith(".xlsx")
    assert len(filename.encode()) <= 255
