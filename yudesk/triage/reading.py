"""One pass over a message's words, shared by the rules and the model.

The folded text is split into words once (a plain ``findall``: no per-word objects), and
each distinct word is looked up once per process in a table that holds everything any
detector wants to know about it: the rule atoms it satisfies (matcher.RuleSet) and its
model features (model.word_features). Reading a message is then one dict hit per word plus
appending positions and feature names, and the rule sets and the model all read the result.

The table belongs to one engine (one lemmatiser, one rule set), so two engines in a process
never mix their words.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from yudesk.triage.lemmas import Lemmatiser
from yudesk.triage.matcher import Hit, Positions, RuleSet
from yudesk.triage.model import EMPTY, IMPERATIVE, LinearModel, feature_names
from yudesk.triage.normalize import SENTENCE_END, find_words

# (rule atoms, model rows of its unigram features, the bigrams with its lemma on the left
# (right id -> row), its right id); None where no bigram of the model has the lemma on that
# side (or there is no model).
Entry = tuple[tuple[int, ...], tuple[int, ...], dict[Any, int] | None, Any]

_TABLE_LIMIT = 200_000  # a flood of random strings must not grow memory forever


@dataclass(slots=True)
class Doc:
    """A read message. ``words`` is the folded text's token list as found, sentence marks
    (".", "!", "\\n", ...) included: they keep their index, which costs nothing because no
    pattern crosses a sentence, and spares building a second list. ``sents[i]`` is the
    sentence of token i, ``where`` says which tokens satisfy each rule atom
    (matcher.Positions), and ``rows`` maps the model rows of word features to the index of
    the token that first gave them (-1: a message-level feature), for evidence;
    ``pair_rows`` does the same for lemma bigrams (which never cross a sentence)."""

    folded: str
    words: list[str]
    sents: list[int]
    where: Positions
    rows: dict[int, int]
    # Kept apart: only the critical head reads bigrams (their scope columns are zero), so
    # the scope model never walks them.
    pair_rows: dict[int, int]

    # Written out: mypyc compiles the methods of the source, while those dataclass makes
    # run interpreted (~2,000 instructions a message for this one).
    def __init__(
        self,
        folded: str,
        words: list[str],
        sents: list[int],
        where: Positions,
        rows: dict[int, int],
        pair_rows: dict[int, int],
    ) -> None:
        self.folded = folded
        self.words = words
        self.sents = sents
        self.where = where
        self.rows = rows
        self.pair_rows = pair_rows


# Chunk (whitespace-separated) -> its find_words tokens. A regex scan costs ~150
# instructions a character of Cyrillic text, and a message repeats most chunks of earlier
# ones. No token of find_words holds whitespace but the sentence mark "\n", and its regex
# looks at nothing beyond the characters it matches, so a text's tokens are its chunks'
# tokens in order, with a "\n" for each line break (a change to normalize._WORD that let a
# token hold a space would have to change _words too).
_chunk_words: dict[str, tuple[str, ...]] = {}


def _words(folded: str) -> list[str]:
    """``find_words(folded)``, made of cached chunk tokens."""
    known = _chunk_words
    words: list[str] = []
    for n, line in enumerate(folded.split("\n")):
        if n:
            words.append("\n")
        for chunk in line.split():
            found = known.get(chunk)
            if found is None:
                if len(known) >= _TABLE_LIMIT:
                    known.clear()
                found = known[chunk] = tuple(find_words(chunk))
            words.extend(found)
    return words


class Reader:
    def __init__(self, lemmatiser: Lemmatiser, rules: RuleSet, model: LinearModel | None) -> None:
        self.lemmatiser = lemmatiser
        self.rules = rules
        self.model = model
        # Left id -> {right id -> bigram row}: looked up by the id objects the table holds,
        # where left * PAIR_BASE + right made an int above 2**30 (an allocation) per word.
        self._after: dict[int, dict[Any, int]] = {}
        if model is not None:
            for key, row in model.pairs.items():
                left, right = divmod(key, model.PAIR_BASE)
                self._after.setdefault(left, {})[right] = row
        self._imperative_row = model.row_of.get(IMPERATIVE, -1) if model is not None else -1
        self._empty_row = model.row_of.get(EMPTY, -1) if model is not None else -1
        # "r:<rule id>" rows, so a message's rule features cost one dict hit per rule fired.
        self.rule_rows: dict[str, int] = {}
        if model is not None:
            for rule in rules.rules:
                row = model.rule_row(rule.id)
                if row >= 0:
                    self.rule_rows[rule.id] = row
        self._table: dict[str, Entry] = {}

    def entry(self, word: str) -> Entry:
        found = self._table.get(word)
        if found is None:
            if len(self._table) >= _TABLE_LIMIT:
                self._table.clear()
            atoms = self.rules.word_atoms(word)
            if self.model is None:
                found = (atoms, (), None, None)
            else:
                unigram, imperative_row, imperative, left, right = self.model.word_ids(
                    self.lemmatiser.analyse(word)
                )
                rows = [unigram]
                if imperative:
                    rows += [imperative_row, self._imperative_row]
                after = self._after.get(left) if left >= 0 else None
                found = (
                    atoms,
                    tuple(r for r in rows if r >= 0),
                    after,
                    right if right >= 0 else None,
                )
            self._table[word] = found
        return found

    def read(self, folded: str, extra: Sequence[str] = ()) -> Doc:
        """Tokens of ``folded`` (then the ``extra`` words, in a sentence of their own)."""
        words = _words(folded)
        if extra:
            words.append("\n")
            words.extend(extra)
        # The sentence of a token is the number of sentence marks up to it (a mark counts
        # itself, which is harmless: no pattern position or feature is ever a mark).
        sents: list[int] = []
        where = Positions(self.rules.elem_few, self.rules.atom_big)
        first = where.first
        more = where.more
        rows: dict[int, int] = {}
        pair_rows: dict[int, int] = {}
        table = self._table
        ends = SENTENCE_END
        # One loop for every model: a word's bigrams on the left and its right id are None
        # when no bigram of the model has its lemma on that side (always, without a model or
        # without bigrams), so the pair lookup is then never made. Dict methods are called
        # directly, not bound to locals: compiled, that is a C call, not a Python-level one.
        sent = 0
        prev: dict[Any, int] | None = None  # the bigrams of the word before, on the left
        for i, word in enumerate(words):
            if word in ends:
                sent += 1
                sents.append(sent)
                prev = None
                continue
            sents.append(sent)
            e = table.get(word)
            if e is None:
                e = self.entry(word)
            # Ids stay the int objects the table holds (Any): compiled, an int read as int is
            # unboxed and boxed again (an allocation above 256) for every dict call below.
            atoms: tuple[Any, ...] = e[0]
            word_rows: tuple[Any, ...] = e[1]
            left = e[2]
            right: Any = e[3]
            for atom in atoms:
                # Positions.add, inlined: it runs for most words.
                earlier = first.setdefault(atom, i)
                if earlier != i:
                    found = more.get(atom)
                    if found is None:
                        more[atom] = [earlier, i]
                    else:
                        found.append(i)
            for row in word_rows:
                rows.setdefault(row, i)
            if prev is not None and right is not None:
                bigram = prev.get(right)
                if bigram is not None:
                    pair_rows.setdefault(bigram, i)
            prev = left
        marks = sents[-1] if sents else 0
        if self._empty_row >= 0 and marks == len(words):  # nothing but sentence marks
            rows.setdefault(self._empty_row, -1)
        return Doc(folded, words, sents, where, rows, pair_rows)

    def message_rows(self, doc: Doc, hits: Sequence[Hit]) -> list[int]:
        """Model rows of a message: its words' and one per rule that fired."""
        rows = list(doc.rows)
        rule_rows = self.rule_rows
        seen = doc.rows
        for hit in hits:
            row = rule_rows.get(hit.rule.id)
            if row is not None and row not in seen:
                rows.append(row)
        return rows

    def feature_names(self, doc: Doc) -> set[str]:
        """The word features of ``doc`` by name, in or out of the model (for training)."""
        return feature_names(doc.words, doc.sents, self.lemmatiser.analyse)

    def feature_texts(self, doc: Doc, rows: Sequence[int]) -> dict[int, str]:
        """The words of ``doc`` behind the given model rows of word features: the word that
        first gave the row, and for a bigram the word before it as well."""
        out: dict[int, str] = {}
        names = self.model.names if self.model is not None else ()
        for row in rows:
            i = doc.rows.get(row, -1)
            if i < 0:
                i = doc.pair_rows.get(row, -1)
            if i < 0:
                continue
            word = doc.words[i]
            out[row] = f"{doc.words[i - 1]} {word}" if names[row].startswith("b:") else word
        return out
