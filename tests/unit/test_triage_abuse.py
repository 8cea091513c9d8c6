"""Profanity and insults toward staff (S-POST-1, SLA 4.8): masked and disguised forms are
found; innocent look-alike words and plain criticism are not abuse."""

from __future__ import annotations

from re import _constants as sre_c
from re import _parser as sre_parse

import pytest

from yudesk.triage import abuse, classify
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


# --- probes written from the meaning of the class, not from the corpus (S-POST-1) -----------
#
# Decisions on borderline words, kept consistent with the labelled data and the taxonomy's
# public example ("Да вы там охренели совсем" is abusive):
# * мат roots (хуй, пизд, еб/ёб, бля, сук, муд, пидор, залуп, гондон, шлюх, дроч, манда) in
#   every inflection and derivation, and the vulgar words говно, дерьмо, сраный, жопа,
#   грёбаный, хер, and the хрен- euphemisms (охренели, нахрена, хрень) are abusive;
# * mild words are not: блин, фигня, офигели, обалдели, задолбали, достали, капец, бесит,
#   "what the hell", crap, damn, sucks;
# * name-calling of people (идиоты, дебилы, клоуны, уроды, криворукие, ...) is abusive; harsh
#   criticism (некомпетентно, позор, издевательство, непрофессионалы) is not;
# * мат quoted from a third party ("клиент написал нам «вы пидорасы»") still flags the request:
#   4.8 speaks of the language used in the request, and the agent sees the word in evidence;
# * known limits: the surname Хренов and "хрен тёртый" (horseradish) read as the euphemism.


@pytest.mark.parametrize(
    "text",
    [
        "опять хуйню выкатили",
        "нахуя вы убрали кнопку",
        "вам всем похуй на клиентов",
        "вы там охуели?",
        "охуенно вы поддерживаете, неделю ждём",
        "нихуя не понятно в настройках",
        "дохуя денег платим, а толку ноль",
        "хули вы молчите",
        "хуле тут непонятного",
        "хуёвая у вас поддержка",
        "захуярили обновление и всё сломали",
        "расхуячили всю воронку",
        "нехуй было трогать то что работало",
        "схуяли сделка закрылась?",
        "похуисты в поддержке",
        "спиздили нашу базу",
        "не пиздите что всё работает",
        "распиздяи, неделю не отвечаете",
        "опизденеть, опять лежит",
        "заебало ждать ответа",
        "ебанутые у вас разработчики",
        "наебали с тарифом",
        "уёбища криворукие",
        "выебываетесь а толку нет",
        "поебень какая-то а не отчёт",
        "отъебитесь со своими опросами",
        "проебали все наши сделки",
        "ебланы в поддержке",
        "ёбнулась вся CRM",
        "блядский сервис",
        "блядство а не поддержка",
        "суки, верните доступ",
        "сукин сын этот ваш бот",
        "сучара из поддержки бросил трубку",
        "мудила ваш менеджер",
        "пидорасы сломали всё",
        "залупа а не поддержка",
        "гандоны",
        "шлюхи продажные",
        "задрочили своими обновлениями",
        "через жопу сделано",
        "дерьмо а не система",
        "засранцы, верните деньги",
        "нихера не работает",
        "херачат обновления без тестов",
        "какого хрена всё упало",
    ],
)
def test_mat_roots_are_abusive_in_every_inflection_and_derivation(text: str) -> None:
    """S-POST-1: a мат root counts with its prefixes, suffixes and endings (нехуй, схуяли,
    выебываетесь, поебень, задрочили, нихера), not only in the forms a writer happened to use."""
    assert classify(text).abusive, find_abuse(text)


