"""Filters (an entity, a date range, the reader's own marks) as cached sets of documents.

A filter is worked out once per index segment and then matched from memory, so asking
again (the app re-runs the query on every keystroke while an entity chip is on) costs
a list walk, not a term look-up per article. A `Filters` belongs to one searcher; a
refreshed searcher gets a new one.
"""

from __future__ import annotations

import copy
import threading
from array import array
from collections.abc import Callable, Iterable
from typing import Any

from whoosh import query as wq
from whoosh.matching import ListMatcher
from whoosh.searching import Searcher

from index.search.kept import KeptBySize
from index.search.whoosh_internals import sorted_list_matcher

CACHED_FILTERS = 256
NOTHING = wq.Term("id", "\x00none")  # matches nothing, and NOT of it matches everything

_Local = Callable[[Searcher], "array[int]"]  # a segment's searcher -> its sorted document numbers
# A state filter's texts: (kind, value) -> the content hashes it holds, and the state's
# version (a filter is worked out again once the state changes)
StateLookup = Callable[[str, str], tuple[frozenset[str], object]]


class CachedSet(wq.Query):  # type: ignore[misc]  # Whoosh is untyped
    """A leaf query matching a fixed set of documents, worked out once per segment."""

    fieldname = None  # the parser asks every leaf which field it searches: none

    def __init__(self, key: str, local: _Local, size_hint: int, boost: float = 1.0) -> None:
        self.key = key
        self.boost = boost
        self._local = local
        self._size_hint = size_hint
        self._by_segment: dict[int, array[int]] = {}
        self._lock = threading.Lock()

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.key!r})"

    def __str__(self) -> str:
        return self.key

    def __eq__(self, other: object) -> bool:
        return type(other) is type(self) and other.key == self.key and other.boost == self.boost

    def __hash__(self) -> int:
        return hash((type(self).__name__, self.key, self.boost))

    def __deepcopy__(self, memo: dict[int, object]) -> CachedSet:
        # Whoosh copies a query to boost it (`a AND person:x` boosts each side): the copy
        # shares the sets worked out and their lock, which cannot be copied.
        twin = copy.copy(self)
        memo[id(self)] = twin
        return twin

    def estimate_size(self, ixreader: Any) -> int:
        return self._size_hint

    def estimate_min_size(self, ixreader: Any) -> int:
        return self._size_hint

    def docnums(self, searcher: Searcher) -> array[int]:
        if not searcher.is_atomic():  # a whole multi-segment index: each segment, shifted
            leaves = searcher.leaf_searchers()
            return array("I", (offset + n for leaf, offset in leaves for n in self.docnums(leaf)))
        segment = id(searcher.reader())
        with self._lock:
            found = self._by_segment.get(segment)
            if found is None:
                found = self._by_segment[segment] = self._local(searcher)
        return found

    def matcher(self, searcher: Searcher, context: Any = None) -> ListMatcher:
        return sorted_list_matcher(self.docnums(searcher), self.boost)

    def docs(self, searcher: Searcher) -> Iterable[int]:
        return iter(self.docnums(searcher))


class _DocumentNumbers:
    """Article id -> document number, per segment, read from the id field's term list."""

    def __init__(self) -> None:
        self._by_segment: dict[int, dict[str, int]] = {}
        self._lock = threading.Lock()

    def of(self, searcher: Searcher, ids: Iterable[str]) -> array[int]:
        numbers = self._numbers(searcher)
        return array("I", sorted(numbers[i] for i in ids if i in numbers))

    def _numbers(self, searcher: Searcher) -> dict[str, int]:
        reader = searcher.reader()
        with self._lock:
            found = self._by_segment.get(id(reader))
            if found is None:
                found = self._by_segment[id(reader)] = live_numbers(reader)
        return found


