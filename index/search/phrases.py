"""Phrases checked in bulk: which articles hold a phrase's words in order, each within the
phrase's slop of the one before.

Whoosh checks a phrase one article at a time, unpickling each word's positions there and
comparing them in Python: half a second for two common words at 10k articles. Here each
word's positions across the index are one sorted array of numbers, the article's number
times 2**32 plus the position (so the positions of two articles never come within a slop
of each other), and a phrase is followed word by word with binary searches over whole
arrays: the places the first word stands, then those of the second that follow one of them
closely enough, and so on; the articles where a chain reaches the last word match.

What matches is what Whoosh's Phrase (a SpanNear2, ordered, minimum distance 1) matches:
the first word anywhere, each next word 1 to `slop` positions after the word before it.
Positions are those stored in the postings, counted after stop words are dropped (the
analyzer renumbers), so "oil and gas" is the stems oil, ga one position apart, for Whoosh
too. Each word's positions are read once across segments and kept, least recently used
first out, within a budget, as the bulk scorer keeps postings.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from whoosh.searching import Searcher

from index.search.kept import KeptBySize
from index.search.whoosh_internals import DEFAULT_READS, Reads

POSITIONS_KEPT = 3_000_000  # positions held across queries (8 bytes each): about 24 MB

_SHIFT = 32  # an article's number, shifted this far, leaves room for any position
# No two positions in one article are further apart (a field of two billion words), so a
# slop this long reaches every later position of the article and none of the next one's.
_FURTHEST = (1 << 31) - 1
# Arrays merged rather than searched when the longer is less than this many times the shorter.
_MERGED_BELOW = 4


def phrase_documents(words: Sequence[np.ndarray], slop: int) -> np.ndarray:
    """The documents (ascending numbers) in which `words` (each one's places, as kept by
    KeptPositions) stand in order, each 1 to `slop` positions after the one before it: as
    Whoosh's phrase matcher finds them, where any chain of such positions will do."""
    slop = min(slop, _FURTHEST)
    reached = words[0]  # where a chain of the words so far can end
    for places in words[1:]:
        if not len(reached):
            break
        reached = _following(reached, places, slop)
    documents: np.ndarray = reached >> _SHIFT
    if not len(documents):
        return documents
    found: np.ndarray = documents[np.concatenate([[True], documents[1:] != documents[:-1]])]
    return found


def _following(reached: np.ndarray, places: np.ndarray, slop: int) -> np.ndarray:
    """The `places` 1 to `slop` positions after one of `reached` (both ascending): for an
    exact phrase of two long arrays, by merging them; else by searching the shorter array's
    items in the longer array."""
    shorter, longer = sorted((len(reached), len(places)))
    if slop == 1 and shorter * _MERGED_BELOW > longer:
        # The places right after a reached one are those both arrays hold once it is moved
        # on by one. A stable sort of two sorted runs is one merge (timsort): half the time
        # of a binary search per place when both are long (two common words).
        both = np.concatenate([reached + 1, places])
        both.sort(kind="stable")
        after: np.ndarray = both[1:][both[1:] == both[:-1]]
        return after
    if len(reached) < len(places):
        # The run of places after each reached one, within the slop: runs may overlap.
        low = np.searchsorted(places, reached, side="right")
        high = np.searchsorted(places, reached + slop, side="right")
        counts = high - low
        runs = np.repeat(low - (np.cumsum(counts) - counts), counts) + np.arange(counts.sum())
        within: np.ndarray = places[np.unique(runs)]
        return within
    # The nearest reached place before each place: if that one is too far, so is any other.
    before = np.searchsorted(reached, places, side="left") - 1
    gap = places - reached[np.maximum(before, 0)]
    following: np.ndarray = places[(before >= 0) & (gap <= slop)]
    return following


class KeptPositions:
    """Each word's places across segments (its document numbers shifted by _SHIFT, plus
    its positions there; ascending), kept least recently used first out once more than
    `budget` are held."""

    def __init__(self, searcher: Searcher, budget: int = POSITIONS_KEPT, reads: Reads = DEFAULT_READS) -> None:
        self._leaves = searcher.leaf_searchers()
        self._reads = reads
        self._kept: KeptBySize[tuple[str, bytes], np.ndarray] = KeptBySize(budget, len)

    def of(self, fieldname: str, btext: bytes) -> np.ndarray:
        return self._kept.get((fieldname, btext), lambda: self._read(fieldname, btext))

    def _read(self, fieldname: str, btext: bytes) -> np.ndarray:
        parts = []
        for leaf, offset in self._leaves:
            reader = leaf.reader()
            if (fieldname, btext) not in reader:
                continue
            ids, counts, positions = self._reads.positions(reader.postings(fieldname, btext))
            parts.append(np.repeat((ids + offset) << _SHIFT, counts) + positions)
        places = np.concatenate(parts) if parts else np.zeros(0, dtype=np.int64)
        if len(places) and not (places[1:] > places[:-1]).all():
            # A position stored twice (no analyzer here does that) is one place to a phrase,
            # and following one assumes each place once, in order.
            places = np.unique(places)
        return places
