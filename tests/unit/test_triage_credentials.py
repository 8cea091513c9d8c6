"""Credentials in a customer's text (S-CRED-1): detected by kind, hard negatives left alone,
spans into the original text, and never echoed in evidence or JSON output."""

from __future__ import annotations

import json

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from yudesk.triage import CredentialSpan, classify, find_credentials, mask_secrets
from yudesk.triage.credentials import (
    detectors,
    mask_for,
    mask_spans,
    merge_spans,
    scan,
    scrub,
)
from yudesk.triage.pipeline import _quote


def _secrets(text: str) -> list[str]:
    return [text[s.start : s.end] for s in find_credentials(text) if s.kind != "login"]


@pytest.mark.parametrize(
    ("text", "secret", "kind"),
    [
        ("пароль: Qwerty2026", "Qwerty2026", "password"),
        ("Пароль — 12345678", "12345678", "password"),
        ("password is hunter22", "hunter22", "password"),
        ("pwd=Tr0ub4dor&3", "Tr0ub4dor&3", "password"),
        ("пасс: Vesna!2026", "Vesna!2026", "password"),
        ("логин: manager1 пароль: Vesna2026", "Vesna2026", "login_password"),
        ("доступ в панель: beget_admin / Qwe!2345", "Qwe!2345", "login_password"),
        (
            "Ключ apikey=yu_live_A1b2C3d4E5f6G7h8 не проходит",
            "yu_live_A1b2C3d4E5f6G7h8",
            "api_token",
        ),
        ("тестовый yu_test_Zz81Kq0pLm3N", "yu_test_Zz81Kq0pLm3N", "api_token"),
        (
            "Authorization: Bearer 9f8e7d6c5b4a39281706f5e4d3c2b1a0",
            "9f8e7d6c5b4a39281706f5e4d3c2b1a0",
            "bearer",
        ),
        (
            "jwt eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0In0.dozjgNryP4J3jVmNHl0w5N_Xg",
            "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0In0.dozjgNryP4J3jVmNHl0w5N_Xg",
            "jwt",
        ),
        ("secret=AbC123dEf456GhI789", "AbC123dEf456GhI789", "key_value"),
        ("токен: 4f9a8b7c6d5e4f3a2b1c0d9e", "4f9a8b7c6d5e4f3a2b1c0d9e", "key_value"),
        ("DATABASE_URL=postgres://crm:S3cr3tPw@db.local:5432/crm", "S3cr3tPw", "dsn"),
        ("mysql://report:Rp_9xT2w@db.shop.ru:3306/shop", "Rp_9xT2w", "dsn"),
        ("FTP: u123456 / Hx7!kd93", "Hx7!kd93", "login_password"),
        ("ssh root@185.10.20.30 пароль от рута Gh5!qq", "Gh5!qq", "password"),
        ("Chrome Remote Desktop PIN: 584120", "584120", "pin"),
    ],
)
def test_credential_kind_is_detected(text: str, secret: str, kind: str) -> None:
    """S-CRED-1: each kind of secret a customer sends is found, with its exact span."""
    spans = find_credentials(text)
    found = {text[s.start : s.end]: s.kind for s in spans}
    assert found.get(secret) == kind, found


def test_login_of_a_pair_is_masked_too() -> None:
    """S-CRED-1: a login sent with its password is access data and is masked with it."""
    text = "логин: manager1 пароль: Vesna2026"
    assert mask_secrets(text) == "логин: *** пароль: ***"


def test_ssh_access_is_detected() -> None:
    """S-CRED-1: `ssh user@host` is access data."""
    kinds = {s.kind for s in find_credentials("ssh root@185.10.20.30 пароль от рута Gh5!qq")}
    assert {"ssh", "password"} <= kinds


def test_password_in_signature_line_is_found() -> None:
    """S-CRED-1: detection runs on the original text, signature included."""
    text = "Настройте почту.\n\nС уважением, Иван\nпароль от ящика: Ivan#Box77"
    result = classify(text)
    assert result.credentials
    assert "Ivan#Box77" in [text[s.start : s.end] for s in result.secret_spans]