def live_numbers(reader: Any) -> dict[str, int]:
    """Each live article id of one segment -> its document number there."""
    numbers: dict[str, int] = {}
    for term, info in reader.iter_field("id"):
        if info.doc_frequency() == 1 and not reader.is_deleted(info.min_id()):
            numbers[term.decode()] = info.min_id()
            continue
        # An id written twice in one segment (an update before a merge): the live one counts.
        for docnum in reader.postings("id", term).all_ids():
            if not reader.is_deleted(docnum):
                numbers[term.decode()] = docnum
    return numbers


class _HashNumbers:
    """Content hash -> document numbers, per segment, looked up for the hashes asked only
    (the reader's marks are a few hundred texts; reading every hash would cost 20 MB at 100k)."""

    def __init__(self) -> None:
        self._by_segment: dict[int, dict[str, tuple[int, ...]]] = {}
        # Each segment's last answer: a mark adds one text to a set of hundreds, so the next
        # answer is the last one and that text's documents, not every text looked up again.
        self._last: dict[int, tuple[frozenset[str], array[int]]] = {}
        self._lock = threading.Lock()

    def of(self, searcher: Searcher, hashes: frozenset[str]) -> array[int]:
        reader = searcher.reader()
        segment = id(reader)
        with self._lock:
            known = self._by_segment.setdefault(segment, {})
            last = self._last.get(segment)
            added = hashes - last[0] if last is not None and last[0] <= hashes else hashes
            for text in added:
                if text not in known:
                    known[text] = _live(reader, "content_hash", text)
            numbers = [n for text in added for n in known[text]]
            if added is not hashes and last is not None:
                numbers.extend(last[1])
            found = array("I", sorted(numbers))
            self._last[segment] = (hashes, found)
            return found


def _live(reader: Any, field: str, text: str) -> tuple[int, ...]:
    if (field, text) not in reader:
        return ()
    return tuple(n for n in reader.postings(field, text).all_ids() if not reader.is_deleted(n))


class Filters:
    """The filters one searcher has been asked for, most recent kept."""

    def __init__(
        self, entity_ids: Callable[[str, str], set[str]] | None, state_hashes: StateLookup | None = None
    ) -> None:
        self._entity_ids = entity_ids
        self._state_hashes = state_hashes
        self._numbers = _DocumentNumbers()
        self._hashes = _HashNumbers()
        self._kept: KeptBySize[str, wq.Query] = KeptBySize(CACHED_FILTERS, lambda _: 1)

    @property
    def has_entities(self) -> bool:
        return self._entity_ids is not None

    def entity(self, kind: str, value: str) -> wq.Query:
        """Articles naming an entity of `kind` ('entity': any) that `value` names."""
        if self._entity_ids is None:
            raise LookupError("no entity table")
        lookup = self._entity_ids

        def build() -> wq.Query:
            ids = frozenset(lookup(kind, value))
            if not ids:
                return NOTHING  # an entity nobody names matches nothing, rather than everything
            return CachedSet(f"{kind}:{value}", lambda searcher: self._numbers.of(searcher, ids), len(ids))

        return self._remember(f"{kind}:{value}", build)

    def state(self, kind: str, value: str) -> wq.Query:
        """Articles whose text holds a state: read, starred, a tag, a note's word."""
        if self._state_hashes is None:
            raise LookupError("no state")
        hashes, version = self._state_hashes(kind, value)
        key = f"{kind}:{value}@{version}"

        def build() -> wq.Query:
            if not hashes:
                return NOTHING
            return CachedSet(key, lambda searcher: self._hashes.of(searcher, hashes), len(hashes))

        return self._remember(key, build)

    def cached(self, query: wq.Query) -> wq.Query:
        """`query` (a filter such as a date range) matched once per segment, then from memory."""
        key = repr(query)

        def build() -> wq.Query:
            return CachedSet(key, lambda searcher: array("I", sorted(query.docs(searcher))), 1000)

        return self._remember(key, build)

    def _remember(self, key: str, build: Callable[[], wq.Query]) -> wq.Query:
        return self._kept.get(key, build)
