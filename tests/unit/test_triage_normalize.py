"""Normalisation before triage (S-SCOPE-1): quoted replies and signatures are cut, spelling
variants meet (ё/е, case, look-alike Latin letters, repeated punctuation, transliteration)."""

from __future__ import annotations

import pytest

from yudesk.triage import classify
from yudesk.triage.lemmas import Lemmatiser
from yudesk.triage.normalize import (
    clean_subject,
    find_words,
    fold,
    fold_lookalikes,
    is_reply_subject,
    quoted_words,
    strip_quotes,
    strip_signature,
    tokenize,
)
from yudesk.triage.translit import looks_translit, runs_to_cyrillic, to_cyrillic


@pytest.mark.parametrize(
    "text",
    [
        "Новый вопрос.\n\n> Старый текст\n> ещё старый",
        "Новый вопрос.\n\n-----Original Message-----\nFrom: a@b.c\nСтарый текст",
        "Новый вопрос.\n\n-----Исходное сообщение-----\nСтарый текст",
        "Новый вопрос.\n\nОт: Поддержка <support@yucrm.ru>\nОтправлено: 12 марта\nТема: x\n"
        "Старый текст",
        "Новый вопрос.\n\nOn Mon, 3 Mar 2026 at 10:00, Ivan <i@x.ru> wrote:\nСтарый текст",
        "Новый вопрос.\n\n3 марта 2026 г., в 10:00, Иван <i@x.ru> написал(а):\n> Старый текст",
    ],
)
def test_quoted_reply_is_cut(text: str) -> None:
    """S-SCOPE-1: the earlier mail below the new words is not read as the request."""
    body = strip_quotes(text)
    assert "Новый вопрос" in body
    assert "Старый" not in body


def test_bottom_posted_reply_keeps_the_new_words() -> None:
    """S-SCOPE-1: "> " lines go, the answer written under them stays."""
    text = "Иван пишет:\n> Что у вас?\nНе открываются сделки."
    assert strip_quotes(text) == "Не открываются сделки."


def test_message_that_is_only_a_quote_keeps_its_text() -> None:
    """S-SCOPE-1: nothing to classify is never the outcome of stripping."""
    assert strip_quotes("> не работает телефония") == "не работает телефония"


@pytest.mark.parametrize(
    ("text", "kept", "gone"),
    [
        (
            "Не работает импорт.\n\nС уважением,\nИван Петров\nООО «Интеграция»",
            "импорт",
            "Интеграция",
        ),
        ("Не работает импорт.\n--\nИван, менеджер по настройке", "импорт", "настройке"),
        ("Не работает импорт.\n\nSent from my iPhone", "импорт", "iPhone"),
        ("Не работает импорт.\n\nОтправлено с iPhone", "импорт", "iPhone"),
        (
            "Не работает импорт.\nИван Петров\n+7 (912) 345-67-89\nООО «Сайт-Мастер»",
            "импорт",
            "Сайт",
        ),
        ("Не работает импорт. Best regards, John Smith, Web Design Ltd", "импорт", "Design"),
    ],
)
def test_signature_is_cut(text: str, kept: str, gone: str) -> None:
    """S-SCOPE-1: sign-offs, device footers and company lines do not vote for a scope."""
    body = strip_signature(text)
    assert kept in body
    assert gone not in body


def test_signoff_words_in_the_opening_do_not_cut_the_request() -> None:
    """S-SCOPE-1: «с уважением» in a greeting is no sign-off: the question after it stays."""
    text = (
        "Коллеги, с уважением от всего отдела снабжения и с просьбой о помощи. Подскажите, "
        "как настроить, чтобы заявки от поставщиков сами попадали в отдельную воронку, "
        "а не в общую? Сейчас менеджеры перекладывают их вручную каждое утро, и часть "
        "теряется, если кто-то в отпуске или на больничном. Хотим разобраться сами."
    )
    assert "воронку" in strip_signature(text)


def test_signoff_closing_a_long_message_still_cuts_the_signature() -> None:
    """S-SCOPE-1: a sign-off followed by a signature shorter than the message is cut."""
    text = (
        "Добрый день. Не работает импорт контактов из Excel: после загрузки файла "
        "крутится индикатор и ничего не происходит.\n\nС уважением,\nИван Петров, "
        "руководитель отдела продаж\nООО «Веб-студия Лендинг Про»\n+7 912 345-67-89"
    )
    body = strip_signature(text)
    assert "импорт" in body
    assert "Лендинг" not in body