@pytest.mark.parametrize(
    "text",
    [
        "хр*нь какая-то",
        "пи**ец",
        "п-ц полный",
        "ну п--ц",
        "бл#дь",
        "б**дь",
        "еб*ть",
        "с**а",
        "с@ка",
        "cyка",  # Latin c
        "сyка",  # Latin y
        "хyй",
        "6ля",
        "пиздeц",  # Latin e
        "муд@к",
        "г0вно",
        "д*рьмо",
        "з*ебали",
        "зае**ли",
        "нах**",
        "ох**ли",
        "бляяяя опять не грузится",
        "сукааа опять",
        "ссука, опять",
        "с у к а",
        "п.и.з.д.е.ц",
        "б-л-я-т-ь",
        "х_у_й",
    ],
)
def test_masked_stretched_spaced_and_lookalike_mat_is_abusive(text: str) -> None:
    """S-POST-1: masks with any symbol, a hyphen standing for the hidden letters ("п-ц"),
    digits and Latin look-alikes for letters, letters held for emphasis, letters spelled apart."""
    assert classify(text).abusive, find_abuse(text)


@pytest.mark.parametrize(
    "text",
    [
        "blyat",
        "blyad",
        "bljad",
        "pizdec",
        "pizdets",
        "nahuy",
        "huynya",
        "xyu",
        "cyka",
        "bl@t",
        "bl*t",
        "zaebali",
        "eto pizdec, nichego ne rabotaet",
        "blyat ne rabotaet nichego, pochemu",
        "what the fuck is this",
        "fuck you",
        "motherfucker",
        "shit, it is down again",
        "this is bullshit",
        "you are assholes",
        "f**k this",
        "sh*t",
        "a**hole",
        "b*tch",
        "fck this crm",
        "stfu bot",
        "fuuuck",
    ],
)
def test_transliterated_and_english_profanity_is_abusive(text: str) -> None:
    """S-POST-1: мат typed in Latin letters (whole-message translit or a single word) and
    English profanity, masked or not."""
    assert classify(text).abusive, find_abuse(text)


@pytest.mark.parametrize(
    "text",
    [
        "кретины",
        "придурки в поддержке",
        "дураки вы там",
        "уроды",
        "ублюдки",
        "тупицы",
        "тупорылые",
        "рукожопы",
        "дармоеды",
        "имбецилы",
        "дегенераты",
        "недоумки",
        "козлы",
        "сволочи",
        "твари",
        "мрази",
        "ничтожества",
        "обезьяны",
        "лошары",
        "болваны",
        "безмозглые",
        "дауны",
        "недоноски",
        "выродки",
        "ушлёпки",
        "отморозки",
        "говнюки",
        "быдло в поддержке",
        "бестолочи",
        "долбодятлы",
        "ваш менеджер идиот",
        "оператор дебил",
        "специалист ваш — полный кретин",
        "you idiots",
        "you're morons",
        "your stupid support agents again",
        "you guys are so stupid",
        "go to hell",
        "пошли вы нахрен",
        "идите в баню со своей CRM",
        "мать вашу, почините",
        "ёб вашу мать",
        "ёпт",
    ],
)
def test_name_calling_and_curse_phrases_are_abusive(text: str) -> None:
    """S-POST-1: insults toward staff - name-calling in the plural and the singular, in
    Russian and English - and curse phrases ("мать вашу", "go to hell")."""
    assert classify(text).abusive, find_abuse(text)


@pytest.mark.parametrize(
    "text",
    [
        "блин, опять не работает",
        "что за фигня с отчётом",
        "задолбали уже",
        "достали, честно",
        "бесит это окно",
        "капец, опять лежит",
        "вы там офигели совсем?",
        "обалдели? закрыли без ответа",
        "жесть какая-то",
        "ёлки-палки",
        "чёрт возьми",
        "what the hell happened to the import?",
        "this sucks",
        "your support sucks",
        "damn, crap",
        "sorry for the stupid question",
        "my stupid mistake",
    ],
)
def test_mild_rude_words_are_not_abusive(text: str) -> None:
    """S-POST-1: mild words and euphemisms (блин, фигня, офигели, обалдели, задолбали, "what
    the hell") are not мат and not insults; a "stupid question" insults no one."""
    assert not classify(text).abusive, find_abuse(text)


