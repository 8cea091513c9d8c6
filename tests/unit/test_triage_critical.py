"""Critical priority (S-PRI-1, SLA 2.1): restoration of the whole CRM or of one of its
services for everyone. One user's bug, shouting, "срочно" or the customer's own internet are
normal tickets."""

from __future__ import annotations

import pytest

from yudesk.triage import classify


@pytest.mark.parametrize(
    "text",
    [
        "CRM не открывается ни у кого в офисе с 9 утра, 502 у всех",
        "Никто не может войти в CRM, у всех крутится загрузка",
        "Весь отдел продаж сидит без CRM, работа встала",
        "Телефония в CRM не работает у всех менеджеров, звонки не проходят",
        "API возвращает 503 на любой запрос с 11:15, весь поток заказов встал",
        "Мобильное приложение вылетает у всех наших торговых представителей",
        "Почта в CRM перестала приходить у всех сотрудников со вчерашнего вечера",
        "Сайт CRM лежит",
        "everyone in our company gets a 502, CRM is down",
        "None of our users can log in since 10 AM",
    ],
)
def test_outage_for_everyone_is_critical(text: str) -> None:
    """S-PRI-1: the CRM or one of its services is down for all users."""
    result = classify(text)
    assert result.critical, result.evidence
    assert any(line.startswith("critical rule=") for line in result.evidence)


@pytest.mark.parametrize(
    "text",
    [
        "У одного менеджера не открывается карточка сделки",
        "Пропали несколько сделок из воронки",
        "СРОЧНО!!! Как добавить поле в карточку???",
        "срочно нужна выгрузка контактов",
        "У нас в офисе пропал интернет, CRM не открывается",
        "иногда не сохраняется сделка",
        "у меня одного ничего не работает, у остальных нормально",
        "что будет, если CRM недоступна в момент отправки заявки с сайта?",
        "Наш сайт на хостинге лежит, поднимите сервер",
        "по обращению YU-2026-000123 неделю никто не отвечает",
    ],
)
def test_single_user_shouting_or_own_side_is_not_critical(text: str) -> None:
    """S-PRI-1: one user's bug, a few records, urgency claimed, a hypothetical, or the
    customer's own internet/site are not restoration of the CRM."""
    result = classify(text)
    assert not result.critical, result.evidence


def test_blocker_is_shown_as_evidence() -> None:
    """S-PRI-1: when "у всех"-like words are outweighed, the evidence says by what."""
    result = classify("У всех вроде нормально, а у одного менеджера не открывается CRM")
    assert not result.critical
    assert any(line.startswith("not_critical rule=critical.only") for line in result.evidence)