def test_signature_company_name_does_not_change_scope() -> None:
    """S-SCOPE-1: a web studio's signature does not make a CRM bug a web-design request."""
    text = "Не сохраняется сделка, ошибка 500.\n\nС уважением,\nВеб-студия «Сайты и лендинги»"
    assert classify(text).scope == "malfunction"


def test_lookalike_latin_letters_are_folded_in_cyrillic_words() -> None:
    """S-SCOPE-1: "пapoль" with Latin a/p/o is the word "пароль"."""
    assert fold_lookalikes("пapoль") == "пароль"
    assert fold_lookalikes("YUcrm API") == "YUcrm API"  # Latin words stay Latin


def test_fold_keeps_offsets() -> None:
    """S-CRED-1: look-alike folding maps letters one to one, so spans stay valid."""
    text = "Мой пapoль: Xx1!"
    assert len(fold_lookalikes(text)) == len(text)


@pytest.mark.parametrize(
    ("raw", "folded"),
    [
        ("ЁЛКИ", "елки"),
        ("Почему?!?!", "почему?"),
        ("Помогииите!!!", "помогите!"),
        ("ну....", "ну…"),
    ],
)
def test_fold_case_yo_punctuation_and_stretching(raw: str, folded: str) -> None:
    """S-SCOPE-1: case, ё/е, repeated punctuation and stretched letters meet."""
    assert fold(raw) == folded


def test_tokens_keep_dotted_names_and_split_sentences() -> None:
    """S-SCOPE-1: "reg.ru" stays one word; a full stop ends a sentence."""
    toks = tokenize(fold("Домен на reg.ru. Настройте почту"))
    assert [t.text for t in toks] == ["домен", "на", "reg.ru", "настройте", "почту"]
    assert toks[2].sentence == 0 and toks[3].sentence == 1


def test_ukrainian_and_kazakh_letters_stay_inside_words() -> None:
    """S-SCOPE-1: "і", "ї", "є", "қ" are letters: "нікому" is one word, not "н" + "кому",
    and the lemmatiser reads it through Russian letters ("нікому" -> "никто")."""
    toks = tokenize(fold("Нікому не відкривається їхній розділ, рақмет"))
    assert [t.text for t in toks] == ["нікому", "не", "відкривається", "їхній", "розділ", "рақмет"]
    lem = Lemmatiser()
    assert lem.lemma("нікому") == lem.lemma("никому") == "никто"


def test_belarusian_short_u_is_a_letter_read_as_u() -> None:
    """S-SCOPE-1, S-PRI-1: Belarusian "ў" ("ні ў кога ў офісе") is a letter, not a gap: the
    word "ў" stays and reads as the Russian "у", so "у всех"-like rules can meet it."""
    toks = tokenize(fold("ні ў кога ў офісе"))
    assert [t.text for t in toks] == ["ні", "ў", "кога", "ў", "офісе"]
    lem = Lemmatiser()
    assert lem.lemma("ў") == lem.lemma("у")


def test_lemmatiser_makes_inflections_meet() -> None:
    """S-SCOPE-1: «настроить / настройте / настроили» share a lemma; the imperative is known."""
    lem = Lemmatiser()
    assert {lem.lemma(w) for w in ("настроить", "настройте", "настроили")} == {"настроить"}
    assert lem.analyse("настройте").imperative
    assert not lem.analyse("настроили").imperative
    assert lem.lemma("нам") == lem.lemma("нас") == "мы"


def test_translit_russian_is_read_as_cyrillic() -> None:
    """S-SCOPE-1: Russian typed in Latin letters is converted; English is left alone."""
    assert to_cyrillic("u nas ne otkryvaetsya CRM, pomogite srochno") == (
        "у нас не открывается CRM, помогите срочно"
    )
    assert to_cyrillic("How can I set up a recurring deal?") == "How can I set up a recurring deal?"
    assert classify("u nas u vsekh ne otkryvaetsya CRM s utra, pishet 502").critical


def test_translit_with_one_function_word_is_read_by_its_endings() -> None:
    """S-SCOPE-1: translit with one function word («nuzhen redizain nashego saita,
    mobilnaya versiya krivaya, ili posovetuite») is still Russian: its endings say so. English
    with a Russian name in it stays English."""
    assert looks_translit("nuzhen redizain nashego saita, mobilnaya versiya krivaya, ili kogo")
    assert looks_translit("sdelaite pls lending pod remont konsolei, chtoby k sezonu uspet")
    assert not looks_translit("Please ask Sergey Ivanov from the Moscow office to call us")
    assert not looks_translit("Our warehouse manager Natalya says the export is missing")