@pytest.mark.parametrize(
    "text",
    [
        "позор",
        "некомпетентно",
        "вы некомпетентны",
        "непрофессионалы",
        "это издевательство над клиентами",
        "беспредел и кошмар",
        "я в недоумении от вашего ответа",
        "недоумеваю, почему закрыли",
        "клиент оскорбил менеджера, можно ли пометить контакт?",
        "нецензурная брань в чате: как фильтровать?",
    ],
)
def test_criticism_and_talk_about_abuse_are_not_abusive(text: str) -> None:
    """S-POST-1: harsh criticism, bewilderment ("недоумение" is not "недоумок") and abuse as a
    topic are not abuse."""
    assert not classify(text).abusive, find_abuse(text)


@pytest.mark.parametrize(
    "text",
    [
        "хлебать щи ложкой — наш слоган",
        "употребление товара",
        "застрахуем сделку",
        "сукровица",
        "бляха на ремне — товар",
        "корабля нет в списке",
        "скипидар в каталоге",
        "похудение",
        "захудалый отчёт",
        "психуем",
        "Хуан Карлос",
        "колебания курса",
        "в Ебурге филиал",
        "ебидта и EBITDA",
        "ебонит",
        "вирус Эбола",
        "небывалый спрос",
        "г-н Иванов просил",
        "р-н Центральный",
        "кол-во сделок",
        "б-р Победы",
        "Гондурас",
        "пельмени манду",
        "мандарины, мандат, мандала",
        "Херсон, херувим",
        "без сучка и задоринки",
        "сучки на доске",
        "Сучжоу",
        "Сукачев",
        "Бляхер",
        "холодец с хреном",
        "соус хреновина",
        "идиома",
        "кретинизм",
        "даунтайм",
        "сервис даун с утра",
        "у нас сервер в дауне",
        "болванки для ключей",
        "урожай уродился",
        "скотч и скотобойня",
        "баранина",
        "лохматый",
        "shitake mushrooms",
        "Dickinson, Scunthorpe, assessment",
        "e-bank ebank",
    ],
)
def test_words_that_only_look_like_abuse_are_not_abusive(text: str) -> None:
    """S-POST-1: innocent words with a profane-looking part, abbreviations with a hyphen
    ("г-н" is not "г*н"), foods, names, and ordinary words sharing a form with an insult
    ("даун" of a service, "болванка", "сучок")."""
    assert not classify(text).abusive, find_abuse(text)


def test_mat_quoted_from_a_third_party_still_flags_the_request() -> None:
    """S-POST-1 (decision): мат in the customer's own message flags it even when quoted from
    someone else; the agent judges from the evidence line, which names the word."""
    result = classify("Клиент написал нам в чат «вы пидорасы», как его заблокировать?")
    assert result.abusive
    assert any("abuse.mat_other" in line for line in result.evidence)


@pytest.mark.parametrize(
    "text",
    [
        "я идиот, не ту кнопку нажал",
        "Я дурак, не туда нажал",
        "извините, я дура, нашла",
        "дурак я, не заметил",
        "я криворукий, не получается",
        "мы тут все тупые, объясните",
        "объясните как для дебилов",
        "объясните для тупых",
        "извините за тупые вопросы",
        "простите за идиотский вопрос",
        "вы нас за идиотов держите?",
        "I am an idiot, found it",
        "добавьте массовую печать, а то печатаем по одному как идиоты",
        "сидим и ждём как дураки ответа",
        "я старая бухгалтерша, в компьютерах дура дурой, объясните по шагам",
        "Объясните мне, как идиотке: как сделать, чтобы заявки распределялись по очереди?",
    ],
)
def test_insult_words_said_of_oneself_or_in_an_idiom_are_not_abusive(text: str) -> None:
    """S-POST-1: an insult toward staff is what 4.8 means; "я идиот", "как для дебилов",
    "тупые вопросы", "вы нас за идиотов держите" insult no one (the `neutral` phrases)."""
    assert not classify(text).abusive, find_abuse(text)


