"""Russian typed in Latin letters ("u nas ne otkryvaetsya CRM") back to Cyrillic.

Some customers write from phones without a Cyrillic keyboard. The rules and the lemmatiser
only know Cyrillic Russian, so such a message is converted first - but only when it is
clearly Russian: it has no Cyrillic at all and at least two distinct words from a list of
frequent Russian function words in Latin spelling, which English text never has.
Technical words (API, CRM, Google, ...) are kept as they are.
"""

from __future__ import annotations

import re

from yudesk.triage.rxprefix import compile_fast


def _wordset(text: str) -> frozenset[str]:
    return frozenset(text.split())


_MARKERS = _wordset(
    """
    ne nas nam kak chto eto pozhaluysta pozhaluista pozhalujsta zdravstvuyte zdravstvuite
    dobryy dobriy dobryi den pomogite srochno ochen nuzhno mozhno pochemu gde cherez dlya
    rabotaet spasibo privet vse vsekh vseh podskazhite skazhite kogda seychas uzhe tozhe
    esli net ili tolko mne menya u nas vy vas vam nashey nashu nastroit sdelayte dobavte
    chtoby chtob sdelat ne mogu zhdu zhdem voobshe voobshche normalno otveta otvet
    davno skolko budet bylo nichego nikto nikogo segodnya vchera zavtra opyat snova zachem
    dnya dney nedelyu chasa tak ni odin odna mozhet mozhem mogut zayti voyti nikak
    """
)
# Endings of Russian word forms that English words (almost) never have: "nashego",
# "mobilnaya", "raz'ezzhayutsya", "sdelaite" ("prinimaem" is not one: "-em" is English too);
# and "zh" or "vsh" anywhere ("nuzhen", "vsheh"). "-eogo" (geo), "-lego" are English.
# fmt: off
_RUSSIAN_ENDINGS = (
    "ogo", "ego", "aya", "tsya", "tsa", "yut", "ykh", "iyu", "oye", "iye", "aet", "uet",
    "ayte", "aite", "eite", "iyte", "ovat", "ovali", "nyy", "nyi", "shchi",
)
# fmt: on
_ENGLISH_LOOKALIKE_ENDINGS = ("eogo", "lego")
# English function words: a message in English may hold a Russian name or two.
_ENGLISH = _wordset(
    """
    the a an is are was were to of and in for on with you we our your this that it be have
    has not can please do does i my
    """
)
_KEEP = _wordset(
    """
    api crm yucrm google gmail sheets excel email e-mail sms url id json http https www ok
    whatsapp telegram tilda wordpress webhook webhooks csv pdf xml ip dns ftp ssh vpn wifi
    """
)
_MULTI = (
    ("shch", "щ"),
    ("sch", "щ"),
    ("zh", "ж"),
    ("kh", "х"),
    ("tsya", "тся"),
    ("ts", "ц"),
    ("ch", "ч"),
    ("sh", "ш"),
    ("yu", "ю"),
    ("ya", "я"),
    ("yo", "е"),
    ("ye", "е"),
    ("iy", "ий"),
    ("yy", "ый"),
    ("'", "ь"),
)
_SINGLE = str.maketrans(
    {
        "a": "а",
        "b": "б",
        "v": "в",
        "g": "г",
        "d": "д",
        "e": "е",
        "z": "з",
        "i": "и",
        "k": "к",
        "l": "л",
        "m": "м",
        "n": "н",
        "o": "о",
        "p": "п",
        "r": "р",
        "s": "с",
        "t": "т",
        "u": "у",
        "f": "ф",
        "h": "х",
        "c": "к",
        "w": "в",
        "q": "к",
        "j": "й",
    }
)
_VOWELS = "аеиоуыэюяё"
# Word-initial "e" is "э" in эт-, эк-, эл-, but "е" in these frequent words.
_INITIAL_E = ("esli", "eshche", "eshe", "ego", "ee", "emu", "est", "eyo", "eë")
# The searched-for regexes open with a case-sensitive class of their first letters
# (rxprefix), which re's search skips to: case-insensitive, it tries every position.
_WORD = compile_fast(r"[a-z']+", re.IGNORECASE)
# _WORD on lower-cased text, without the cost of IGNORECASE: there [a-z] also matches "ı",
# "ſ" (and "İ", "K", which lower() turns into "i̇", "k"), the only non-ASCII letters it
# folds to a-z, so this finds exactly the same words.
_LOWER_WORD = compile_fast(r"[a-zıſ']+")
_CYRILLIC = compile_fast(r"[а-яё]", re.IGNORECASE)
# A byte table keeping the characters of a Latin word as written ([A-Za-z']), every other
# byte made a space.
_LATIN_BYTES = bytes(
    b if chr(b).isascii() and (chr(b).isalpha() or chr(b) == "'") else 32 for b in range(256)
)


def _latin_only(text: str) -> str:
    """``text`` with every character but [A-Za-z'] made a space, so split() gives the Latin
    words, cut out in C without a regex (findall costs ~150 instructions a character of
    Cyrillic text): any other character becomes a byte "?" (encode), then a space
    (translate)."""
    return text.encode("ascii", "replace").translate(_LATIN_BYTES).decode("ascii")


def has_cyrillic(text: str) -> bool:
    return _CYRILLIC.search(text) is not None


