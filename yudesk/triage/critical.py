"""Critical priority (S-PRI-1, SLA 2.1): the rules' reading of a message, and what files it.

Who decides: with the shipped model, its critical head (model.py, train.fit_critical), a
linear model over the message's lemmas, lemma bigrams and the ids of the critical.yaml rules
that fired; the message is critical when its logit reaches the threshold stored with it.
Where the head and the formula below disagree, the head must be sure to overrule it
(pipeline._critical_head): a "no" of the formula backed by a guard stands below the head's
``sure`` logit, a "yes" stands above ``-sure``. The formula's hits are the evidence (marked
when the head overrules them), and it decides alone when no model is loaded.

Why the head: the rules were written from the sets they were tested on, and each new writer
brought new ways to say an outage and new look-alikes. In a backtest on five past rounds'
blind sets (15 writers, 752 outages) the formula found 91.4 % of the outages with 43 false
alarms; the head, trained only on the sets written before each round, 98.8 % with 20 alone
and 98.1 % with 17 as it is used (train.py, CRITICAL_THRESHOLD, CRITICAL_SURE). The rules
stay its best features, and their hits are what an agent reads as the reason.

The formula, from the hits of rules/critical.yaml (the evidence for an outage, matched for
every message) and rules/critical_guards.yaml (what outweighs it, matched only for the few
messages that have evidence), combines the rule classes so an agent can see why:
    critical = (outage or (impact and failure and not (partial or wish or question
                                                          or hypothetical or support)
                                              and not (defect and not down)))
               and not (own_side or elsewhere or only_some or resolved)
               and not (moved_on after all of that evidence)
where a blocker counts only in the part of the message it is in, when turns to another
matter ("Горит другое.", "Отдельно хотела спросить …", class `turn`) cut a letter of several
matters into parts, and only if that part reports an outage.
"Срочно", capitals and exclamation marks are deliberately not inputs: urgency claimed is not
an outage, and one user's bug is a normal ticket however loudly it is reported.

The decision reads the message, not the scope guess: an outage for everyone is critical even
when the scope classifier took it for the customer's own computer ("на всех компах ... никто
не может работать") or for a request ("поставьте в приоритет: счета не формируются ни у
одного менеджера"). What the scope gate used to stand for is said by the text itself and
has rules of its own: the customer's own network or computer (own_side), a third party's
service or the customer's own server or website being what is down (elsewhere), a wish
(wish), a question how something works (question), a threat of what may happen (hypothetical:
"если никто не зайдёт"), a wrong value everybody sees (defect), support's own silence
(support: "поддержка не отвечает, у всех вопросы копятся"; only in the sentence of a failure
and where no service is said to be down beside it, so "Почему меня отфутболивают? У всей
компании не грузится календарь" stays an outage).

An outage for everyone is a malfunction (taxonomy: "An API outage for everyone is
`malfunction`"; a complaint that also reports one stays a complaint): ``scope_for`` gives
the scope a critical request is filed under, so the labels never say "down for everyone"
and "out of scope: your own computer" at once.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable, Sequence

from yudesk.triage.matcher import Hit

# The scopes a critical request keeps; any other guess becomes a malfunction (see scope_for).
CRITICAL_SCOPES = frozenset({"malfunction", "complaint"})
# Blockers that outweigh everything: nothing of the CRM is to be restored, or not now.
_BLOCKERS = ("own_side", "elsewhere", "only_some", "resolved")
# Blockers of "impact + failure" only: a phrase that alone says a service is down wins.
_WEAK_BLOCKERS = ("partial", "wish", "question", "hypothetical", "support")
_EVIDENCE = ("outage", "impact", "failure")


Hits = Sequence[Hit]
# Hits of a rule file, or a function that matches them (called only when needed).
Lazy = Callable[[], Hits] | Hits


def decide(
    hits: Hits,
    guards: Lazy = (),
    points: Callable[[], Sequence[int]] | None = None,
    headline: int = 0,
) -> tuple[bool, list[Hit]]:
    """(critical?, the hits that decided it). ``hits``: the evidence (critical.yaml; guard
    hits may be passed here as well); ``guards`` (critical_guards.yaml) is asked for only
    when there is evidence of an outage, and so is ``points``: the sentences that open the
    numbered points of a list (list_points). ``headline``: how many of the first sentences
    are the subject's. The scope guess is not an input."""
    by_class = _by_class(hits)
    if "outage" not in by_class and not ("impact" in by_class and "failure" in by_class):
        return False, []
    for hit in _get(guards):
        for cls in hit.rule.scores:
            by_class.setdefault(cls, []).append(hit)
    if "turn" in by_class or "moved_on" in by_class:
        _drop_other_matters(by_class, headline=headline)
    if points is not None and any(c in by_class for c in _WEAK_BLOCKERS):
        # "1) С обеда «Лиды» у всех с ошибкой 500. 2) Как добавить поле? 3) Not urgent: …":
        # the points of a numbered list are matters of their own, and a question, wish or
        # "не срочно" of one point does not speak for the outage of another. Only the weak
        # blockers: a point may well add "проверили — это у нас упал интернет" to the same
        # matter, and that (own_side, only_some, resolved) outweighs it wherever it is.
        starts = points()
        if starts:
            _drop_other_matters(by_class, starts, _WEAK_BLOCKERS, headline)
    if "past" in by_class and "resolved" in by_class and _past_episode_only(by_class):
        # "Сегодня у нас полностью не работает телефония. … В прошлом месяце было похожее с
        # почтой, тогда всё восстановилось само": that recovery was the other episode's.
        del by_class["resolved"]
    for cls in _BLOCKERS:
        # own_side / elsewhere: their own internet, computer, server, or a third party's
        # service is down - nothing of the CRM to restore. only_some: "only me / one user /
        # a few records" outweighs "у всех" elsewhere. resolved: "вчера лежало, сегодня всё
        # работает".
        if cls in by_class:
            return False, by_class[cls]
    outage = by_class.get("outage")
    impact, failure = by_class.get("impact"), by_class.get("failure")
    if outage:
        # "CRM полностью недоступна" outweighs a weak "проверили у нескольких сотрудников".
        decided = outage
    else:
        for cls in _WEAK_BLOCKERS:
            if cls in by_class and (
                cls != "support" or _support_holds(by_class[cls], failure, by_class.get("down"))
            ):
                return False, by_class[cls]
        if "defect" in by_class and "down" not in by_class:
            # "Показывает неправильно у всех" is a bug; "не открывается у всех" (down) is not
            # outweighed by "это ошибка" said of it.
            return False, by_class["defect"]
        if not (impact and failure):
            return False, []
        # Anywhere in the report: "у всех сотрудников" is often said a sentence or two away
        # from what fails.
        decided = [impact[0], failure[0]]
    moved_on = by_class.get("moved_on")
    if moved_on and _all_before([*(outage or ()), *(impact or ()), *(failure or ())], moved_on):
        # "В прошлую пятницу CRM лежала у всех. Сегодня вопрос другой: ..." - the outage is
        # the background of a new request.
        return False, moved_on
    return True, decided