@pytest.mark.parametrize(
    "text",
    [
        "я идиот, а вы все идиоты",
        "вы нас за идиотов держите, идиоты",
        "вы работаете как идиоты",
        "мы ждем а вы как идиоты отвечаете",
        "я мудак, признаю",
        "ваша сотрудница дура",
        "ваш оператор дура дурой",
        "падлы",
        "сволота",
        "хитрожопые",
        "you're retarded",
    ],
)
def test_a_neutral_phrase_does_not_hide_other_abuse(text: str) -> None:
    """S-POST-1: only the insult inside the neutral phrase is set aside; another insult in
    the message, or мат said of oneself, still flags it."""
    assert classify(text).abusive, find_abuse(text)


@pytest.mark.parametrize(
    "text",
    [
        "Слушайте, ну это уже пиздец. Третий день не могу выгрузить отчёт.",
        "опять эта ваша ёбаная синхронизация с почтой отвалилась",
        "нихуяшеньки не работает с утра",
        "я ебал такую поддержку",
        "ну и х*ета у вас в новой версии",
        "пи*дёж про 24/7",
        "Руководителю: ваши сотрудники — некомпетентные идиоты.",
        "техподдержка — сборище клоунов и бездарей",
        "срм опять легла, это пздц какой-то",
        "а нахуа вы поменяли меню??",
        "уже заипали ваши обновы",
        "ну вы и упыри, деньги взяли а доступа нет",
        "ваш бот тупой как пробка",
        "срать я хотел на ваши регламенты",
        "пи3да рулю",
    ],
)
def test_abuse_in_realistic_messages_is_found(text: str) -> None:
    """S-POST-1: мат and insults inside ordinary sentences, with slang spellings ("нахуа",
    "заипали", "пздц") and digits or masks for letters."""
    assert classify(text).abusive, find_abuse(text)


@pytest.mark.parametrize(
    "text",
    [
        "Добрый день! У нас в каталоге товар «Сукно шинельное», не выгружается в 1С.",
        "Подскажите, как настроить воронку для страхования — страхуем грузы и авто.",
        "Я в полном недоумении: обращение закрыли без ответа.",
        "Сервис даун уже час, у всех сотрудников ошибка 502.",
        "Извините за дурацкий вопрос, но где найти архив сделок?",
        "Вы что там, спите? Третий день жду ответа.",
        "Черт, не та кнопка. Как отменить массовое удаление?",
        "Сотрудница Сучкова не видит сделки отдела",
        "Клиент ругается матом в чате, можно ли автоматически скрывать такие сообщения?",
        "Тупиковая ситуация: оплата прошла, а подписка не продлилась",
        "Поддержка работает ужасно, это позор для компании вашего уровня.",
        "сепаратор и запал в каталоге, поставка из Непала",
    ],
)
def test_ordinary_requests_are_not_abusive(text: str) -> None:
    """S-POST-1: complaints, mild exclamations and innocent words in realistic messages."""
    assert not classify(text).abusive, find_abuse(text)


@pytest.mark.parametrize(
    "text",
    [
        "эти ваши программисты, мать их ***, опять сломали импорт",
        "интеграция, мать её, снова отвалилась",
        "консультанты ваши, мать их так, молчат третий день",
        "я бы назвал вас «бездарями», честное слово",
    ],
)
def test_the_mother_oath_said_of_others_and_own_name_calling_are_abusive(text: str) -> None:
    """S-POST-1: "мать их / её" with the oath's rest, a mask or a comma after it is the same
    profanity as "мать вашу"; name-calling the writer owns ("я бы назвал вас «…»") is an
    insult even in quotes."""
    assert classify(text).abusive, find_abuse(text)


@pytest.mark.parametrize(
    "text",
    [
        "мать их ученика оставила заявку через форму",
        "покупатель в чате назвал нашего продавца «дебилом», как выгрузить этот диалог?",
        'ваш сотрудник обозвал нас "тупыми" и положил трубку, прошу разобраться',
        "клиенты называют менеджера «идиоткой», можно заблокировать контакт?",
    ],
)
def test_a_mother_of_theirs_and_reported_name_calling_are_not_abusive(text: str) -> None:
    """S-POST-1: a mother of someone is no oath, and name-calling the writer reports in quotes
    (said by a client, or by staff to the writer) insults no staff of the vendor."""
    assert not classify(text).abusive, find_abuse(text)