def test_lookalike_key_word_is_found() -> None:
    """S-CRED-1: "пapoль" typed with Latin a/p/o still announces a password."""
    text = "пapoль: Gh7!kLm2"  # Latin a, p, o
    assert _secrets(text) == ["Gh7!kLm2"]


@pytest.mark.parametrize(
    "text",
    [
        "забыл пароль, как восстановить?",
        "как сменить пароль пользователю?",
        "пароль не подходит",
        "сбросьте пароль, пожалуйста",
        "пароль: не приходит смс",
        "логин и пароль не подходят",
        "токен истёк, как получить новый?",
        "где в настройках api key?",
        "token expired after 3600 seconds",
        "какой заголовок Bearer нужен для вебхуков?",
        "по обращению YU-2026-000123 нет ответа",
        "перезвоните на +7 (912) 345-67-89",
        "ИНН 7701234567, заказ № 100234",
        "id записи 3fa85f64-5717-4562-b3fc-2c963f66afa6 не открывается",
        "справка тут https://help.yucrm.ru/articles/how-to-import-contacts-from-excel",
        "Отчёты / Звонки не открываются",
        "как через API получить токен?",
        "пин-код не приходит",
    ],
)
def test_hard_negative_is_not_a_credential(text: str) -> None:
    """S-CRED-1: talk about passwords and tokens, IDs, phones and URLs are not secrets."""
    assert find_credentials(text) == []
    assert classify(text).credentials is False


@pytest.mark.parametrize("det", detectors(), ids=lambda d: d.id)
def test_credential_detector_examples(det: object) -> None:
    """S-CRED-1: every detector of rules/credentials.yaml fires on its examples and on none
    of its counter-examples (a test per rule)."""
    for example in det.examples:  # type: ignore[attr-defined]
        assert any(f.detector.id == det.id for f in scan(example)), example  # type: ignore[attr-defined]
    for counter in det.counter:  # type: ignore[attr-defined]
        assert scan(counter) == [], counter


PLANTED = [
    "Qwe!2345zz",
    "Kmf!ftp2026",
    "yu_live_Wq3Nz8Kd1Xp6Vt4Lm9Rb",
    "9c4e1f7a2b8d6035e4f1a9c7b3d2e8f0",
    "Zd*m!night55",
]
TEMPLATES = [
    "Настройте, пожалуйста, почту. Пароль от панели: admin / {s}",
    "ключ apikey={s} не проходит авторизацию, что не так?",
    "логин: manager пароль: {s}\nС уважением, Иван",
    "Hi, our API token: {s}\nThanks",
    "пароль {s} — не работает вход, у всех сотрудников ошибка",
]


@pytest.mark.parametrize("secret", PLANTED)
@pytest.mark.parametrize("template", TEMPLATES)
def test_no_secret_echoed_in_evidence_or_json(template: str, secret: str) -> None:
    """S-CRED-1: no run of 4+ characters of a planted secret appears in the evidence or the
    JSON output, and the result still says credentials=True."""
    text = template.format(s=secret)
    result = classify(text)
    assert result.credentials
    out = json.dumps(result.to_json(), ensure_ascii=False)
    for i in range(len(secret) - 3):
        assert secret[i : i + 4] not in out, (secret[i : i + 4], out)


def test_mask_never_shares_a_character_with_the_secret() -> None:
    """S-CRED-1: a password holding "*" is not masked with "***"."""
    assert set(mask_for("Zd*m!night55")) & set("Zd*m!night55") == set()
    masked = mask_secrets("пароль: Zd*m!night55")
    assert masked.startswith("пароль: ") and "*" not in masked


