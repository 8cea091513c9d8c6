"""Generated robustness suites for the three flags: every combination of a few ways of saying
a thing, not any writer's words. Each test is one behaviour, checked over the whole grid, so a
rule edit that closes one writer's case and opens a hole for a whole family of wordings fails
here. The grids were first run as sweeps in round 23 (tests/data/triage/README.md); what they
found then is now a rule, and these keep it so. Bare layouts that mean nothing without a key
word ("admin : Qwerty2026", "pass qwerty") are not in the grids: a reader cannot tell them
from prose either.
"""

from __future__ import annotations

import itertools
import json
from collections.abc import Iterable

import pytest

from yudesk.triage import classify
from yudesk.triage.abuse import _load, find_abuse

# --- credentials (S-CRED-1) ---------------------------------------------------------------

PASSWORD_KEYS = [
    "пароль",
    "Пароль",
    "ПАРОЛЬ",
    "пароль от почты",
    "пароль для входа",
    "пароль от админки",
    "новый пароль",
    "пароль от вайфая",
    "пароль пользователя admin",
    "password",
    "Password",
    "pwd",
    "пасс",
]
SEPARATORS = [": ", " - ", " — ", " – ", "=", ":\n", " -- "]
PASSWORDS = ["Qwerty2026", "kd93mzq1", "Zx!9_pq", "Ромашка2024", "Buh_Roza_11", "mT7kQpL2zWx9"]
CARRIERS = [
    "Добрый день. {x}. Настройте почту",
    "{x}",
    "зайдите к нам, {x}, посмотрите отчёт",
    "Hi! {x} — please check",
]


def _found_and_masked(text: str, secret: str) -> bool:
    result = classify(text)
    spans = [text[sp.start : sp.end] for sp in result.secret_spans]
    out = json.dumps(result.to_json(), ensure_ascii=False)
    return result.credentials and any(secret in sp for sp in spans) and secret[:5] not in out


@pytest.mark.parametrize("key", PASSWORD_KEYS)
def test_a_password_after_any_key_word_and_separator_is_found_and_masked(key: str) -> None:
    """S-CRED-1: a password after its key word is found, whatever the separator (a colon, a
    dash, an en dash, two hyphens, "=", a line break), the shape of the password and the
    sentence around it, and no five characters of it reach the output."""
    missed = [
        (sep, pw, carrier)
        for sep, pw, carrier in itertools.product(SEPARATORS, PASSWORDS, CARRIERS)
        if not _found_and_masked(carrier.format(x=f"{key}{sep}{pw}"), pw)
    ]
    assert not missed, missed


PAIR_LAYOUTS = [
    "логин: {l} пароль: {p}",
    "логин {l} пароль {p}",
    "логин {l}, пароль {p}",
    "вход {l} / {p}",
    "учетка {l} {p}",
    "доступ: {l} {p}",
    "login: {l}\npassword: {p}",
    "логин - {l}\nпароль - {p}",
    "Логин: {l}; Пароль: {p}",
    "user {l} pass {p}",
    "под {l} с паролем {p}",
    "логин/пароль {l}/{p}",
    "логин и пароль: {l} {p}",
    "данные для входа {l} {p}",
    "заходите под {l}, пароль {p}",
    "учётная запись {l}, пароль {p}",
]
LOGINS = ["admin", "ivanov@firma.ru", "buh2", "+79161234567", "manager_1"]


@pytest.mark.parametrize("layout", PAIR_LAYOUTS)
def test_a_login_and_password_pair_is_found_in_every_common_layout(layout: str) -> None:
    """S-CRED-1: a login and its password are found, and the password masked, in the layouts
    people type them in, for logins that are words, e-mails, phones or have digits."""
    missed = [
        (login, pw)
        for login, pw, carrier in itertools.product(LOGINS, PASSWORDS[:4], CARRIERS[:3])
        if not _found_and_masked(carrier.format(x=layout.format(l=login, p=pw)), pw)
    ]
    assert not missed, missed


# --- abusive (S-POST-1) -------------------------------------------------------------------

_LATIN_SHAPE = {"а": "a", "е": "e", "о": "o", "р": "p", "с": "c", "х": "x", "у": "y"}
_LATIN_CAPITAL = {"в": "B", "н": "H", "к": "K", "м": "M", "т": "T", "а": "A", "е": "E"}
_LATIN_SOUND = {"б": "b", "з": "z", "д": "d", "л": "l", "п": "p", "и": "i", "г": "g", "й": "y"}


def _disguises(word: str) -> list[str]:
    """The ways people hide a word: one or two letters starred, an "@", a Latin letter of the
    same shape (lower case, or upper case in a word in capitals) or of the same sound,
    capitals, dots between the letters, a stretched last letter."""
    n = len(word)
    out = [word[:i] + "*" + word[i + 1 :] for i in range(1, n - 1)]
    out += [word[:i] + "**" + word[i + 2 :] for i in range(1, n - 2)]
    out += [word[:i] + "@" + word[i + 1 :] for i in range(1, n - 1)]
    upper = word.upper()
    for i, ch in enumerate(word):
        if ch in _LATIN_SHAPE:
            out.append(word[:i] + _LATIN_SHAPE[ch] + word[i + 1 :])
        if ch in _LATIN_CAPITAL:
            out.append(upper[:i] + _LATIN_CAPITAL[ch] + upper[i + 1 :])
        if ch in _LATIN_SOUND:
            out.append(word[:i] + _LATIN_SOUND[ch] + word[i + 1 :])
    out += [upper, ".".join(word), word + word[-1] * 3]
    return out