@pytest.mark.parametrize(
    "text",
    [
        "эта г*вно-выгрузка опять пустая",
        "опять ваша х**ня-синхронизация легла",
        "ну вы и дятлы, третий день одно и то же",
        "вы там ослы совсем? отчёт опять пустой",
    ],
)
def test_masked_word_in_a_compound_and_animal_name_calling_are_abusive(text: str) -> None:
    """S-POST-1: a masked мат word as part of a hyphenated compound, and name-calling staff
    with animal names in the plural."""
    assert classify(text).abusive, classify(text).evidence


@pytest.mark.parametrize(
    "text",
    [
        "за окном дятел стучит, а отчёт всё грузится",
        "ослик Иа в логотипе клиента",
        "поле ami_crm-bot не сохраняется",
        "кол-во сделок на т.е.-отчёте",
    ],
)
def test_birds_and_hyphenated_names_are_not_abusive(text: str) -> None:
    assert not classify(text).abusive, classify(text).evidence


# Round 6 (holdout5's misses, sentences written anew): masks that hide nothing or use a
# digit, a bare abbreviation, and a мат adjective the lexicon lacked.
@pytest.mark.parametrize(
    "text",
    [
        "опять эта х*рень с уведомлениями, как отключить?",  # a star put in, hiding nothing
        "п0здец, опять импорт упал",  # a digit standing for the hidden letter
        "ну пзд, третий раз пишу одно и то же",  # the bare abbreviation
        "ёп***я синхронизация опять отвалилась",  # ёпаный, masked
    ],
)
def test_star_inserted_digit_mask_bare_abbreviation_and_masked_epany_are_abusive(
    text: str,
) -> None:
    """S-POST-1: masked мат however the mask is made."""
    assert classify(text).abusive, classify(text).evidence


@pytest.mark.parametrize(
    "text",
    [
        "сноска* внизу страницы счёта съехала",  # a footnote star after an innocent word
        "ИП Епанчин, 2шт, в2б-продажи, к3 и 1с-ка",  # a surname, digits beside letters
        "В карточке «Ц*на» вместо «Цена»",
    ],
)
def test_footnote_stars_digits_in_words_and_epanchin_are_not_abusive(text: str) -> None:
    assert not classify(text).abusive, classify(text).evidence


# Reading a regex's parse tree is for this check only: the product declares the texts.
_ZERO_WIDTH = (sre_c.AT, sre_c.ASSERT, sre_c.ASSERT_NOT)


def _openings(items: list) -> list[str] | None:
    """Texts one of which begins every match of the parsed regex ``items`` once its
    zero-width assertions are passed (None: not a literal or a branch of literals)."""
    i = 0
    while i < len(items) and items[i][0] in _ZERO_WIDTH:
        i += 1
    run = ""
    while i < len(items) and items[i][0] is sre_c.LITERAL:
        run += chr(items[i][1])
        i += 1
    if run:
        return [run]
    if i == len(items) or items[i][0] is not sre_c.BRANCH:
        return None
    out: list[str] = []
    for alt in items[i][1][1]:
        found = _openings(list(alt))
        if found is None:
            return None
        out.extend(found)
    return out


@pytest.mark.parametrize("rule", abuse._load()[1], ids=lambda r: r.id)
def test_phrase_rule_starts_cover_every_opening_of_its_regex(rule: abuse.AbuseRule) -> None:
    """S-POST-1: a phrase regex runs only on a text holding one of its declared `starts`,
    so every text a match can begin with must begin with one of them (else a phrase would
    be missed), and each example must hold one."""
    assert rule.phrase is not None and rule.written and rule.starts, f"{rule.id}: declare `starts`"
    openings = _openings(list(sre_parse.parse(rule.written, rule.phrase.flags)))
    assert openings is not None, f"{rule.id}: its openings cannot be read; drop `starts`"
    for text in openings:
        assert any(text.startswith(s) for s in rule.starts), (rule.id, text)
    for example in rule.examples:
        assert any(s in example.lower() for s in rule.starts), (rule.id, example)