def test_scrub_masks_runs_of_a_secret_elsewhere() -> None:
    """S-CRED-1: a secret repeated elsewhere (e.g. in a company name) is masked there too."""
    assert "beget" not in scrub('span="хостинг beget_admin"', ["beget_admin"]).lower()


@settings(max_examples=60, deadline=None)
@given(
    secret=st.text(
        alphabet=st.sampled_from("abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789!#_"),
        min_size=8,
        max_size=20,
    ).filter(lambda s: any(c.isdigit() for c in s) and any(c.isalpha() for c in s)),
    template=st.sampled_from(TEMPLATES),
)
def test_planted_secret_never_leaks_property(secret: str, template: str) -> None:
    """S-CRED-1 (property): whatever the password, it is detected and never echoed."""
    text = template.format(s=secret)
    result = classify(text)
    assert result.credentials
    out = json.dumps(result.to_json(), ensure_ascii=False).lower()
    for i in range(len(secret) - 3):
        assert secret[i : i + 4].lower() not in out


# --- overlapping secrets, the subject, and the detectors for less explicit secrets ----------


def _covered(text: str, secret: str) -> bool:
    """Every character of every occurrence of ``secret`` lies inside a found span."""
    spans = find_credentials(text)
    at = text.find(secret)
    assert at >= 0
    while at >= 0:
        if not all(any(s.start <= i < s.end for s in spans) for i in range(at, at + len(secret))):
            return False
        at = text.find(secret, at + 1)
    return True


def test_password_running_into_a_token_is_masked_whole() -> None:
    """S-CRED-1: a password followed by a token with no whitespace between (a literal
    backslash-n) overlaps the token's span: both are masked, no character escapes."""
    text = "Логин admin, пароль: Qwe!2345zX\\napikey=yu_live_A1b2C3d4E5f6G7h8J9k0"
    masked = mask_secrets(text)
    for secret in ("Qwe!2345zX", "yu_live_A1b2C3d4E5f6G7h8J9k0", "admin"):
        assert _covered(text, secret), secret
        assert all(secret[i : i + 4] not in masked for i in range(len(secret) - 3)), masked
    assert classify(text).credentials


def test_overlapping_and_touching_spans_are_merged_not_dropped() -> None:
    """S-CRED-1: mask_spans covers the union of the spans it is given, in any order."""
    text = "abcdefghijklmnop"
    spans = [
        CredentialSpan(6, 12, "api_token"),
        CredentialSpan(2, 8, "password"),
        CredentialSpan(12, 14, "pin"),
    ]
    masked = mask_spans(text, spans)
    assert masked.startswith("ab") and masked.endswith("op")
    assert not any(ch in masked for ch in "cdefghijklmn")
    merged = merge_spans(spans)
    assert [(s.start, s.end) for s in merged] == [(2, 14)]


def test_token_after_key_word_keeps_its_kind_and_key() -> None:
    """S-CRED-1: "ключ apikey=yu_live_…" masks the token, not the key word "apikey="."""
    text = "Ключ apikey=yu_live_A1b2C3d4E5f6G7h8 не проходит"
    assert mask_secrets(text) == "Ключ apikey=*** не проходит"
    assert [s.kind for s in find_credentials(text)] == ["api_token"]


def test_secret_in_the_subject_is_found_masked_and_flagged() -> None:
    """S-CRED-1: the intake scans the subject too (vault.scan_message); classify() flags it
    and never echoes it."""
    subject = "Доступ к FTP: ftpuser / Kd8!sh2xQ"
    spans = find_credentials(subject)
    assert "Kd8!sh2xQ" in [subject[s.start : s.end] for s in spans]
    result = classify("см. тему, пожалуйста", subject=subject, channel="email")
    assert result.credentials
    out = json.dumps(result.to_json(), ensure_ascii=False)
    assert "Kd8!" not in out and "sh2x" not in out


