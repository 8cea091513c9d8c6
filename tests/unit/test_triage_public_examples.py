"""The 17 public examples of triage-taxonomy.md: every label must match (S-SCOPE-1, S-PRI-1,
S-POST-1, S-CRED-1)."""

from __future__ import annotations

import pytest

from yudesk.triage import classify

# (text, scope, critical, abusive, credentials) - copied from shared/spec/triage-taxonomy.md
PUBLIC = [
    (
        "Подскажите, как добавить новое поле «ИНН» в карточку компании и сделать его обязательным?",
        "configuration",
        False,
        False,
        False,
    ),
    ("как скрыть от стажёров раздел отчёты?", "configuration", False, False, False),
    (
        "Подключаем телефонию Билайн. Что в общих чертах нужно взять из их кабинета для интеграции с CRM?",
        "integration",
        False,
        False,
        False,
    ),
    (
        "Как часто синхронизируются контакты с Google Contacts при включённой интеграции?",
        "integration",
        False,
        False,
        False,
    ),
    (
        "С 11:00 не открывается ни одна карточка сделки, у всех сотрудников крутится загрузка. Работа встала.",
        "malfunction",
        True,
        False,
        False,
    ),
    (
        "В отчёте по звонкам длительность показывается в секундах вместо минут. Шаги: Отчёты → Звонки → период «неделя».",
        "malfunction",
        False,
        False,
        False,
    ),
    ("Как через API создать сделку сразу с контактом одним запросом?", "api", False, False, False),
    (
        "Ключ apikey=yu_live_A1b2C3d4E5f6G7h8 не проходит авторизацию в методе /leads, что не так?",
        "api",
        False,
        False,
        True,
    ),
    ("Как рассчитывается поле «Вероятность» у сделки?", "how_it_works", False, False, False),
    (
        "Добавьте, пожалуйста, возможность закреплять заметки вверху карточки.",
        "feature_request",
        False,
        False,
        False,
    ),
    (
        "Настройте, пожалуйста, почту на нашем хостинге Beget, чтобы письма не терялись. Пароль от панели: beget_admin / Qwe!2345",
        "third_party",
        False,
        False,
        True,
    ),
    (
        "Создайте нам сами воронку и этапы по нашему регламенту, документ приложен.",
        "do_it_for_us",
        False,
        False,
        False,
    ),
    (
        "У менеджера на компьютере постоянно отваливается вайфай, посмотрите удалённо что с ноутбуком?",
        "client_pc",
        False,
        False,
        False,
    ),
    (
        "Разработайте для нас модуль учёта аренды спецтехники внутри CRM, готовы оплатить.",
        "custom_dev",
        False,
        False,
        False,
    ),
    ("Нужен новый сайт-визитка для компании, можете сделать?", "web_design", False, False, False),
    (
        "Прошу руководителя поддержки разобраться, почему по обращению YU-2026-000101 нет ответа неделю.",
        "complaint",
        False,
        False,
        False,
    ),
    (
        "Да вы там охренели совсем, опять ничего не работает, весь отдел сидит без CRM!",
        "malfunction",
        True,
        True,
        False,
    ),
]


@pytest.mark.parametrize(("text", "scope", "critical", "abusive", "credentials"), PUBLIC)
def test_public_taxonomy_example(
    text: str, scope: str, critical: bool, abusive: bool, credentials: bool
) -> None:
    """S-SCOPE-1 / S-PRI-1 / S-POST-1 / S-CRED-1: the published examples are labelled as
    the taxonomy says, each with evidence."""
    result = classify(text)
    assert (result.scope, result.critical, result.abusive, result.credentials) == (
        scope,
        critical,
        abusive,
        credentials,
    ), result.evidence
    assert any(line.startswith(f"scope:{scope} rule=") for line in result.evidence)