# Round 7 (holdout6's miss, sentences written anew): the хер- root with the prefixes о- and
# до- ("охерели", "дохера"), as the хрен- euphemisms already were ("охренели", "дохрена").
@pytest.mark.parametrize(
    "text",
    [
        "вы там совсем охерели? счета вторые сутки не формируются",
        "охереть, опять импорт встал",
        "дохера раз уже писали про этот отчёт",
    ],
)
def test_her_root_with_o_and_do_prefixes_is_abusive(text: str) -> None:
    """S-POST-1: euphemisms built from a мат root are abusive in every prefixed form."""
    assert classify(text).abusive, classify(text).evidence


@pytest.mark.parametrize(
    "text",
    ["оперативно ответили, спасибо", "охотно подождём до вечера", "херес и портвейн в каталоге"],
)
def test_words_beginning_like_the_her_root_are_not_abusive(text: str) -> None:
    assert not classify(text).abusive, classify(text).evidence


@pytest.mark.parametrize(
    "text",
    [
        "Может, мы, тупые бухгалтеры, чего-то не понимаем, но ответ нас не устраивает",
        "мы тут бухгалтеры тупые, объясните по-человечески, почему так считается",
    ],
)
def test_writers_calling_themselves_stupid_is_not_abuse(text: str) -> None:
    """S-POST-1: «мы, тупые бухгалтеры» is self-directed, not an insult toward staff."""
    assert find_abuse(text) == []


def test_someone_else_called_stupid_after_we_is_abuse() -> None:
    """S-POST-1: «мы считаем, что вы тупые» insults the staff."""
    assert find_abuse("мы считаем, что вы тупые")


def test_masked_mat_typed_in_latin_letters_with_initial_e_is_abusive() -> None:
    """S-POST-1: translit reads a word-initial "e" as "э" ("eto" -> "это"), so "e*anyi"
    becomes "э*аный"; the "е" reading is judged as well."""
    result = classify(
        "vash e*anyi server opyat lezhit, nikto v ofise ne mozhet zayti, vse 12 chelovek. "
        "pishu s telefona translitom"
    )
    assert result.abusive, result.evidence


def test_short_word_starting_with_e_is_not_read_as_mat() -> None:
    """S-POST-1: «ЭП» (an electronic signature) is not «еп»: the "е" reading is tried only
    for masked or longer words."""
    assert find_abuse("у нас истёк сертификат ЭП. Перевыпустите его через ЭП, пожалуйста") == []


@pytest.mark.parametrize(
    "text",
    [
        "Может я, конечно, тупая флористка и не понимаю ваших терминов",
        "я, видимо, совсем тупой в этих настройках, можете сделать за меня?",
        "Кирилл Дятлов\n«Мебель на заказ Ясень»",
    ],
)
def test_self_directed_words_and_a_surname_are_not_abuse(text: str) -> None:
    """S-POST-1: «я, конечно, тупая» is said of oneself; «Дятлов» under a letter is a name."""
    assert find_abuse(text) == []


def test_this_thing_cursed_with_hren_is_abusive() -> None:
    """S-POST-1: «эта хреновина» is a хрен- euphemism; the sauce alone stays innocent."""
    assert find_abuse("как эта хреновина вообще синкает с гугл календарём?")
    assert find_abuse("соус хреновина в ассортименте") == []


@pytest.mark.parametrize(
    "text",
    [
        "мля, опять виснет карточка гостя",
        "мне по х*ру сколько стоит, сделайте до конца месяца",
        "мне насрать на ваши регламенты",
        "эти долба*бы из хостинга сменили нам IP",
        "х.р пойми, что с вашей црм",
        "эти бл*ские настройки невозможно найти",
    ],
)
def test_minced_and_masked_mat_is_abusive(text: str) -> None:
    """S-POST-1: «мля», masks with a dot («х.р») or one star for two letters («бл*ские»,
    «долба*бы», «х*ру») and «насрать» are мат."""
    assert classify(text).abusive, text