def test_subject_prefixes_and_ticket_tags_are_removed() -> None:
    """S-SCOPE-1: "Re: Fwd: [YU-2026-000123]" says nothing about the request."""
    assert clean_subject("Re: Fwd: [YU-2026-000123] Не работает импорт") == "Не работает импорт"
    assert clean_subject(None) == ""


def test_gmail_style_quote_header_is_cut() -> None:
    """S-SCOPE-1: "чт, 13 нояб. 2025 г. в 12:10, Support <…>:" introduces the quoted mail."""
    text = (
        "Новый вопрос: как скрыть поле?\n\n"
        "чт, 13 нояб. 2025 г. в 12:10, YUcrm Support <support@yucrm.ru>:\n"
        "> Сбой устранён, CRM была недоступна у всех."
    )
    body = strip_quotes(text)
    assert "скрыть поле" in body and "недоступна" not in body and "support@" not in body


def test_inline_original_message_block_is_cut_and_new_words_after_it_kept() -> None:
    """S-SCOPE-1: an earlier mail pasted in the middle, closed by a line of dashes."""
    text = (
        "Добрый день,\n\n-----Original Message-----\nFrom: Support <s@yucrm.ru>\n"
        "Sent: Monday\n\nИнцидент устранён.\n-----\n\nА вот новый вопрос про отчёт."
    )
    body = strip_quotes(text)
    assert "новый вопрос" in body and "Инцидент" not in body


def test_reply_subject_is_recognised() -> None:
    """S-PRI-1: "Re:/Fwd:" subjects name the old thread."""
    assert is_reply_subject("RE: [YU-2025-004211] CRM недоступна")
    assert is_reply_subject("Fwd: счёт")
    assert not is_reply_subject("Не работает импорт")


def test_a_forward_with_a_short_note_is_judged_on_the_forwarded_mail() -> None:
    """S-SCOPE-1, S-PRI-1: "пересылаю, посмотрите" above a forwarded mail asks about that
    mail; its header block goes, its text stays."""
    text = (
        "Коллеги, пересылаю от бухгалтерии, ситуация та же.\n\n"
        "---------- Пересылаемое сообщение ----------\n"
        "От: Ольга <olga@zavod.ru>\n"
        "Дата: 4 марта 2026 г.\n"
        "Тема: не заходит\n\n"
        "Весь отдел с утра не может войти в систему, висит загрузка.\n"
    )
    kept = strip_quotes(text)
    assert "Весь отдел с утра не может войти" in kept
    assert "olga@zavod.ru" not in kept and "Дата:" not in kept


def test_gmail_russian_forward_marker_is_a_forward() -> None:
    """S-PRI-1: Gmail in Russian marks a forward «Пересланное сообщение»; the forwarded
    mail below it, not only the one-line note, is what the customer reports."""
    text = (
        "Добрый день, пересылаю письмо нашего администратора, там все детали.\n\n"
        "---------- Пересланное сообщение ----------\n"
        "От: Гусев Р. <admin@base.ru>\n"
        "Кому: Быкова М.\n"
        "Тема: обмен с CRM\n\n"
        "Обмен с YUcrm встал полностью у всей компании с 05:00, сервер отвечает 503.\n"
    )
    kept = strip_quotes(text)
    assert "встал полностью у всей компании" in kept
    assert "admin@base.ru" not in kept


def test_a_note_that_says_it_redirects_a_mail_keeps_the_forwarded_mail() -> None:
    """S-PRI-1: «Переадресую письмо от управляющей …» says it forwards as «пересылаю» does,
    even when the note goes on about another matter; the forwarded report is kept."""
    text = (
        "Переадресую письмо от управляющей нашего второго магазина. Заодно напомню: счёт за "
        "продление лицензии (№ 1187 от 02.04) мы оплатили, пришлите, пожалуйста, закрывающие документы.\n\n"
        "----- Пересылаемое сообщение -----\n"
        "От: Гоар Мелконян\n"
        "Кому: Армен Гаспарян\n"
        "Тема: CRM\n\n"
        "С 10 утра раздел «Сделки» не грузится ни у кого, ни у нас, ни в центральном.\n"
    )
    kept = strip_quotes(text)
    assert "не грузится ни у кого" in kept
    assert "Кому:" not in kept


