"""Profanity and insults toward staff (S-POST-1, SLA 4.8): masked and disguised forms are
found; innocent look-alike words and plain criticism are not abuse."""

from __future__ import annotations

import pytest

from yudesk.triage import classify
from yudesk.triage.abuse import find_abuse, rules


@pytest.mark.parametrize(
    "text",
    [
        "это какая-то х**ня, а не отчёт",
        "бл@ть, опять всё легло",
        "с*ка, опять не открывается",
        "полный п...ц с вашей CRM",
        "нах*р такая поддержка",
        "еб@ть, сколько можно",
        "ну и х*йня",
        "ё*аный интерфейс",
        "какая же х*рова у вас документация",
        "настройте эти е**чие триггеры",
        "xyйня какая-то",  # Latin x and y
        "6лять, опять",
        "$ука, не работает",
        "Да вы там охренели совсем",
        "нихрена не работает",
        "ваша сраная интеграция",
        "эти грёбаные роли",
        "говнокод у вас",
        "this is fucking broken",
        "WTF is wrong with your API",
    ],
)
def test_profanity_including_masked_forms_is_abusive(text: str) -> None:
    """S-POST-1: мат in any disguise flags the request as abusive."""
    assert classify(text).abusive, find_abuse(text)


@pytest.mark.parametrize(
    "text",
    [
        "вы там идиоты что ли?",
        "дебилы, читайте, что вам пишут",
        "криворукие программисты опять всё сломали",
        "бездари, неделю не можете починить",
        "тупые вы там что ли?",
        "your so-called engineers are incompetent morons",
        "you are idiots",
        "да идите вы на три буквы",
    ],
)
def test_insult_toward_staff_is_abusive(text: str) -> None:
    """S-POST-1: insults toward staff are flagged as well as мат."""
    assert classify(text).abusive


@pytest.mark.parametrize(
    "text",
    [
        "Мы продаём хлеб и выпечку оптом",
        "скребок для льда в каталоге",
        "как употреблять этот отчёт?",
        "ткань: сукно и бархат",
        "бляшка на ремне — товар не находится",
        "корабль отгрузки не приходит",
        "оскорблять никого не хотим, но...",
        "продаём херес и портвейн",
        "работает всё хуже и хуже",
        "сухую статистику выгрузите",
        "застрахуйте груз",
        "EBITDA в отчёте считается неверно",
        "небо, учеба, ребенок, требуем, себестоимость",
        "система тупит после обновления",
        "пароль: ***",
        "блин, опять не работает",
    ],
)
def test_innocent_lookalike_words_are_not_abuse(text: str) -> None:
    """S-POST-1: word-boundary, stem-based rules with a whitelist, not raw substrings."""
    assert not classify(text).abusive, find_abuse(text)


@pytest.mark.parametrize(
    "text",
    [
        "поддержка ужасная, третий день жду ответа",
        "вы нарушаете SLA",
        "это безобразие!",
        "безобразно долго отвечаете",
        "отвратительный сервис, прошу руководителя",
        "Ужасная поддержка. Прошу передать жалобу руководителю.",
    ],
)
def test_criticism_is_not_abuse(text: str) -> None:
    """S-POST-1: strong criticism is allowed; only profanity and insults are flagged."""
    assert not classify(text).abusive


def test_abuse_evidence_names_the_word() -> None:
    """S-POST-1: the agent sees which word was taken as abuse."""
    result = classify("бл@ть, опять всё легло")
    assert any(line.startswith("abusive rule=abuse.mat_blya") for line in result.evidence)


def test_abuse_in_quoted_earlier_message_is_not_the_customers() -> None:
    """S-POST-1: only the customer's new words are judged, not a quoted earlier mail."""
    text = "Спасибо, всё работает.\n\n> Вы там идиоты что ли?\n> Иван"
    assert not classify(text).abusive


@pytest.mark.parametrize("rule", rules(), ids=lambda r: r.id)
def test_abuse_rule_examples(rule: object) -> None:
    """S-POST-1: every rule of rules/abuse.yaml fires on its examples and not on its
    counter-examples (a test per rule)."""
    for example in rule.examples:  # type: ignore[attr-defined]
        assert any(h.rule.id == rule.id for h in find_abuse(example)), example  # type: ignore[attr-defined]
    for counter in rule.counter:  # type: ignore[attr-defined]
        assert find_abuse(counter) == [], counter


@pytest.mark.parametrize(
    "text",
    [
        "Это п№здец какой-то, CRM лежит",
        "бл9ть, опять",
        "х у й н я какая-то",
        "П И З Д Е Ц",
        "х.у.й знает что у вас",
        "ну пздц",
        "total bullsh*t",
        "долбо*бы писали",
        "настройте эти е***ие права",
        "а нах эта интеграция нужна",
        "ваша долбаная CRM",
        "п^здец полный",
        "х!йня",
    ],
)
def test_more_masked_and_spelled_apart_profanity(text: str) -> None:
    """S-POST-1: masks with any symbol (№ ^ ! …), digits for letters, letters spelled apart
    with spaces or dots, vowel-less and truncated forms are still мат."""
    assert classify(text).abusive, text


@pytest.mark.parametrize(
    "text",
    [
        "т.е. не работает",
        "и.о. директора просит",
        "а я в шоке",
        "у н и к а л ь н ы й",
        "хлебопекарня, скипидар, оглобли, мандарины",
        "отдых в Хуахин",
        "Тупиковый проезд, дом 5",
        "дебиторка не сходится",
        "«Мудрый менеджер» — наш тренинг",
        "shiitake and Scunthorpe, Dickinson cocktail",
        "блин, опять не работает",
        "заказ №123 и №5",
    ],
)
def test_more_innocent_words_are_not_abuse(text: str) -> None:
    """S-POST-1: abbreviations, single letters, and innocent words with profane-looking parts."""
    assert not classify(text).abusive, text


@pytest.mark.parametrize(
    "text",
    [
        "на этом сраном хостинге опять слетел сертификат",
        "этому сраному модулю конец",
        "засранный интерфейс",
        "с*аный импорт",
        "говняная интеграция",
        "дерьмовый отчёт",
        "в этом гребаном окне",
        "грёбаному разработчику передайте",
        "ваш специалист Игорь просто тупой, извините",
        "мне нужен живой человек а не ваш тупой бот",
    ],
)
def test_vulgar_roots_in_every_inflection_and_singular_insults_are_abusive(text: str) -> None:
    """S-POST-1: сраный/сраном/засранный, говн-, дерьм-, грёбан-/гребан- in any case form,
    and "тупой" said of a person or their bot."""
    assert classify(text).abusive, find_abuse(text)


@pytest.mark.parametrize(
    "text",
    [
        "извините за тупой вопрос: где экспорт?",
        "я тупая, не могу найти кнопку",
        "объясните нам, тупым логистам, как строится маршрут",
        "странный сбой в отчёте",
        "гребной клуб, запись на тренировки",
        "нет доступа к разделу отчётов",
    ],
)
def test_self_directed_or_lookalike_words_are_not_abusive(text: str) -> None:
    """S-POST-1: a "тупой вопрос", oneself, and look-alikes are not abuse."""
    assert not classify(text).abusive, find_abuse(text)