def test_initials_after_a_surname_are_not_masked_mat() -> None:
    """S-POST-1: «Мельникова Е.И.» is a name; a dot between two letters hides a letter only
    after «х»."""
    assert not classify("Заранее спасибо, заведующая Мельникова Е.И.").abusive


def test_writers_calling_themselves_stupid_at_some_length_is_not_abuse() -> None:
    """S-POST-1: «мы в этих автоматизациях тупые» is said of the writers themselves."""
    assert find_abuse("сделайте плз, мы в этих автоматизациях тупые, честно") == []


@pytest.mark.parametrize(
    "text",
    [
        "Я в этом полный чайник, сама дура, три раза уже всё удаляла",
        "Объясните мне, тупой репетиторше, почему ответ через три дня?",
        "я неделю вбивала клиентов, радовалась как дура, что наконец-то порядок",
        "я в компьютерах полный чайник и тупица, сама не смогу",
        "Ребята, я понимаю что я сама криворукая и всё сломала, но объясните",
    ],
)
def test_self_directed_insult_words_are_not_abuse(text: str) -> None:
    """S-POST-1: «сама дура», «мне, тупой репетиторше», «радовалась как дура» are said of
    the writer."""
    assert find_abuse(text) == [], text


def test_calling_support_fools_stays_abuse() -> None:
    """S-POST-1: «вы сами дураки» is aimed at staff, whatever «сами» suggests."""
    assert classify("вы сами дураки, третий раз объясняю").abusive


def test_a_surname_under_a_letter_is_no_insult() -> None:
    """S-POST-1: «Андрей Козлов» signing a letter is a name; «Козлина» alone and «толпа
    козлов» are still insults."""
    assert find_abuse("Ждём информации.\nАндрей Козлов\nруководитель ИТ") == []
    assert find_abuse("Козлина, где ответ?")
    assert find_abuse("у вас там толпа козлов в поддержке")


@pytest.mark.parametrize(
    "text",
    [
        "я конечно пенсионерка и в компьютерах тупая, но ваш ответ вообще не помог",
        "Простите, я в CRM полный чайник и вообще идиотка в технике",
        "объясните тупой бабке как сделать скидку постоянному покупателю",
    ],
)
def test_older_writers_calling_themselves_stupid_is_not_abuse(text: str) -> None:
    """S-POST-1: «я … тупая», «идиотка в технике», «тупой бабке» are said of the writer."""
    assert find_abuse(text) == [], text


def test_calling_the_operator_stupid_after_a_turn_stays_abuse() -> None:
    """S-POST-1: «я написал в поддержку, а оператор тупой» is aimed at staff: the «а» turns
    from the writer to someone else."""
    assert find_abuse("я написал в поддержку, а оператор тупой")


@pytest.mark.parametrize(
    "text",
    [
        "ну вы дebилы конечно, обновление выкатили",
        "это пиzдец, а не обновление",
        "суkа, опять всё упало",
        "да идите вы нахуy со своим обновлением",
        "cyкa, опять всё упало",
    ],
)
def test_latin_letters_read_as_sounds_inside_a_russian_word_are_abusive(text: str) -> None:
    """S-POST-1: "дebилы" hides "дебилы" with a Latin b that sounds like б (the look-alike
    fold alone reads "деьилы"); "пиzдец" uses z for з, "нахуy" y for й; "cyкa" is mostly
    look-alikes, which the text's fold leaves Latin."""
    assert classify(text).abusive, find_abuse(text)


@pytest.mark.parametrize(
    "text", ["CRMка опять тормозит", "выгрузка в Excelе не работает", "aмoCRM и Bитрикс"]
)
def test_latin_product_names_with_russian_endings_are_not_abusive(text: str) -> None:
    """S-POST-1: reading Latin letters as sounds must not make an insult of "CRMка"."""
    assert not classify(text).abusive, find_abuse(text)