def test_a_note_that_sends_on_a_memo_keeps_the_memo() -> None:
    """S-PRI-1: «Направляем служебную записку, поступившую в отдел качества» passes a
    colleague's mail on as «пересылаю» does; the memo under its Outlook header is kept."""
    text = (
        "Добрый день.\n\nНаправляем служебную записку, поступившую в отдел качества.\n\n"
        "От: Сидоренко Павел\n"
        "Отправлено: 27 октября 2025 г. 9:14\n"
        "Кому: Отдел качества\n"
        "Тема: Нет доступа к CRM\n\n"
        "С начала рабочего дня ни один сотрудник не может войти в CRM.\n"
    )
    kept = strip_quotes(text)
    assert "ни один сотрудник не может войти" in kept
    assert "Отправлено:" not in kept


def test_a_forward_below_a_request_of_its_own_is_cut() -> None:
    """S-SCOPE-1: a customer who writes their own request and attaches an old forwarded
    thread for context is judged on their own words."""
    own = (
        "Добрый день! Подскажите, как настроить автоматическую постановку задачи менеджеру "
        "после смены этапа сделки на «Счёт выставлен», чтобы он напоминал клиенту об оплате "
        "через три дня?"
    )
    text = own + "\n\n---------- Forwarded message ----------\nFrom: a@b.ru\n\nСтарая переписка.\n"
    assert strip_quotes(text) == own


def test_a_forwarded_outage_is_critical() -> None:
    """S-PRI-1: an outage report forwarded by a manager is still an outage for everyone."""
    text = (
        "Пересылаю, посмотрите срочно.\n\n"
        "-------- Пересылаемое сообщение --------\n"
        "От: Иван <ivan@shop.ru>\n"
        "Тема: CRM\n\n"
        "С девяти утра CRM не открывается ни у кого в офисе, у всех ошибка 502."
    )
    assert classify(text).critical


def test_translit_stretch_inside_a_cyrillic_message_is_read_as_cyrillic() -> None:
    """A customer who switches to Latin letters mid-message ("Здравствуйте. u nas ne
    rabotaet ..."): the Latin stretch that is Russian is converted, English stays English."""
    assert runs_to_cyrillic("Здравствуйте. u vseh ne otkryvaetsya CRM s utra") == (
        "Здравствуйте. у всех не открывается CRM с утра"
    )
    text = "Ошибка в логе: Internal server error, please check the gateway"
    assert runs_to_cyrillic(text) == text
    result = classify("эй, nichego ne rabotaet ni u kogo, CRM ne otkryvaetsya s obeda")
    assert result.critical, result.evidence
    result = classify("privet, kak sdelat chtoby стажёр не видел чужие сделки?")
    assert result.scope == "configuration", result.evidence


def test_translit_word_final_i_after_a_vowel_is_short_i() -> None:
    """S-SCOPE-1 / S-PRI-1: «u vsei kompanii», «kakoi» end in «-ей», «-ой», not «-еи»."""
    assert to_cyrillic("ne rabotaet u vsei kompanii, kakoi-to sboi") == (
        "не работает у всей компании, какой-то сбой"
    )


@pytest.mark.parametrize(
    "footer",
    [
        "Сообщение содержит информацию, предназначенную только для указанного получателя. "
        "Если вы получили его по ошибке, удалите его и уведомите отправителя.",
        "Информация, содержащаяся в данном сообщении, является конфиденциальной и может "
        "составлять банковскую тайну. Использование без согласия отправителя запрещено.",
        "If you have received this message in error, please notify the sender.",
    ],
)
def test_legal_footer_without_the_usual_opening_is_cut(footer: str) -> None:
    """S-SCOPE-1: a disclaimer is known by what it says («только для получателя», «получили
    по ошибке»), not by one opening phrase; its «только для» must not read as a partial
    outage."""
    text = "Модуль «Задачи» недоступен у всех пользователей с утра.\n\n" + footer
    body = strip_signature(text)
    assert "Задачи" in body
    assert footer[:30] not in body


def test_request_that_mentions_a_mistaken_recipient_is_not_a_footer() -> None:
    """S-SCOPE-1: the footer test reads the message's tail only; a long request whose
    second line says a letter went astray keeps everything."""
    text = (
        "Добрый день.\nПисьмо клиенту получили по ошибке не те люди.\n"
        + "Подскажите, как настроить рассылку. " * 40
    )
    assert strip_signature(text) == text.strip()


