"""Plain word queries scored all at once with numpy, the same way Whoosh scores them.

Whoosh walks every matching posting in Python, one document at a time: two common words
at 100k articles take a quarter of a second before the matches are even counted. A query
made only of words, AND, OR and NOT (the kind typed into a search box, with any entity or
date filter) is instead scored here over whole arrays: each word's postings are read into
arrays in one piece per segment (and kept, most recent first, within a budget), BM25F is
applied to all of them at once, and AND/OR/NOT become mask and sum operations. The scores
are Whoosh's own formula with its own statistics, so the ranking is the one Whoosh gives.

A word that stands for several spellings (`venezuela~`, `sanction*`) is scored as one
word whose spellings are synonyms, as Lucene's SynonymQuery does: an article's count is
its occurrences of any of them, and the word is as rare as its commonest spelling, so a
rare misspelling does not outrank the word itself. (Whoosh gives such words a constant
score that depends on how big each index segment happens to be.) Any other query
(phrases, ANDMAYBE) is left to Whoosh.
"""

from __future__ import annotations

import io
import struct
import threading
import zlib
from collections import OrderedDict
from dataclasses import dataclass
from typing import Any

import numpy as np
from whoosh import query as wq
from whoosh.codec.whoosh3 import W3LeafMatcher
from whoosh.matching.wrappers import FilterMatcher
from whoosh.scoring import BM25F
from whoosh.searching import Searcher

from index import whoosh_pickles
from index.columns import LENGTH_OF_CODE, length_codes, live_documents
from index.deadline import Deadline
from index.doc_sets import CachedSet

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

    def __init__(self, searcher: Searcher, budget: int = POSTINGS_KEPT) -> None:
        self._leaves = searcher.leaf_searchers()
        self._budget = budget
        self._held = 0
        self._kept: OrderedDict[_Key, tuple[np.ndarray, np.ndarray]] = OrderedDict()
        self._lock = threading.Lock()

    def of(self, fieldname: str, btext: bytes) -> tuple[np.ndarray, np.ndarray]:
        key = (fieldname, btext)
        with self._lock:
            found = self._kept.get(key)
            if found is not None:
                self._kept.move_to_end(key)
                return found
        found = self._read(fieldname, btext)
        with self._lock:
            self._kept[key] = found
            self._held += len(found[0])
            while self._held > self._budget and len(self._kept) > 1:
                _, (gone, _) = self._kept.popitem(last=False)
                self._held -= len(gone)
        return found

    def _read(self, fieldname: str, btext: bytes) -> tuple[np.ndarray, np.ndarray]:
        numbers, weights = [], []
        for leaf, offset in self._leaves:
            reader = leaf.reader()
            if (fieldname, btext) not in reader:
                continue
            ids, freqs = _read_postings(reader.postings(fieldname, btext))
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


def _read_postings(matcher: Any) -> tuple[np.ndarray, np.ndarray]:
    """A term's postings in one segment, deleted documents included (they are masked out
    later). Whoosh's own format is read in one piece; anything else one posting at a time."""
    if isinstance(matcher, FilterMatcher):  # it has already stepped past deleted ones: start over
        matcher = matcher.child
        matcher.reset()
    if type(matcher) is W3LeafMatcher and not matcher._byteids:
        found = _read_whoosh3_postings(matcher)
        if found is not None:
            return found
    ids, freqs = [], []
    while matcher.is_active():
        ids.append(matcher.id())
        freqs.append(matcher.weight())
        matcher.next()
    return np.array(ids, dtype=np.int64), np.array(freqs, dtype=np.float64)


_BLOCK_LENGTH = struct.Struct("!i")  # before each block; negative before the last one


def _read_whoosh3_postings(matcher: W3LeafMatcher) -> tuple[np.ndarray, np.ndarray] | None:
    """Whoosh 3 postings: blocks of up to 128, each a length, a pickled summary and the
    pickled (maybe zlib-packed) ids, weights and values. Read as one slice of the file,
    since a seek and read per block (as Whoosh does) is a third of the time; None when
    the blocks do not add up to the slice, which Whoosh's block-by-block read then does."""
    extent = matcher._length
    extent = extent[0] if isinstance(extent, tuple) else extent  # Whoosh keeps it as a 1-tuple
    start = matcher._baseoffset
    raw = matcher._postfile.get(start, matcher._startoffset + extent - start)
    stream = io.BytesIO(raw)
    ids, freqs = [], []
    position, last = 0, False
    while not last and position + _BLOCK_LENGTH.size <= len(raw):
        (length,) = _BLOCK_LENGTH.unpack_from(raw, position)
        last, length = length < 0, abs(length)
        stream.seek(position + _BLOCK_LENGTH.size)
        count, _, _, compression, _, _ = whoosh_pickles.load(stream)
        data = raw[stream.tell() : position + _BLOCK_LENGTH.size + length]
        try:
            data = zlib.decompress(data) if compression else data
        except zlib.error:
            raise whoosh_pickles.DamagedIndexData("a postings block cannot be unpacked") from None
        deltas, weights, _ = whoosh_pickles.loads(data)
        ids.append(np.cumsum(np.asarray(deltas, dtype=np.int64)))  # stored as gaps from the last id
        if weights is None:  # a block whose every weight is 1
            freqs.append(np.ones(count))
        elif isinstance(weights, float):  # a block whose weights are all the same
            freqs.append(np.full(count, weights))
        else:
            freqs.append(np.asarray(weights, dtype=np.float64))
        position += _BLOCK_LENGTH.size + length
    if not last or not ids:
        return None
    return np.concatenate(ids), np.concatenate(freqs)


class BulkScorer:
    """Scores plain word queries for one searcher (a refreshed searcher needs a new one)."""

    def __init__(self, searcher: Searcher, postings_kept: int = POSTINGS_KEPT) -> None:
        self._searcher = searcher
        self._size = searcher.doc_count_all()
        self._postings = _Postings(searcher, postings_kept)
        self._lengths: dict[str, np.ndarray] = {}
        self._live: np.ndarray | None = None
        self._lock = threading.Lock()
        weighting = searcher.weighting
        self._bm25 = weighting if isinstance(weighting, BM25F) and not weighting.use_final else None

    def can_score(self, query: wq.Query) -> bool:
        """True when every part of `query` is one this scorer scores: words, spellings, AND,
        OR, NOT and cached filters."""
        if self._bm25 is None:
            return False
        if type(query) is wq.Term or isinstance(query, _SPELLINGS):
            schema = self._searcher.schema
            return query.fieldname in schema and schema[query.fieldname].scorable
        if type(query) is CachedSet:
            return True
        if type(query) is wq.Not:
            return self.can_score(query.query)
        if type(query) is wq.And or (type(query) is wq.Or and not query.minmatch and not query.scale):
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
        deadline.check()
        if type(query) is wq.Term:
            words.add((query.fieldname, query.text))
            return self._term(query)
        if isinstance(query, _SPELLINGS):
            return self._spellings(query, words, deadline)
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
        b = bm25._field_B.get(fieldname, bm25.B)
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
                parts = [length_codes(leaf.reader(), fieldname) for leaf, _ in self._searcher.leaf_searchers()]
                found = self._lengths[fieldname] = np.concatenate(parts) if parts else np.zeros(0, dtype=np.uint8)
            return found

    def _live_documents(self) -> np.ndarray:
        with self._lock:
            if self._live is None:
                parts = [live_documents(leaf.reader()) for leaf, _ in self._searcher.leaf_searchers()]
                self._live = np.concatenate(parts) if parts else np.zeros(0, dtype=bool)
            return self._live
