"""Scope (S-SCOPE-1, SLA section 3): who is asked to do what. One behaviour per class and
hard negatives for each confusable pair; every decision carries its evidence."""

from __future__ import annotations

import pytest

from yudesk.triage import classify


def _scope(text: str) -> str:
    return classify(text).scope


# --- one clear request per class -------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "scope"),
    [
        ("Как настроить автоматическое распределение заявок между менеджерами?", "configuration"),
        ("Где в настройках меняется часовой пояс аккаунта?", "configuration"),
        ("Как работает интеграция с 1С в общих чертах, что куда передаётся?", "integration"),
        ("При подключении Манго что нужно взять из их кабинета для CRM?", "integration"),
        ("Не сохраняется сделка, выскакивает ошибка 500", "malfunction"),
        ("После обновления пропали все фильтры в списке сделок", "malfunction"),
        ("Как через API получить список сделок с фильтром по этапу?", "api"),
        ("Какой эндпоинт вызвать, чтобы подписаться на вебхук смены этапа?", "api"),
        ("Объясните, как считается конверсия в отчёте по воронке", "how_it_works"),
        ("Что означает серый значок телефона в карточке контакта?", "how_it_works"),
        ("Было бы удобно, если бы в календаре появился вид на 3 дня", "feature_request"),
        ("Предлагаю добавить тёмную тему в мобильное приложение", "feature_request"),
        (
            "Зайдите, пожалуйста, в личный кабинет Манго и поменяйте схему переадресации",
            "third_party",
        ),
        ("Настройте нам SPF и DKIM на хостинге, письма уходят в спам", "third_party"),
        ("Настройте нам, пожалуйста, права доступа для отдела продаж", "do_it_for_us"),
        ("Перенесите за нас все сделки из старой воронки в новую", "do_it_for_us"),
        ("На ноутбуке менеджера не печатает принтер, посмотрите удалённо?", "client_pc"),
        ("В офисе пропал интернет, роутер мигает красным, что делать?", "client_pc"),
        ("Разработайте нам модуль расчёта зарплаты по нашей схеме, оплатим", "custom_dev"),
        (
            "Напишите нам скрипт выгрузки сделок в нашу складскую систему, сколько стоит?",
            "custom_dev",
        ),
        ("Сверстайте нам лендинг под новую акцию", "web_design"),
        ("Нужен дизайн баннеров для сайта и соцсетей", "web_design"),
        ("Прошу передать жалобу руководителю поддержки: неделю нет ответа", "complaint"),
        ("Сотрудник поддержки нагрубил мне в чате, это недопустимо", "complaint"),
    ],
)
def test_class_is_recognised(text: str, scope: str) -> None:
    """S-SCOPE-1: a clear request of each class gets that class."""
    result = classify(text)
    assert result.scope == scope, result.evidence


# --- confusable pairs: the same topic, another request --------------------------------------
@pytest.mark.parametrize(
    ("how_to", "for_us"),
    [
        (
            "Как настроить воронку продаж под наш процесс?",
            "Настройте нам воронку продаж сами, регламент приложен",
        ),
        ("Как создать роли для стажёров?", "Создайте нам роли для стажёров, пожалуйста"),
        (
            "Подскажите, как импортировать контакты из Excel?",
            "Импортируйте нам контакты из Excel за нас, файл приложен",
        ),
    ],
)
def test_configuration_versus_do_it_for_us(how_to: str, for_us: str) -> None:
    """S-SCOPE-1 / SLA 3.1.1 vs 3.1.2: "how do I configure" is in scope, "configure it for
    us in our account" is not."""
    assert _scope(how_to) == "configuration"
    assert _scope(for_us) == "do_it_for_us"


def test_third_party_versus_integration() -> None:
    """SLA 3.1.1 vs 1.5: general advice on an integrated service is in scope; configuring
    the service itself is not."""
    assert _scope("Как часто синхронизируются звонки из Манго в карточки CRM?") == "integration"
    assert _scope("Настройте нам в личном кабинете Манго голосовое меню") == "third_party"


def test_third_party_versus_malfunction() -> None:
    """SLA 3.2 vs 1.5: our product failing is in scope; their own site or hosting is not."""
    assert (
        _scope("Не приходят письма в карточки сделок, интеграция с почтой перестала работать")
        == "malfunction"
    )
    assert (
        _scope("На нашем WordPress сайте не работает плагин формы, почините его") == "third_party"
    )


def test_custom_dev_versus_feature_request() -> None:
    """SLA 3.3.2 vs 3.4: development for one customer is out of scope, a wish for the product
    is accepted."""
    assert (
        _scope("Доработайте для нас карточку сделки под наш техпроцесс, готовы заплатить")
        == "custom_dev"
    )
    assert (
        _scope("Добавьте в продукт возможность закреплять заметки, многим пригодится")
        == "feature_request"
    )


def test_malfunction_versus_how_it_works() -> None:
    """SLA 3.2 vs 3.4: "it fails" versus "explain how it works"."""
    assert _scope("Отчёт по звонкам перестал открываться, висит загрузка") == "malfunction"
    assert _scope("Как рассчитывается средний чек в отчёте по продажам?") == "how_it_works"