def test_a_question_what_the_api_is_meant_for_is_not_a_footer() -> None:
    """S-SCOPE-1: «API предназначен только для вызовов с сервера?» asks about the product;
    only «предназначено только для адресата» is a legal footer."""
    text = (
        "Получаем ошибку CORS.\nЕсть ли возможность разрешить наш домен, "
        "или API предназначен только для вызовов с сервера?"
    )
    assert "CORS" in strip_signature(text)
    assert "сервера" in strip_signature(text)


def test_a_forward_on_top_keeps_the_note_written_below_it() -> None:
    """S-PRI-1: a forwarded mail closed by a line of dashes, with the customer's own
    words under it, keeps both: «у всех сотрудников … не открывается» is the report."""
    text = (
        "---------- Пересланное сообщение ---------\n"
        "От: Дежурный <noc@hostel.ru>\n"
        "Тема: CRM недоступна\n\n"
        "CRM не открывается с ночи.\n"
        "----------\n\n"
        "Пересылаю вам сообщение дежурного. Сейчас у всех сотрудников система не открывается."
    )
    kept = strip_quotes(text)
    assert "CRM не открывается с ночи" in kept
    assert "у всех сотрудников" in kept
    assert "noc@hostel.ru" not in kept


def test_fw_subject_reads_the_quoted_mail_under_a_short_note() -> None:
    """S-PRI-1: "FW:" with a short cover note and the forwarded mail quoted with "> ":
    the quoted outage is the report."""
    text = (
        "FYI - see below from our Moscow office. Can you confirm status and ETA?\n\n"
        "> From: Irina Belova\n> Sent: Wednesday, 10:42\n>\n"
        "> CRM is not opening for anyone here for 40 minutes already."
    )
    kept = strip_quotes(text, forwarded=True)
    assert "not opening for anyone" in kept
    assert "Irina Belova" not in kept
    assert "not opening" not in strip_quotes(text)


def test_fw_subject_over_a_letter_of_its_own_keeps_only_the_letter() -> None:
    """S-SCOPE-1: a complaint that forwards a thread with support is judged on its own
    words; the quoted answers of support are not the customer's."""
    own = (
        "Пересылаю переписку по обращению YU-2026-005002. Как видите, на наш вопрос мы "
        "получили ответ через 6 рабочих дней, и он не имеет отношения к вопросу. Прошу вас "
        "лично посмотреть эту историю, это уже не первый случай такой работы поддержки."
    )
    text = own + "\n\n> Чтобы настроить права доступа, перейдите в раздел Настройки."
    assert strip_quotes(text, forwarded=True) == own


def test_fw_subject_reads_an_outlook_original_message_under_a_short_note() -> None:
    """S-PRI-1: "FW:" over "-----Original Message-----" and a one-line note: the
    forwarded mail is the report; the older mail nested below it is not."""
    text = (
        "Пересылаю переписку, посмотрите срочно.\n\n"
        "-----Original Message-----\nFrom: Ольга\nSent: Thursday, 10:05\nSubject: RE: срм\n\n"
        "У всех менеджеров при открытии любой сделки «Доступ запрещён».\n\n"
        "-----Original Message-----\nFrom: Директор\nSubject: срм\n\nОля, почему нет заявок?"
    )
    kept = strip_quotes(text, forwarded=True)
    assert "У всех менеджеров" in kept
    assert "почему нет заявок" not in kept
    assert "У всех менеджеров" not in strip_quotes(text)


def test_fw_subject_over_a_letter_that_forwards_reads_the_customers_quoted_report() -> None:
    """S-PRI-1: a letter of its own that says it forwards a thread with support ("Пересылаю
    нашу переписку …"): the customer's own quoted report is read, support's answers are not."""
    text = (
        "Владимир, добрый день.\n\nПересылаю нашу переписку с вашей поддержкой, чтобы было "
        "понятно, почему я пишу вам напрямую.\n\n"
        "> От: support@yucrm.ru\n> Здравствуйте! Мы передали вашу заявку специалистам.\n>\n"
        "> От: Гусева Елена\n> Ни у кого из сотрудников не создаются сделки — ошибка 500. "
        "Это у всех 25 пользователей.\n\n"
        "Прошло 26 часов. Два шаблонных ответа и ноль действий. Сделки мы всё это время "
        "ведём в таблице.\n\nЕлена Гусева\nруководитель отдела продаж"
    )
    kept = strip_quotes(text, forwarded=True)
    assert "Ни у кого из сотрудников не создаются сделки" in kept
    assert "передали вашу заявку" not in kept
    assert "Гусева Елена" not in kept
    assert strip_quotes(text) == kept  # the note says it forwards: no "Fwd:" subject needed


