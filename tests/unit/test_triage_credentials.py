"""Credentials in a customer's text (S-CRED-1): detected by kind, hard negatives left alone,
spans into the original text, and never echoed in evidence or JSON output."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from yudesk.triage import classify, find_credentials, mask_secrets
from yudesk.triage.credentials import detectors, mask_for, scan, scrub


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