def test_api_versus_custom_dev() -> None:
    """SLA 3.3.1 vs 3.3.2: how to use the API is in scope, writing an integration for us is not."""
    assert _scope("Как через API создать контакт сразу с компанией?") == "api"
    assert (
        _scope("Напишите для нас коннектор через API к нашей ERP, пришлите смету") == "custom_dev"
    )


def test_client_pc_versus_malfunction() -> None:
    """SLA 3.1.2 vs 3.2: their computer or network is not the CRM failing."""
    assert (
        _scope("У менеджера на компьютере Windows не запускается браузер, почините") == "client_pc"
    )
    assert _scope("CRM не открывает карточки сделок, ошибка 502") == "malfunction"


def test_web_design_versus_integration() -> None:
    """SLA 1.6 vs 3.1.1: a site form sending leads to the CRM is integration; making the site
    is web design."""
    assert _scope("Как сделать, чтобы заявки с формы на сайте попадали в CRM?") in {
        "integration",
        "configuration",
    }
    assert _scope("Сделайте нам новый сайт-визитку с формой заявки") == "web_design"


def test_complaint_versus_malfunction() -> None:
    """SLA 5.2 vs 3.2: a letter to the head of support is escalated even when it mentions
    a bug; a bug report alone is a malfunction."""
    assert _scope("Руководителю поддержки: третий день нет ответа по YU-2026-000123") == "complaint"
    assert _scope("Третий день не работает импорт контактов, ошибка при загрузке") == "malfunction"


def test_english_requests() -> None:
    """S-SCOPE-1: about one request in ten is in English."""
    assert _scope("How do I hide the reports tab from interns?") == "configuration"
    assert _scope("Could you build us a landing page for the summer sale?") == "web_design"
    assert _scope("Deals page shows a 500 error since this morning") == "malfunction"


def test_nothing_fires_gives_a_sensible_in_scope_default() -> None:
    """S-SCOPE-1: an unclear question still gets a class and a reason."""
    result = classify("Добрый день! Вопрос.")
    assert result.in_scope is True
    assert result.evidence[0].startswith("scope=")


def test_evidence_explains_the_choice() -> None:
    """S-SCOPE-1: the summary line names the class, its clause and the runner-up."""
    result = classify("Настройте нам, пожалуйста, права доступа для отдела продаж")
    assert result.evidence[0].startswith("scope=do_it_for_us clause=3.1.2 score=")
    assert " next=" in result.evidence[0]
    assert any(line.startswith("scope:do_it_for_us rule=") for line in result.evidence)


@pytest.mark.parametrize(
    ("text", "scope"),
    [
        # who is asked to do what: connect a service to the CRM for us, vs fix the service
        (
            "подключите нам, пожалуйста, интеграцию с телефонией Манго, сами не справляемся",
            "do_it_for_us",
        ),
        (
            "Please connect our Outlook calendar in YUcrm for the sales team, we have no admin",
            "do_it_for_us",
        ),
        ("зайдите в наш кабинет sendpulse и почистите там адресную книгу от дублей", "third_party"),
        ("помогите в кабинете озон поменять адрес склада, форма не сохраняет", "third_party"),
        ("переезжаем с amoCRM, перенесите пожалуйста контакты и сделки с историей", "do_it_for_us"),
        ("поменяйте нам валюту во всех воронках, их 6 штук, руками долго", "do_it_for_us"),
        # what-if about an integrated service is an integration question
        (
            "если покупатель удалит чат в телеграме, переписка в карточке CRM сохранится?",
            "integration",
        ),
        ("если подключим яндекс почту, входящие письма сами создадут контакт?", "integration"),
        # code for this customer's own system
        (
            "прошлый подрядчик не закончил наш коннектор к складской программе, код в репозитории, доделаете?",
            "custom_dev",
        ),
        (
            "у нас своя формула бонусов менеджерам, можете вшить расчёт в CRM под нас? оплатим",
            "custom_dev",
        ),
        # design words about CRM objects are not web design
        (
            "перекрасьте нам этапы воронки в фирменные цвета по брендбуку, файл приложил",
            "do_it_for_us",
        ),
        # complaints about how support handled a request
        ("моё обращение закрыли без решения, хотя ошибка осталась. прошу разобраться", "complaint"),
        ("третий раз пишу одно и то же, каждый раз отвечает новый сотрудник", "complaint"),
        # a remote-desktop tool only says how to get in; the system it leads to decides
        ("подключитесь по teamviewer к нашему серверу 1с и обновите конфигурацию", "third_party"),
        # an integration that stopped is a malfunction
        (
            "синхронизация с гугл календарём перестала работать вчера, события не появляются",
            "malfunction",
        ),
    ],
)
def test_boundaries_by_who_is_asked_to_do_what(text: str, scope: str) -> None:
    """S-SCOPE-1: the weak boundaries are decided by meaning - who is asked to do what, on
    which system - not by which product names occur (none of these is a training line)."""
    result = classify(text)
    assert result.scope == scope, result.evidence