@pytest.mark.parametrize(
    ("text", "secret"),
    [
        (
            "пароль приложения не подходит, я ввёл ybzkwpqrtmnslxvc а он пишет ошибка",
            "ybzkwpqrtmnslxvc",
        ),
        (
            "пароль SMTP виден открытым текстом (у нас видно Mail_Pass_2026!). Небезопасно",
            "Mail_Pass_2026!",
        ),
        ("пароль приложения: abcd efgh ijkl mnop", "abcd efgh ijkl mnop"),
        ("пароль для внешних приложений (без кавычек) «mT7kQpL2zWx9RvNa»", "mT7kQpL2zWx9RvNa"),
        (
            "AccountName=acme;AccountKey=Zm9vYmFyYmF6cXV4MTIz=;EndpointSuffix=core",
            "Zm9vYmFyYmF6cXV4MTIz=",
        ),
        ("mango_api_key=k7Fv2Lq9Tm4Xn8Rb\nmango_salt=Zp3Wc6Hd1Ys5", "Zp3Wc6Hd1Ys5"),
        ("вебхук: https://ourcompany.bitrix24.ru/rest/1/r8k2mx9qz4tvwp7l/", "r8k2mx9qz4tvwp7l"),
        (
            "https://hooks.slack.com/services/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",
            "q7Rk2LmN9vPz4XwT8sYc1HbJ",
        ),
        ("роутер 192.168.1.1 admin/Keenetic_9911", "Keenetic_9911"),
        ("вот доступ если надо voronina@agro-plus.ru / Vr!2025agro", "Vr!2025agro"),
        ("зайдите сами, вот доступ: rukovod@stroylider.ru Qwerty2025stroy", "Qwerty2025stroy"),
        ("Chrome Remote Desktop; access code: 7394 0215 8863", "7394 0215 8863"),
        ("TeamViewer ID 1 456 882 019 pass tv7731pk", "tv7731pk"),
        ("парль: Zxc12345", "Zxc12345"),
        ("пин-код 4821, подключитесь", "4821"),
        (
            "логин: import_user пароль такой же как логин только с 2025 в конце: import_user2025",
            "import_user2025",
        ),
    ],
)
def test_less_explicit_secret_is_found_and_covered(text: str, secret: str) -> None:
    """S-CRED-1: secrets without a neat "пароль: x" - typed into a field, shaped like a
    password, quoted, in a connection string or a webhook URL, a login/password pair
    without key words, grouped digits - are found, and every character is masked."""
    assert _covered(text, secret)
    masked = mask_secrets(text)
    elsewhere = text.replace(secret, " ")  # a login may share letters with its password
    for i in range(len(secret) - 3):
        run = secret[i : i + 4]
        assert run in elsewhere or run not in masked, masked


@pytest.mark.parametrize(
    "text",
    [
        "ввёл пароль от почты, а он пишет ошибка",
        "пароль указал в настройках SMTP, порт 465, сервер smtp.mail.ru",
        "Пароли храните в менеджере паролей KeePass2",
        "How do we pass it — string or id?",
        "пример:\nPOST /api/v2/contacts",
        "sort_key=created_at",
        "пишите на info@firm.ru / +7 912 345-67-89",
        "в разделе admin/settings ошибка",
        "пароль продиктую по телефону",
        "ключ <API_KEY> вставил в заголовок",
        "пин-код 4 цифры?",
        "в поле «Пароль» пишет «Неверный пароль»",
    ],
)
def test_more_hard_negatives_are_not_credentials(text: str) -> None:
    """S-CRED-1: talk about passwords, HTTP paths, settings keys, phones and placeholders."""
    assert find_credentials(text) == []


def test_scan_is_cached_for_the_intakes_second_look() -> None:
    """The intake asks find_credentials() about the text classify() has just scanned: the
    second look is a cache hit and returns the same spans."""
    text = "пароль от панели: admin / Qwe!2345xy"
    assert find_credentials(text) == find_credentials(text)
    assert scan(text) == scan(text)