def _cyrillic_lexicon() -> list[str]:
    return sorted(w for w in _load()[2].all_words if all("а" <= c <= "я" for c in w))


def test_every_disguise_of_every_lexicon_word_is_abusive() -> None:
    """S-POST-1: each full form of the мат lexicon that is found plain is found however it
    is disguised (about 4,600 variants)."""
    missed = []
    for word in _cyrillic_lexicon():
        if not find_abuse(f"ну это {word} конечно"):
            continue  # a form the rules leave to context (e.g. "манду": dumplings)
        missed += [v for v in _disguises(word) if not find_abuse(f"ну это {v} конечно")]
    assert not missed, missed[:30]


# --- critical (S-PRI-1) -------------------------------------------------------------------

SERVICES = [
    "CRM",
    "срм",
    "YUcrm",
    "система",
    "раздел сделок",
    "модуль склада",
    "телефония",
    "интеграция с почтой",
    "календарь",
    "API",
    "мобильное приложение",
    "вебхуки",
    "воронка",
    "личный кабинет",
]
FAILURES = [
    "не работает",
    "не открывается",
    "лежит",
    "упал",
    "недоступен",
    "выдаёт ошибку 500",
    "висит и не грузится",
    "отвалился",
    "показывает белый экран",
    "бесконечно крутит загрузку",
]
EVERYONE = [
    "у всех сотрудников",
    "у всей компании",
    "ни у кого",
    "у всех 30 менеджеров",
    "во всех филиалах",
    "у всех пользователей",
    "у каждого пользователя",
    "по всей компании",
]
ONE_PERSON = [
    "только у меня",
    "у одного менеджера",
    "у Ивановой",
    "у меня на ноутбуке",
    "у двух сотрудников, у остальных всё нормально",
    "у нового стажёра",
    "на одном ноутбуке",
]
TAILS = ["с утра.", "уже час. Работа стоит.", "второй час. Срочно!!!", ". Что происходит?"]


def _critical_misjudged(texts: Iterable[str], want: bool) -> list[str]:
    """The messages whose critical verdict is not ``want``."""
    return [text for text in texts if classify(text).critical is not want]


@pytest.mark.parametrize("service", SERVICES)
def test_a_service_down_for_everyone_is_critical_however_it_is_said(service: str) -> None:
    """S-PRI-1: a service of the CRM down for everyone is critical, whatever the verb and the
    words for "everyone"."""
    grid = itertools.product(FAILURES, EVERYONE, TAILS)
    missed = _critical_misjudged((f"{service} {f} {who} {t}" for f, who, t in grid), True)
    assert not missed, missed


@pytest.mark.parametrize("service", SERVICES)
def test_the_same_failure_for_one_person_or_device_is_not_critical(service: str) -> None:
    """S-PRI-1: the same words for one user, one named colleague, one device or two people
    are a normal ticket, however urgent the tail ("Срочно!!!", "Работа стоит")."""
    grid = itertools.product(FAILURES, ONE_PERSON, TAILS)
    alarms = _critical_misjudged((f"{service} {f} {who} {t}" for f, who, t in grid), False)
    assert not alarms, alarms


EN_SERVICES = ["The CRM", "YUcrm", "The Deals module", "Telephony", "The mobile app", "The API"]
EN_FAILURES = [
    "is down",
    "won't load",
    "keeps timing out",
    "returns 502",
    "shows a blank page",
    "has stopped working",
    "crashes on start",
]
EN_EVERYONE = ["for all our users", "for the whole team", "across all branches", "for every user"]


@pytest.mark.parametrize("service", EN_SERVICES)
def test_an_outage_for_everyone_said_in_english_is_critical(service: str) -> None:
    """S-PRI-1: the same outage in English ("The API returns 502 for every user")."""
    grid = itertools.product(EN_FAILURES, EN_EVERYONE)
    missed = _critical_misjudged(
        (f"{service} {f} {who} since this morning." for f, who in grid), True
    )
    assert not missed, missed


@pytest.mark.parametrize("service", EN_SERVICES)
def test_english_for_me_only_over_or_what_if_is_not_critical(service: str) -> None:
    """S-PRI-1: in English too, one user ("for me only, my colleagues are fine"), an outage
    over ("it's fine now") and a question what would happen are normal tickets."""
    texts = []
    for fail in EN_FAILURES:
        past = fail.replace("is ", "was ").replace("has stopped", "stopped")
        future = fail.replace("is ", "goes ").replace("won't", "will not")
        texts += [
            f"{service} {fail} for me only, my colleagues are fine.",
            f"Yesterday {service.lower()} {past} for an hour, it's fine now; please send a report.",
            f"What happens to our data if {service.lower()} {future} for everyone?",
        ]
    alarms = _critical_misjudged(texts, False)
    assert not alarms, alarms