def test_a_forwarded_chat_with_support_reads_the_customers_lines_only() -> None:
    """S-PRI-1: "Пересылаю переписку с вашей поддержкой" over "> 10:05 Мы: …" and "> 10:40
    Поддержка: …" chat lines: the customer's lines are the report, support's are not."""
    text = (
        "Пересылаю переписку с вашей поддержкой — оцените сами.\n\n"
        "> 10:05 Мы: Телефония не работает у всей компании, ни один звонок не попадает в CRM.\n"
        "> 10:40 Поддержка: Здравствуйте! Уточните, пожалуйста, ваш браузер.\n"
        "> 10:42 Мы: При чём тут браузер? Не работает у всех.\n\n"
        "Сейчас 16:20, звонки до сих пор не попадают в CRM. Прошу руководителя поддержки "
        "взять ситуацию под контроль."
    )
    kept = strip_quotes(text)
    assert "Телефония не работает у всей компании" in kept
    assert "Не работает у всех" in kept
    assert "ваш браузер" not in kept


def test_a_forward_of_a_forward_reads_the_mail_quoted_inside_it() -> None:
    """S-PRI-1: a marked forward whose own header says "Тема: Fwd: …" and whose body is a
    one-line note over "> " lines: the innermost report is read."""
    text = (
        "---------- Пересланное сообщение ----------\n"
        "От: Денис Карпов <d.karpov@telecom-partner.ru>\nДата: 14 марта, 08:52\n"
        "Тема: Fwd: не работает CRM\n\n"
        "Коллеги, перешлите в поддержку YUcrm, пожалуйста.\n\n"
        "> От: Старший смены КЦ\n"
        "> С 8:00 никто из операторов не может зайти в CRM.\n"
    )
    assert "никто из операторов не может зайти" in strip_quotes(text)


def test_quoted_words_are_the_ones_inside_quotation_marks() -> None:
    """S-PRI-1: «...», "..." and „...“ mark someone else's words; a stray mark is closed by
    the line break, so it does not make the rest of the letter quoted."""
    text = 'закрыли со словами "у провайдера проблема", а «у всех работает» сказал он\nкнопка "да'
    words = find_words(text)
    quoted = [w for w, q in zip(words, quoted_words(text), strict=True) if q]
    assert quoted == ["у", "провайдера", "проблема", "у", "всех", "работает"]


def test_an_unclosed_quote_mark_quotes_nothing() -> None:
    """S-PRI-1: one stray quote mark before a long text is not a quotation of all of it."""
    text = 'пишу "' + " ".join(["слово"] * 40)
    assert not any(quoted_words(text))


def test_a_forwarded_mail_survives_the_cover_notes_sign_off() -> None:
    """S-SCOPE-1, S-PRI-1: a short cover note forwarding a chain ("Fwd:") keeps the forwarded
    mail, and it is put above the note's «С уважением, …», so the signature cut that follows
    does not drop what the customer forwarded."""
    text = (
        "Добрый день.\nПересылаю цепочку.\n\nС уважением, Иван Петров\n\n"
        "> От: Отдел продаж\n> Кому: ИТ\n> Коллеги, CRM никого не пускает с утра.\n"
    )
    body = strip_signature(strip_quotes(text, forwarded=True))
    assert "CRM никого не пускает" in body
    assert "Иван Петров" not in body


def test_fw_subject_reads_the_mail_under_an_outlook_header_block() -> None:
    """S-PRI-1: "FW:" over a short note and an Outlook header block ("От: … Отправлено: …
    Кому: … Тема: …") with no marker line: the forwarded mail is the report, and support's
    answer quoted inside it with "> " is not."""
    text = (
        "Руководителю технической поддержки.\n\nПересылаю переписку, комментарии излишни.\n\n"
        "От: Соколова Ирина <i.sokolova@agrotorg.ru>\nОтправлено: среда, 11:47\n"
        "Кому: Поддержка <help@integrator.ru>\nТема: RE: RE: CRM\n\n"
        "У нас с утра не работает ничего: CRM у всех 35 сотрудников выдаёт ошибку 500.\n\n"
        "> От: Поддержка\n> Мы передали вопрос в YUcrm, ждём ответа.\n"
    )
    kept = strip_quotes(text, forwarded=True)
    assert "CRM у всех 35 сотрудников выдаёт ошибку 500" in kept
    assert "ждём ответа" not in kept
    assert "Соколова Ирина" not in kept