# Templates that put one secret of each kind into a message; {s} is the secret.
KIND_TEMPLATES = [
    ("пароль: {s}", "pw"),
    ("логин manager пароль {s}", "pw"),
    ("доступ в админку: admin / {s}", "pw"),
    ("apikey={s}", "key"),
    ("Authorization: Bearer {s}", "key"),
    ("DATABASE_URL=postgres://crm:{s}@db.local:5432/crm", "pw"),
    ("client_secret={s}", "key"),
]
_WORDS = st.sampled_from(
    [
        "Добрый",
        "день",
        "подскажите",
        "пожалуйста",
        "не",
        "работает",
        "CRM",
        "воронка",
        "сделка",
        "срочно",
        "спасибо",
        "Hello",
        "please",
        "check",
        "our",
        "account",
        "thanks",
        "Иван",
        "ООО",
        "Ромашка",
        "+7",
        "(912)",
        "345-67-89",
        "—",
        ",",
        ".",
        "!",
        "?",
    ]
)
_PW_ALPHABET = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789!#%_"


@settings(max_examples=150, deadline=None)
@given(
    before=st.lists(_WORDS, max_size=12),
    after=st.lists(_WORDS, max_size=12),
    sep=st.sampled_from([" ", "\n", "\n\n", " \n"]),
    secret=st.text(alphabet=st.sampled_from(_PW_ALPHABET), min_size=10, max_size=32).filter(
        lambda s: (
            any(c.isdigit() for c in s)
            and any(c.islower() for c in s)
            and any(c.isupper() for c in s)
        )
    ),
    template=st.sampled_from(KIND_TEMPLATES),
)
def test_mask_secrets_leaves_no_run_of_a_planted_secret(
    before: list[str], after: list[str], sep: str, secret: str, template: tuple[str, str]
) -> None:
    """S-CRED-1 (property): whatever text surrounds a planted secret of each kind,
    mask_secrets() output holds no 4+ character run of it (runs that the surrounding words
    contain by chance are allowed)."""
    body, kind = template
    if kind == "key":
        secret = "".join(c for c in secret if c.isalnum())
        assume(len(secret) >= 16)
    text = " ".join(before) + sep + body.format(s=secret) + sep + " ".join(after)
    context = (" ".join(before) + " " + " ".join(after)).lower()
    masked = mask_secrets(text).lower()
    for i in range(len(secret) - 3):
        run = secret[i : i + 4].lower()
        if run in context or run in body.lower():
            continue
        assert run not in masked, (run, text, masked)


def test_evidence_never_copies_a_secret_shaped_word_no_detector_saw() -> None:
    """S-CRED-1 (defence in depth): a token that looks like a secret but that no detector
    recognised is still not copied into the evidence spans; ticket IDs stay readable."""
    text = "Настройте Xq7rTz91 нам права доступа. По обращению YU-2026-000101 нет ответа"
    result = classify(text)
    assert not result.credentials  # no key word: no detector claims it
    out = json.dumps(result.to_json(), ensure_ascii=False).lower()
    assert any('span="настройте *** нам"' in line for line in result.evidence)
    assert "xq7rtz91" not in out
    assert _quote("по обращению YU-2026-000101, 502 в 12:30") == (
        "по обращению YU-2026-000101, 502 в 12:30"
    )


def test_key_typed_into_a_quoted_field_is_a_credential() -> None:
    """S-CRED-1: a key word written as a quoted field name ("в поле «API ключ» вставил …",
    "в поле «секрет» — …") still announces the value after it."""
    text = (
        "настраиваю интеграцию: в поле «API ключ» вставил 8f2d9a71c4e6b3f0a5d1, "
        "в поле «секрет» — nvf_sec_T7qLx2Rw9Kp4. пишет «неверные данные»"
    )
    result = classify(text)
    assert result.credentials
    secrets = {text[s.start : s.end] for s in find_credentials(text)}
    assert {"8f2d9a71c4e6b3f0a5d1", "nvf_sec_T7qLx2Rw9Kp4"} <= secrets