# Every class of critical_guards.yaml that speaks against an outage ("turn" only cuts a
# letter into parts).
_ANY_BLOCKER = frozenset((*_BLOCKERS, *_WEAK_BLOCKERS, "defect", "moved_on"))


def names_few(hits: Sequence[Hit]) -> bool:
    """Whether any of ``hits`` says the failure struck one person or some ("у одного
    менеджера", "только у двух"): who was struck, which the head reads poorly (its words
    are about what failed), so it must be surer to overrule it (pipeline._critical_head)."""
    return any("only_some" in hit.rule.scores for hit in hits)


def blocked(hits: Sequence[Hit]) -> bool:
    """Whether any of ``hits`` (what ``decide`` returned, or the guards' hits) speaks against
    an outage."""
    return any(cls in _ANY_BLOCKER for hit in hits for cls in hit.rule.scores)


def _drop_other_matters(
    by_class: dict[str, list[Hit]],
    starts: Sequence[int] = (),
    blockers: Sequence[str] = (*_BLOCKERS, *_WEAK_BLOCKERS, "defect"),
    headline: int = 0,
) -> None:
    """A letter of several matters ("Горит другое: …", "Отдельно хотела спросить …, но это
    не срочно"): a turn to another matter starts a new part of the message, and a blocker
    speaks only for the part it is in. Blockers in a part without any evidence of an outage
    are dropped (a hit without a sentence - a regex - keeps everything as it is). ``starts``:
    sentences that start parts instead of the turns' (the points of a list).

    The subject (the first ``headline`` sentences) heads the whole letter: "Вопрос по полям +
    CRM не работает" puts its outage in no part, and a blocker there speaks for every part.
    Evidence in the subject alone keeps everything as it is."""
    turns = sorted(
        set(starts) or {h.sentence for c in ("turn", "moved_on") for h in by_class.get(c, ())}
    )
    evidence = [h for c in _EVIDENCE for h in by_class.get(c, ()) if not 0 <= h.sentence < headline]
    if not evidence or any(h.sentence < 0 for h in evidence) or any(t < 0 for t in turns):
        return
    parts = {bisect_right(turns, h.sentence) for h in evidence}
    for cls in blockers:
        hits = by_class.get(cls)
        if hits:
            kept = [
                h for h in hits if h.sentence < headline or bisect_right(turns, h.sentence) in parts
            ]
            if kept:
                by_class[cls] = kept
            else:
                del by_class[cls]


