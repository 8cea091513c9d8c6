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


@pytest.mark.parametrize(
    "text",
    [
        "Да вы там ох*ели совсем? Третий раз за неделю всё падает, весь офис без срм сидит",
        "all users in our account get Access denied on every page. We can't reach anything at all.",
        "у всех пользователей белый экран вместо CRM",
        "вебхуки перестали приходить совсем, ни один не доходит",
        "виджет чата не грузится ни на одном из наших 4 сайтов",
        "since this morning no one at our office can open any deal card, spinner forever",
        "пи3дец, опять никто зайти не может",
    ],
)
def test_more_outages_for_everyone_are_critical(text: str) -> None:
    """S-PRI-1: outages said in other words (white screen, access denied, none of them,
    nobody can) are critical."""
    assert classify(text).critical, text


@pytest.mark.parametrize(
    "text",
    [
        "не приходят пуш уведомления у меня на айфоне, у всех остальных приходят",
        "Вчера с 16:10 до 16:45 у нас никто не мог войти в CRM, потом само восстановилось. "
        "Сегодня всё работает. Будет ли компенсация?",
        "вчера срм лежала с 14 до 15, сегодня всё ок. но пропали 2 заявки, можно восстановить?",
        "почему на мой вопрос ответили через 5 дней? у нас бизнес стоит. прошу руководителя",
        "при копировании сделки не переносятся товары, список пустой. Повторяется на любой сделке",
        "Больше ни у кого из 25 сотрудников проблем нет, только роль «Склад»: пропадает колонка",
        "CRM грузится по 3 минуты, интернет у нас в порядке, проверили",
    ],
)
def test_resolved_partial_or_figurative_is_not_critical(text: str) -> None:
    """S-PRI-1: an outage that is over, one role or device, "business stands" about slow
    answers, a bug that reproduces on any record - nothing to restore for everyone."""
    assert not classify(text).critical, text


def test_old_outage_in_a_reply_subject_or_quote_is_not_critical() -> None:
    """S-PRI-1: the labels follow the NEW text; a quoted or subject-named old outage is not
    a new one."""
    text = (
        "Добрый день,\n\n-----Original Message-----\nFrom: YUcrm Support <support@yucrm.ru>\n"
        "Subject: RE: [YU-2025-004211] CRM недоступна\n\nИнцидент устранён в 10:55.\n-----\n\n"
        "Спасибо, всё заработало. Но две сделки, созданные во время сбоя, висят без "
        "ответственного и не отображаются в общем списке. Можно их вытащить?\n\nНаталья"
    )
    result = classify(text, subject="RE: [YU-2025-004211] CRM недоступна")
    assert result.scope == "malfunction"
    assert not result.critical


@pytest.mark.parametrize(
    "text",
    [
        # Nobody can log in, in a voice-to-text run-on that ends with "помогите".
        "алло у нас с утра никто не может зайти в срм пишет ошибка сервера помогите пожалуйста",
        "опять никто войти не может, белый экран",
        # "Все <профессия> сидят без базы": a profession not in a closed list of job titles.
        "у нас все юристы сидят без базы договоров с утра",
        "пятисотая ошибка у всех сотрудников",
    ],
)
def test_nobody_can_log_in_and_people_without_the_base_are_critical(text: str) -> None:
    """S-PRI-1: "никто не может зайти", "все риэлторы сидят без базы", a 500 for everyone."""
    assert classify(text).critical, text


@pytest.mark.parametrize(
    "text",
    [
        # A workaround: work goes on.
        "После обновления у всех пользователей пропал фильтр по тегам. Работать можно, "
        "просто неудобно — ищем вручную",
        # Someone else sees the data: one user's problem however much is gone.
        "У МЕНЯ ПРОПАЛИ ВСЕ СДЕЛКИ!!! Коллега говорит что у неё всё видно",
        # A what-if question is not a report.
        "Если поменять у бота токен, интеграция отвалится?",
        # A wish that nobody can use an old key.
        "как удалить старый api ключ, чтобы им никто не мог пользоваться?",
    ],
)
def test_workaround_someone_else_fine_or_what_if_is_not_critical(text: str) -> None:
    """S-PRI-1: a workaround, a colleague who sees everything, a hypothetical, a wish."""
    assert not classify(text).critical, text
