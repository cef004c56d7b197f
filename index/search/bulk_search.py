"""Word and phrase queries scored all at once with numpy, the same way Whoosh scores them.

Whoosh walks every matching posting in Python, one document at a time: two common words
at 100k articles take a quarter of a second before the matches are even counted, a phrase
or an ANDMAYBE twice that. A query made of words, "phrases", AND, OR, NOT and ANDMAYBE (the
kind typed into a search box, with any entity or date filter) is instead scored here over
whole arrays: each word's postings are read into arrays in one piece per segment (and
kept, most recent first, within a budget), BM25F is applied to all of them at once, and
AND/OR/NOT/ANDMAYBE become mask and sum operations. The scores are Whoosh's own formula
with its own statistics, so the ranking is the one Whoosh gives.

A phrase matches the articles in which its words stand in order (index.search.phrases
follows their positions, kept as arrays as postings are; none are read when the postings
show no article holding every word). Whoosh scores a phrase as the AND of its words, each
word over all its occurrences in the article, not just the phrase's, times the phrase's
boost: so it is scored here. ANDMAYBE is Whoosh's: the left side's matches, each scored as
the left side plus the right side where the right side matches it too.

A word that stands for several spellings (`venezuela~`, `sanction*`) is scored as one
word whose spellings are synonyms, as Lucene's SynonymQuery does: an article's count is
its occurrences of any of them, and the word is as rare as its commonest spelling, so a
rare misspelling does not outrank the word itself. (Whoosh gives such words a constant
score that depends on how big each index segment happens to be.) Any other query (ANDNOT,
ranges, an OR needing several parts, a phrase in a field without positions) is left to
Whoosh.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass

import numpy as np
from whoosh import query as wq
from whoosh.scoring import BM25F
from whoosh.searching import Searcher

from index.search.columns import LENGTH_OF_CODE, live_documents
from index.search.deadline import Deadline
from index.search.doc_sets import CachedSet
from index.search.kept import KeptBySize
from index.search.phrases import POSITIONS_KEPT, KeptPositions, phrase_documents
from index.search.whoosh_internals import DEFAULT_READS, Reads, bm25_b

POSTINGS_KEPT = 2_000_000  # postings held across queries (8 bytes each): about 16 MB

_Key = tuple[str, bytes]
_SPELLINGS = (wq.FuzzyTerm, wq.Prefix, wq.Wildcard)  # words standing for several indexed words
_UNHURRIED = Deadline(float("inf"))  # for callers that set no budget


@dataclass(frozen=True)
class Matches:
    """Every matching document (ascending document numbers) with its score, and the
    indexed words (field, text) the query looked for, spellings spelt out."""

    docnums: np.ndarray
    scores: np.ndarray
    words: frozenset[tuple[str, str]] = frozenset()

    def __len__(self) -> int:
        return len(self.docnums)


class _Postings:
    """Each word's postings across segments as (document numbers, frequencies), kept
    least recently used first out once more than `budget` postings are held."""

    def __init__(self, searcher: Searcher, budget: int = POSTINGS_KEPT, reads: Reads = DEFAULT_READS) -> None:
        self._leaves = searcher.leaf_searchers()
        self._reads = reads
        self._kept: KeptBySize[_Key, tuple[np.ndarray, np.ndarray]] = KeptBySize(budget, lambda found: len(found[0]))

    def of(self, fieldname: str, btext: bytes) -> tuple[np.ndarray, np.ndarray]:
        return self._kept.get((fieldname, btext), lambda: self._read(fieldname, btext))

    def _read(self, fieldname: str, btext: bytes) -> tuple[np.ndarray, np.ndarray]:
        numbers, weights = [], []
        for leaf, offset in self._leaves:
            reader = leaf.reader()
            if (fieldname, btext) not in reader:
                continue
            ids, freqs = self._reads.postings(reader.postings(fieldname, btext))
            numbers.append(ids + offset)
            weights.append(freqs)
        if not numbers:
            return np.zeros(0, dtype=np.int32), np.zeros(0, dtype=np.float32)
        return np.concatenate(numbers).astype(np.int32), np.concatenate(weights).astype(np.float32)


def _positive_terms(query: wq.Query, boost: float) -> list[tuple[wq.Query, float]]:
    """The word-level parts of a query that add to a score, each with the boosts of the
    groups around it (Whoosh multiplies a group's score by its boost)."""
    if type(query) is wq.Term or isinstance(query, _SPELLINGS):
        return [(query, boost)]
    if type(query) is wq.Not or type(query) is CachedSet:
        return []
    inner = boost * query.boost if len(getattr(query, "subqueries", ())) > 1 else boost
    if hasattr(query, "subqueries"):
        return [found for sub in query.subqueries for found in _positive_terms(sub, inner)]
    if hasattr(query, "words"):  # a phrase: its words, as words
        return [(wq.Term(query.fieldname, word, boost=query.boost), boost) for word in query.words]
    return [(wq.Term(field, text), boost) for field, text in query.iter_all_terms()]


class BulkScorer:
    """Scores word and phrase queries for one searcher (a refreshed searcher needs a new one)."""

    def __init__(
        self,
        searcher: Searcher,
        postings_kept: int = POSTINGS_KEPT,
        reads: Reads | None = None,
        positions_kept: int = POSITIONS_KEPT,
    ) -> None:
        self._searcher = searcher
        self._size = searcher.doc_count_all()
        # How this searcher's data is read: fast, unless a check of a sample says otherwise.
        self.reads = Reads.checked(searcher) if reads is None else reads
        self._postings = _Postings(searcher, postings_kept, self.reads)
        self._positions = KeptPositions(searcher, positions_kept, self.reads)
        self._lengths: dict[str, np.ndarray] = {}
        self._field_b: dict[str, float] = {}
        self._live: np.ndarray | None = None
        self._lock = threading.Lock()
        weighting = searcher.weighting
        self._bm25 = weighting if isinstance(weighting, BM25F) and not weighting.use_final else None

    def can_score(self, query: wq.Query) -> bool:
        """True when every part of `query` is one this scorer scores: words, spellings,
        phrases, AND, OR, NOT, ANDMAYBE and cached filters."""
        if self._bm25 is None:
            return False
        schema = self._searcher.schema
        if type(query) is wq.Term or isinstance(query, _SPELLINGS):
            return query.fieldname in schema and schema[query.fieldname].scorable
        if type(query) is wq.Phrase:
            if query.fieldname not in schema:  # a Whoosh Schema has no get()
                return False
            field = schema[query.fieldname]
            # Whoosh refuses a phrase in a field without positions: left to it, to refuse.
            return (
                field.scorable
                and field.format is not None
                and field.format.supports("positions")
                and bool(query.words)
                and all(isinstance(word, str) for word in query.words)
                and type(query.slop) is int
            )
        if type(query) is CachedSet:
            return True
        if type(query) is wq.Not:
            return self.can_score(query.query)
        if (
            type(query) is wq.And
            or type(query) is wq.AndMaybe
            or (type(query) is wq.Or and not query.minmatch and not query.scale)
        ):
            return bool(query.subqueries) and all(self.can_score(sub) for sub in query.subqueries)
        return False

    def matches(self, query: wq.Query, deadline: Deadline = _UNHURRIED) -> Matches:
        """Every live document `query` matches, with its score (Whoosh's own, but for words
        with several spellings, scored as synonyms); checks `deadline` before each word
        and spelling it reads."""
        words: set[tuple[str, str]] = set()
        hit, score = self._evaluate(query, words, deadline)
        hit &= self._live_documents()
        docnums = np.flatnonzero(hit)
        return Matches(docnums, score[docnums], frozenset(words))

    def top(self, found: Matches, count: int, rank: np.ndarray | None = None) -> Matches:
        """The first `count` matches: best score first (ties in index order, as Whoosh
        breaks them), or, given `rank` (each document's place in some order), by that."""
        docnums, scores = found.docnums, found.scores
        if count <= 0:
            return Matches(docnums[:0], scores[:0], found.words)
        key = -scores if rank is None else rank[docnums].astype(np.float64)
        if count < len(docnums):
            # Keep everything that ties with the last place, so ties still break by index order.
            cutoff = np.partition(key, count - 1)[count - 1]
            keep = key <= cutoff
            docnums, scores, key = docnums[keep], scores[keep], key[keep]
        order = np.lexsort((docnums, key))[:count]
        return Matches(docnums[order], scores[order], found.words)

    def contributions(
        self, query: wq.Query, docnum: int, deadline: Deadline = _UNHURRIED
    ) -> list[tuple[str, str, float]]:
        """What each word of `query` adds to one document's score: (field, indexed word,
        score), for the words it holds. A word standing for several spellings counts as
        one; words under NOT add nothing; the words of a phrase are scored as words."""
        found = []
        for term, boost in _positive_terms(query, 1.0):
            words: set[tuple[str, str]] = set()
            deadline.check()
            if isinstance(term, _SPELLINGS):
                hit, score = self._spellings(term, words, deadline)
            else:
                hit, score = self._term(term)
                words.add((term.fieldname, term.text))
            if hit[docnum]:
                field = term.fieldname
                spelled = sorted(text for _, text in words) if isinstance(term, _SPELLINGS) else [term.text]
                found.append((field, "|".join(spelled), float(score[docnum]) * boost))
        return found

    def _evaluate(
        self, query: wq.Query, words: set[tuple[str, str]], deadline: Deadline
    ) -> tuple[np.ndarray, np.ndarray]:
        """Which documents `query` matches, and their scores (0 where it does not match)."""
        deadline.check()
        if type(query) is wq.Term:
            words.add((query.fieldname, query.text))
            return self._term(query)
        if isinstance(query, _SPELLINGS):
            return self._spellings(query, words, deadline)
        if type(query) is wq.Phrase:
            return self._phrase(query, words, deadline)
        if type(query) is wq.AndMaybe:
            # Whoosh's AndMaybeMatcher: the left side's matches, plus the right side's score
            # where it matches too. (Its boost, like Whoosh's, is not applied.)
            hit, score = self._evaluate(query.a, words, deadline)
            _, maybe = self._evaluate(query.b, words, deadline)
            score += np.where(hit, maybe, 0.0)
            return hit, score
        if type(query) is wq.Not:
            # Whoosh matches what the inner query does not, each with a score of 1; the
            # inner words are not what was found, so they are not reported.
            inner, _ = self._evaluate(query.query, set(), deadline)
            hit = ~inner
            return hit, hit.astype(np.float64)
        if type(query) is CachedSet:
            hit = np.zeros(self._size, dtype=bool)
            hit[np.asarray(query.docnums(self._searcher), dtype=np.int64)] = True
            return hit, hit * float(query.boost)  # Whoosh scores a filter match as its boost
        first, *rest = query.subqueries
        hit, score = self._evaluate(first, words, deadline)  # every part is a fresh array: combined in place
        if not rest:
            return hit, score  # Whoosh ignores the boost of a group of one
        for sub in rest:  # one part at a time, so a long OR holds two parts in memory, not all
            part_hit, part_score = self._evaluate(sub, words, deadline)
            if type(query) is wq.And:
                hit &= part_hit
            else:
                hit |= part_hit
            score += part_score
        if type(query) is wq.And:
            score[~hit] = 0.0  # where only some parts match, an OR around it must not count them
        if query.boost != 1.0:
            score *= query.boost
        return hit, score

    def _term(self, term: wq.Term) -> tuple[np.ndarray, np.ndarray]:
        hit = np.zeros(self._size, dtype=bool)
        score = np.zeros(self._size, dtype=np.float64)
        try:
            btext = self._searcher.schema[term.fieldname].to_bytes(term.text)
        except ValueError:  # a word the field cannot hold matches nothing, as in Whoosh
            return hit, score
        docnums, freqs = self._postings.of(term.fieldname, btext)
        if len(docnums):
            hit[docnums] = True
            score[docnums] = term.boost * self._bm25_scores(term.fieldname, btext, docnums, freqs)
        return hit, score

    def _phrase(
        self, query: wq.Phrase, words: set[tuple[str, str]], deadline: Deadline
    ) -> tuple[np.ndarray, np.ndarray]:
        hit = np.zeros(self._size, dtype=bool)
        score = np.zeros(self._size, dtype=np.float64)
        fieldname = query.fieldname
        words.update((fieldname, word) for word in query.words)
        try:
            btexts = [self._searcher.schema[fieldname].to_bytes(word) for word in query.words]
        except ValueError:  # a word the field cannot hold: the phrase matches nothing, as in Whoosh
            return hit, score
        postings = {}
        for btext in dict.fromkeys(btexts):
            deadline.check()
            postings[btext] = self._postings.of(fieldname, btext)
        # No article holding every word: no positions to read (a phrase of common words in
        # the authors or the source field, say).
        held = sorted((docnums for docnums, _ in postings.values()), key=len)
        candidates = held[0]
        for docnums in held[1:]:
            candidates = np.intersect1d(candidates, docnums, assume_unique=True)
        if not len(candidates):
            return hit, score
        places = []
        for btext in btexts:
            deadline.check()
            places.append(self._positions.of(fieldname, btext))
        # Positions and postings are read apart: only what both say is scored.
        found = np.intersect1d(phrase_documents(places, query.slop), candidates, assume_unique=True)
        if not len(found):
            return hit, score
        parts = []
        for btext in btexts:  # each word over all its occurrences, as in Whoosh's AND of the words
            docnums, freqs = postings[btext]
            parts.append(self._bm25_scores(fieldname, btext, found, freqs[np.searchsorted(docnums, found)]))
        hit[found] = True
        score[found] = _paired_sum(parts) * query.boost
        return hit, score

    def _spellings(
        self, query: wq.MultiTerm, words: set[tuple[str, str]], deadline: Deadline
    ) -> tuple[np.ndarray, np.ndarray]:
        fieldname = query.fieldname
        field = self._searcher.schema[fieldname]
        reader = self._searcher.reader()
        counts = np.zeros(self._size, dtype=np.float64)
        commonest, most = None, -1
        for _, spelling in query.expanded_terms(reader):
            deadline.check()
            btext = field.to_bytes(spelling) if isinstance(spelling, str) else spelling  # readers differ
            docnums, freqs = self._postings.of(fieldname, btext)
            counts[docnums] += freqs  # a word's postings name each document once
            frequency = reader.doc_frequency(fieldname, btext)
            if frequency > most:
                commonest, most = btext, frequency
            words.add((fieldname, field.from_bytes(btext)))
        hit = counts > 0
        score = np.zeros(self._size, dtype=np.float64)
        if commonest is not None:
            docnums = np.flatnonzero(hit)
            score[docnums] = query.boost * self._bm25_scores(fieldname, commonest, docnums, counts[docnums])
        return hit, score

    def _bm25_scores(self, fieldname: str, btext: bytes, docnums: np.ndarray, freqs: np.ndarray) -> np.ndarray:
        # Whoosh's BM25F, term by term: the same statistics, over all postings at once.
        # (`btext` supplies the rarity: for synonyms, the commonest one.)
        bm25 = self._bm25
        assert bm25 is not None  # can_score() said yes
        b = self._field_b.get(fieldname)
        if b is None:  # fixed for the weighting: asked once per field
            b = self._field_b[fieldname] = bm25_b(bm25, self._searcher, fieldname, btext)
        k1 = bm25.K1
        idf = self._searcher.idf(fieldname, btext)
        average = self._searcher.avg_field_length(fieldname) or 1
        tf = freqs.astype(np.float64)
        lengths = LENGTH_OF_CODE[self._length_codes(fieldname)[docnums]]
        scores: np.ndarray = idf * ((tf * (k1 + 1)) / (tf + k1 * ((1 - b) + b * lengths / average)))
        return scores

    def _length_codes(self, fieldname: str) -> np.ndarray:
        # Kept as Whoosh's one-byte codes: an eighth of the memory of the lengths as floats.
        with self._lock:
            found = self._lengths.get(fieldname)
            if found is None:
                leaves = self._searcher.leaf_searchers()
                parts = [self.reads.length_codes(leaf.reader(), fieldname) for leaf, _ in leaves]
                found = self._lengths[fieldname] = np.concatenate(parts) if parts else np.zeros(0, dtype=np.uint8)
            return found

    def _live_documents(self) -> np.ndarray:
        with self._lock:
            if self._live is None:
                parts = [live_documents(leaf.reader()) for leaf, _ in self._searcher.leaf_searchers()]
                self._live = np.concatenate(parts) if parts else np.zeros(0, dtype=bool)
            return self._live


def _paired_sum(parts: list[np.ndarray]) -> np.ndarray:
    """The parts added up as Whoosh's binary tree of matchers adds them (first half, then
    second half), so that sums are the same to the last bit."""
    if len(parts) == 1:
        return parts[0]
    half = len(parts) // 2
    total: np.ndarray = _paired_sum(parts[:half]) + _paired_sum(parts[half:])
    return total