# A list's points are numbered from 1, in order, each at the start of a line; no letter
# has more than this many.
_MAX_POINTS = 20


def list_points(words: Sequence[str], sents: Sequence[int]) -> list[int]:
    """The sentences that open the points of a numbered list ("1) …", "2. …" at the start of
    a line; ``words`` is a read message's token list, line breaks "\n" included, ``sents``
    their sentences). A line that opens with a number is a point only in a run numbered 1,
    2, … (at least two), so "10 сотрудников не могут войти" at a line's start is no point."""
    run: list[int] = []
    for i, word in enumerate(words):
        if word.isdecimal() and len(word) <= 2 and (i == 0 or words[i - 1] == "\n"):
            number = int(word)
            if number == 1:  # a list starts (again)
                run = [sents[i]]
            elif number == len(run) + 1 and len(run) < _MAX_POINTS:
                run.append(sents[i])
    return run if len(run) >= 2 else []


def _past_episode_only(by_class: dict[str, list[Hit]]) -> bool:
    """Whether every "it is over" hit sits in a sentence that tells of an earlier episode
    (`past`: "в прошлом месяце …, когда", "в прошлый раз"), while a service is said to be
    down (an outage or a `down` hit) in another sentence: then the recovery is that
    episode's, not today's outage's. A hit without a sentence (a regex) keeps the rule."""
    episode = {h.sentence for h in by_class["past"]}
    if any(s < 0 for s in episode) or any(h.sentence not in episode for h in by_class["resolved"]):
        return False
    down = [*by_class.get("outage", ()), *by_class.get("down", ())]
    return any(h.sentence >= 0 and h.sentence not in episode for h in down)


def _get(lazy: Lazy) -> Hits:
    return lazy() if callable(lazy) else lazy


def _by_class(hits: Hits) -> dict[str, list[Hit]]:
    by_class: dict[str, list[Hit]] = {}
    for hit in hits:
        for cls in hit.rule.scores:
            by_class.setdefault(cls, []).append(hit)
    return by_class


def _support_holds(
    guard: Sequence[Hit], failure: Sequence[Hit] | None, down: Sequence[Hit] | None
) -> bool:
    """Whether support's silence is what fails ("поддержка не отвечает, у всех вопросы
    стоят"): not where a service is said to be down outside its words ("поддержка молчит с
    пятницы, а у нас не работает выгрузка для всей сети"), nor where the failure is said in
    another sentence ("Почему меня отфутболивают? С утра у всей компании не грузится
    календарь"). A hit without a sentence (a regex) is anywhere."""
    inside = {i for h in guard for i in h.word_range}
    if any(not inside.issuperset(h.word_range) or not h.word_range for h in down or ()):
        return False
    if not failure:
        return True
    where = {h.sentence for h in guard}
    return any(h.sentence < 0 or h.sentence in where for h in failure) or any(s < 0 for s in where)


def _all_before(evidence: Sequence[Hit], moved_on: Sequence[Hit]) -> bool:
    """Every piece of evidence sits in a sentence before the turn to another matter (a regex
    hit has no sentence: then it is not known to be before)."""
    turn = min(h.sentence for h in moved_on)
    return all(0 <= h.sentence < turn for h in evidence)


def scope_for(scope: str, is_critical: bool) -> str:
    """The scope a request is filed under: a critical one is a malfunction unless it is a
    complaint (taxonomy: a complaint that also reports an outage stays a complaint)."""
    if is_critical and scope not in CRITICAL_SCOPES:
        return "malfunction"
    return scope