@pytest.mark.parametrize(
    "text",
    [
        "сделайте нам импорт, сама боюсь, я ж криворукая, всё сломаю",
        "поставьте галочки в правах сами, я запутался как последний дурак",
    ],
)
def test_round24_self_directed_words_are_not_abusive(text: str) -> None:
    """S-POST-1: «я ж криворукая», «запутался как последний дурак» are said of oneself."""
    assert not classify(text).abusive, find_abuse(text)


@pytest.mark.parametrize(
    "text",
    [
        "Списали тупые фрезы, а в остатках они до сих пор висят. Как провести списание?",
        "соус хреновина домашний в карточке товара не сохраняется",
    ],
)
def test_round25_dull_tools_and_the_sauce_are_not_abusive(text: str) -> None:
    """S-POST-1: «тупые фрезы» are dull tools, «соус хреновина» is horseradish sauce."""
    assert not classify(text).abusive, find_abuse(text)


@pytest.mark.parametrize(
    "text",
    [
        "короче нужна хреновина, чтобы сама считала простой и выставляла счёт",
        "у вас там т*пые операторы или боты?",
    ],
)
def test_round25_a_thingamajig_and_stupid_staff_are_abusive(text: str) -> None:
    """S-POST-1: «хреновина» said of a thing is a хрен- euphemism; «т*пые операторы» names
    staff, masked or not."""
    assert classify(text).abusive


@pytest.mark.parametrize(
    "text",
    [
        "заведите нам пять пользователей, мы в правах доступа как бараны, сами не справимся",
        "я уже сама как дура полезла объединять дубли и склеила не тех",
    ],
)
def test_round25_we_or_myself_compared_with_fools_is_not_abusive(text: str) -> None:
    """S-POST-1: «мы … как бараны», «сама как дура» are said of the writers themselves."""
    assert not classify(text).abusive, find_abuse(text)


def test_round25_a_prefixed_shit_root_is_abusive() -> None:
    """S-POST-1: «наговнокодил» is the говн- root with a prefix."""
    assert classify("прошлый подрядчик наговнокодил нам сайт, переделайте").abusive


def test_round25_clowns_at_a_childrens_party_are_not_abusive() -> None:
    """S-POST-1: «клоуны, шары, аниматоры» on a party banner are entertainers."""
    assert not classify("нужен баннер к детскому празднику: клоуны, шары, аниматоры").abusive


def test_round25_a_masked_mudak_adjective_is_abusive() -> None:
    """S-POST-1: «м*дацкий» is мудацкий masked."""
    assert classify("этот м*дацкий роутер опять перезагружается").abusive


@pytest.mark.parametrize(
    "text",
    [
        "мы тут на буровой в компьютерных делах тупые, настройте нам сами отчёт",
        "мы в бухгалтерии все бестолочи по части CRM, объясните по шагам",
    ],
)
def test_writers_calling_themselves_fools_several_words_on_are_not_abusive(text: str) -> None:
    """S-SCOPE-1 (abusive): «мы тут на буровой в компьютерных делах тупые» - the writers of
    themselves, with a place and a topic between «мы» and the word."""
    assert not classify(text).abusive, text


def test_fools_after_a_new_clause_still_insult_staff() -> None:
    """S-SCOPE-1 (abusive): «мы ждём, а эти тупые …» - «а» opens a clause about others, so
    the word is said of them."""
    assert classify("мы неделю ждём ответа, а эти тупые даже не читают").abusive


def test_round31_an_insult_word_as_a_quoted_product_name_is_not_abusive() -> None:
    """S-POST-1: «воблеры Rapala окрас «Клоун»» names a colour; nobody is called a clown."""
    text = "у нас воблеры Rapala окрас «Клоун» висят в резерве под заказы"
    assert not classify(text).abusive, find_abuse(text)


def test_round31_stupid_in_the_dative_said_of_your_operators_is_abusive() -> None:
    """S-POST-1: «объясняю вашим тупым операторам» insults staff; only «нам, тупым …» is
    self-directed."""
    assert classify("Третий раз объясняю вашим тупым операторам одно и то же!").abusive