def test_a_note_that_passes_a_message_on_reads_the_mail_under_the_header_block() -> None:
    """S-PRI-1: «Передаю сообщение от нашей команды продаж» over an Outlook header block
    says it forwards, with or without an "FW:" subject."""
    text = (
        "Коллеги, добрый день! Передаю сообщение от нашей команды продаж.\n\n"
        "От: Смирнова Татьяна\nОтправлено: 12 декабря, 9:47\nКому: ИТ\n"
        "Тема: Срочно: сделки не открываются\n\n"
        "Раздел «Сделки» не загружается ни у кого в отделе, через минуту «Ошибка 504»."
    )
    assert "не загружается ни у кого в отделе" in strip_quotes(text)


def test_a_reply_over_an_outlook_header_block_drops_the_quoted_history() -> None:
    """S-SCOPE-1: without "FW:" or a note that forwards, an Outlook header block starts the
    quoted history of a reply, which is not read."""
    text = (
        "Спасибо, сейчас всё работает.\n\n"
        "От: Иванов Пётр\nОтправлено: вторник, 10:00\nКому: Поддержка\nТема: CRM\n\n"
        "CRM не открывается ни у кого."
    )
    assert strip_quotes(text) == "Спасибо, сейчас всё работает."


def test_a_forwarded_answer_of_support_under_a_header_block_is_not_the_report() -> None:
    """S-PRI-1: a customer forwarding support's own answer ("FW:", "От: support@…")
    reports the thread; support's words are not read as the customer's."""
    text = (
        "Полюбуйтесь.\n\n"
        "От: YUcrm Support <support@yucrm.ru>\nОтправлено: вторник, 10:00\nТема: RE: CRM\n\n"
        "Мы проверили: у всех пользователей CRM не работает по вашей вине."
    )
    assert strip_quotes(text, forwarded=True) == "Полюбуйтесь."


def test_a_note_that_shows_what_a_colleague_wrote_reads_the_quoted_lines() -> None:
    """S-PRI-1: «посмотрите, что пишет мой управляющий» over "> " lines with no header: the
    colleague's quoted report is read, as a forward's would be."""
    text = (
        "Уважаемый руководитель поддержки,\n\nпосмотрите, что пишет мой управляющий.\n\n"
        "> CRM не работает ни у кого, телефония тоже не пишет звонки.\n"
        "> Пока работаем по старинке.\n\nПрошу перезвонить мне лично."
    )
    assert "CRM не работает ни у кого" in strip_quotes(text)


def test_a_chat_pasted_from_their_own_group_reads_the_quoted_lines() -> None:
    """S-PRI-1 / S-POST-1: «Скидываю из нашего рабочего чата» over "> " lines: the customer's
    own colleagues' words are read (their outage report, and their мат, are the message's)."""
    text = (
        "Скидываю из нашего рабочего чата, сами посмотрите:\n\n"
        "> Дима закупка: нет, белый экран\n"
        "> Саша весовая: опять не грузит, машины записываю в тетрадь\n\n"
        "Вот пишу."
    )
    assert "машины записываю в тетрадь" in strip_quotes(text)


def test_a_reply_that_quotes_without_relaying_drops_the_quoted_lines() -> None:
    """S-SCOPE-1: a reply under "> " lines that does not say it shows them is judged on its
    own words."""
    text = "Спасибо, помогло.\n\n> CRM не работает ни у кого."
    assert strip_quotes(text) == "Спасибо, помогло."


def test_a_note_that_shows_what_support_wrote_does_not_read_the_quote() -> None:
    """S-PRI-1: «не понимаю, что пишет ваш специалист» over support's answer quoted without
    a header: support's words are not the customer's report."""
    text = (
        "Не понимаю, что пишет ваш специалист.\n\n"
        "> Мы наблюдаем сбой у всех клиентов, CRM не работает ни у кого."
    )
    assert strip_quotes(text) == "Не понимаю, что пишет ваш специалист."