def looks_translit(text: str, cyrillic_free: bool = False) -> bool:
    """Whether ``text`` is Russian typed in Latin letters. ``cyrillic_free``: the caller
    has found no Cyrillic letter in it (has_cyrillic), which is not looked for again."""
    if not cyrillic_free and not text.isascii() and _CYRILLIC.search(text):
        return False
    low = text.lower()
    # Without "ı" or "ſ" the words are the runs of [a-z'], cut out in C as in
    # runs_to_cyrillic (the regex costs ~100 instructions a character); any other non-ASCII
    # character becomes a "?" and then a space, where the regex skips it.
    found = _LOWER_WORD.findall(low) if "ı" in low or "ſ" in low else _latin_only(low).split()
    words = {w.strip("'") for w in found} if "'" in low else set(found)
    markers = len(words & _MARKERS)
    if markers != 1:
        return markers >= 2
    # One function word ("nuzhen redizain nashego saita, ili posovetuite kogo"): Russian
    # endings say it as well, where English function words would outnumber them. (Only then:
    # an English message has no marker word, and is not walked word by word.)
    russian = markers + sum(
        1 for w in words if len(w) >= 4 and w not in _MARKERS and _has_russian_ending(w)
    )
    return russian >= 2 and russian > len(words & _ENGLISH)


def _has_russian_ending(word: str) -> bool:
    # str.endswith over a tuple, not a regex: it runs on each word of a Latin text.
    return (
        (word.endswith(_RUSSIAN_ENDINGS) and not word.endswith(_ENGLISH_LOOKALIKE_ENDINGS))
        or "zh" in word
        or "vsh" in word
    )


def _word(latin: str) -> str:
    low = latin.lower()
    if low in _KEEP:
        return latin
    out = low
    initial_e = out.startswith("e") and not out.startswith(_INITIAL_E)
    for src, dst in _MULTI:
        out = out.replace(src, dst)
    # "y" after a vowel is "й" ("kakoy", "pozhaluysta"), otherwise "ы" ("vy", "chtoby").
    chars: list[str] = []
    for i, ch in enumerate(out):
        if ch == "y":
            chars.append("й" if i > 0 and chars[-1] in _VOWELS else "ы")
        else:
            chars.append(ch.translate(_SINGLE))
    # Word-final "i" after a vowel other than "i" is "й" ("vsei", "kakoi", "novoi"):
    # Russian words end in "-ей/-ой/-ай", hardly ever in "-еи/-аи" ("мои" reads "мой": the
    # same lemma); "-ии" stays ("kompanii").
    if len(chars) > 1 and chars[-1] == "и" and chars[-2] in _VOWELS and chars[-2] != "и":
        chars[-1] = "й"
    result = "".join(chars)
    if initial_e and result.startswith("е"):
        result = "э" + result[1:]
    return result


_LATIN_IN_WORD = compile_fast(r"[a-z]+", re.IGNORECASE)
_CYRILLIC_VOWELS = frozenset("аеёиоуыэюя")


def latin_letters_read_aloud(word: str) -> str:
    """A word mixing the scripts with its Latin letters read as sounds, not as shapes:
    "дebилы" is "дебилы" (b for б), where the look-alike fold reads "деьилы"; "пиzдец".
    An "e" inside the word is "е", not the "э" that starts a transliterated word, and a
    "y" after a vowel is "й" ("хуy")."""

    def _sound(m: re.Match[str]) -> str:
        out = _word(m.group(0))
        if m.start():
            if out.startswith("э"):
                out = "е" + out[1:]
            elif out.startswith("ы") and word[m.start() - 1].lower() in _CYRILLIC_VOWELS:
                out = "й" + out[1:]  # "хуy": a y after a vowel is й, as _word reads it
        return out

    return _LATIN_IN_WORD.sub(_sound, word)


def to_cyrillic(text: str, cyrillic_free: bool = False) -> str:
    """The text in Cyrillic if it is transliterated Russian, else unchanged
    (``cyrillic_free``: see looks_translit)."""
    if not looks_translit(text, cyrillic_free):
        return text
    return _WORD.sub(lambda m: _word(m.group(0)), text)


# A stretch of Latin words with no Cyrillic letter in it (digits, spaces and punctuation may
# stand between the words): "алло, nichego ne rabotaet ni u kogo, CRM ne otkryvaetsya".
_LATIN_RUN = compile_fast(r"[a-z'](?:[a-z'\d\s,.!?;:()\-]*[a-z'])?", re.IGNORECASE)


def runs_to_cyrillic(text: str) -> str:
    """A text with some Cyrillic in which the customer switched to Russian typed in Latin
    letters ("Salam, ya ploho pishu po russki. Kak sdelat chtoby менеджер ..."): each Latin
    stretch that is itself clearly transliterated Russian (as for a whole text: two marker
    words, or one with Russian endings) is converted; English stretches, names and codes stay
    as they are. Unchanged (and cheap) unless the text holds two marker words at all."""
    # Marker words are ASCII: the Latin words as written (runs of [A-Za-z']), lower-cased,
    # say whether there are two.
    if len(_MARKERS.intersection(_latin_only(text).lower().split())) < 2:
        return text

    return _LATIN_RUN.sub(lambda m: to_cyrillic(m.group(0)), text)
