"""The one door into Whoosh's private internals: every read of a Whoosh name that starts
with an underscore happens here, and nowhere else in index/ (a test checks it).

Each private read is a fast path with a fallback through Whoosh's public API, taken when
the private layout is not the one this code was written against (a name gone, a type
changed), when a check at open finds the fast read disagreeing with the public one on a
sample of the index, or when the fast paths are switched off (EXPLORER_PUBLIC_WHOOSH=1,
read once at import; tests use `set_public_only`). So a Whoosh upgrade may make search
slower, never wrong and never crashing.

The fast paths: postings read in one slice of the file instead of one posting at a time;
the positions stored in them (for phrases) decoded all at once with numpy instead of one
pickle per posting; numeric columns (dates, field lengths) read as one array instead of one
document at a time; BM25F's per-field B; a list matcher that skips by bisection. Two more
are Whoosh hooks rather than speed-ups, kept here because they name private members: the
highlighter's merging of adjacent matched words, and the `_btexts` expansion hook of
FuzzyTerm. On the writing side: a segment written by a worker process and committed by the
run's writer (the interface Whoosh's own MpWriter uses), for index.build.segment_writers,
whose fallback is the public writer in one process.

(index/build/whoosh_pickles.py also reaches into Whoosh, by replacing module-level pickle names:
a security guard that must be in place before any index is opened and that refuses to open
one when it cannot be; a fallback there would mean reading unguarded, so it stays apart.)
"""

from __future__ import annotations

import io
import logging
import os
import struct
import zlib
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import DTypeLike
from whoosh import query as wq
from whoosh.analysis import Token
from whoosh.codec.whoosh3 import LENGTHS_COLUMN, W3LeafMatcher
from whoosh.columns import NumericColumn
from whoosh.formats import Positions
from whoosh.matching import ListMatcher, NullMatcher, ReadTooFar
from whoosh.matching.wrappers import FilterMatcher
from whoosh.reading import IndexReader
from whoosh.scoring import BM25F
from whoosh.searching import Searcher
from whoosh.support.levenshtein import distance as levenshtein
from whoosh.util.numeric import length_to_byte
from whoosh.writing import SegmentWriter

from index.build import whoosh_pickles
from index.search import postings_blocks, word_starts

PUBLIC_ONLY_VARIABLE = "EXPLORER_PUBLIC_WHOOSH"
SAMPLED_DOCUMENTS = 16  # at each end of a segment, checked at open
_SCANNED_TERMS = 64  # of a field's term list, to find a word with several postings blocks
_POSTINGS_PER_BLOCK = 128
_CHECKED_FIELDS = ("body", "title")

_log = logging.getLogger(__name__)
_public_only = os.environ.get(PUBLIC_ONLY_VARIABLE, "") == "1"
_warned = False


def public_only() -> bool:
    """True when every fast path is switched off."""
    return _public_only


def set_public_only(on: bool) -> None:
    """Switch every fast path off (or back on) for the whole process."""
    global _public_only
    _public_only = on


@dataclass
class Reads:
    """How one searcher's data is read: through the fast paths, or only through Whoosh's
    public API (after the check at open found them disagreeing, or when switched off)."""

    fast: bool = True

    @property
    def uses_fast_paths(self) -> bool:
        return self.fast and not _public_only

    @classmethod
    def checked(cls, searcher: Searcher) -> Reads:
        """Reads for `searcher`: fast, unless the fast reads of a sample of its postings and
        columns differ from the public ones; then public, with one warning per process."""
        if _public_only:
            return cls(fast=True)  # nothing fast is used: no need to check
        problem = _disagreement(searcher)
        if problem is None:
            return cls(fast=True)
        _warn_once(problem)
        return cls(fast=False)

    def postings(self, matcher: Any) -> tuple[np.ndarray, np.ndarray]:
        """A term's postings in one segment as (document numbers, frequencies), deleted
        documents included (the caller masks them out)."""
        if isinstance(matcher, FilterMatcher):  # it has already stepped past deleted ones: start over
            matcher = matcher.child
            matcher.reset()
        if self.uses_fast_paths:
            found = _fast_postings(matcher)
            if found is not None:
                return found
        return _public_postings(matcher)

    def positions(self, matcher: Any) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """A term's postings in one segment with where the term stands in each document:
        (document numbers, how many positions each has, all the positions one document after
        another, ascending within each), deleted documents included."""
        if isinstance(matcher, FilterMatcher):  # as in postings(): start over, deleted ones too
            matcher = matcher.child
            matcher.reset()
        if self.uses_fast_paths:
            found = _fast_positions(matcher)
            if found is not None:
                return found
        return _public_positions(matcher)

    def numeric_column(self, column: Any, count: int, dtype: DTypeLike) -> np.ndarray:
        """The values of a numeric column reader for documents 0..count-1."""
        if self.uses_fast_paths:
            found = _fast_numeric_column(column, count, dtype)
            if found is not None:
                return found
        return np.fromiter((column[n] for n in range(count)), dtype=dtype, count=count)

    def length_codes(self, reader: IndexReader, fieldname: str) -> np.ndarray:
        """Each document's length in `fieldname` as Whoosh stores it: one byte, on a
        logarithmic scale."""
        count = reader.doc_count_all()
        if self.uses_fast_paths:
            column = _fast_lengths_column(reader, fieldname)
            if column is not None:
                found = _fast_numeric_column(column, count, np.uint8)
                if found is not None:
                    return found
        return _public_length_codes(reader, fieldname, range(count))


DEFAULT_READS = Reads()


def _public_postings(matcher: Any) -> tuple[np.ndarray, np.ndarray]:
    ids, freqs = [], []
    while matcher.is_active():
        ids.append(matcher.id())
        freqs.append(matcher.weight())
        matcher.next()
    return np.array(ids, dtype=np.int64), np.array(freqs, dtype=np.float64)


def _fast_postings(matcher: Any) -> tuple[np.ndarray, np.ndarray] | None:
    """Whoosh 3 postings read in one slice of the file, each block's ids and weights read
    from its bytes (postings_blocks) or, where their layout is another, unpickled; None
    when the matcher is not laid out as expected."""
    raw = _postings_slice(matcher)
    blocks = None if raw is None else _raw_blocks(raw)
    if blocks is None:
        return None
    ids, freqs = [], []
    for count, compression, data in blocks:
        fast = postings_blocks.ids_and_weights(data, count, bool(compression))
        if fast is not None:
            ids.append(fast[0])
            freqs.append(fast[1])
            continue
        block = _unpickled(data, compression)
        if block is None:
            return None
        deltas, weights, _ = block
        ids.append(np.cumsum(np.asarray(deltas, dtype=np.int64)))  # stored as gaps from the last id
        if weights is None:  # a block whose every weight is 1
            freqs.append(np.ones(count))
        elif isinstance(weights, float):  # a block whose weights are all the same
            freqs.append(np.full(count, weights))
        else:
            freqs.append(np.asarray(weights, dtype=np.float64))
    if not ids:
        return None
    return np.concatenate(ids), np.concatenate(freqs)


def _fast_positions(matcher: Any) -> tuple[np.ndarray, np.ndarray, np.ndarray] | None:
    """Whoosh 3 postings with their positions, read in one slice of the file and decoded
    all at once, or None when the matcher or its values are not laid out as expected."""
    if type(getattr(matcher, "format", None)) is not Positions:  # Characters and the rest: encoded otherwise
        return None
    blocks = _whoosh3_blocks(matcher, values=True)
    if blocks is None:
        return None
    ids: list[np.ndarray] = []
    values: list[bytes] = []
    for count, deltas, _, block_values in blocks:
        if not isinstance(block_values, tuple) or len(block_values) != count:
            return None
        ids.append(np.cumsum(np.asarray(deltas, dtype=np.int64)))
        values.extend(block_values)
    decoded = _decoded_positions(values)
    if decoded is None:
        return None
    return np.concatenate(ids), *decoded


_BLOCK_LENGTH = struct.Struct("!i")  # before each block; negative before the last one
_Block = tuple[int, Any, Any, Any]  # postings in it, then its ids (as gaps), weights and values


def _whoosh3_blocks(matcher: Any, values: bool) -> list[_Block] | None:
    """Whoosh 3 postings, every block unpickled: its ids (as gaps), weights and values (kept
    only when asked for: a common word's are a hundred thousand small objects)."""
    raw = _postings_slice(matcher)
    blocks = _raw_blocks(raw) if raw is not None else None
    if blocks is None:
        return None
    found: list[_Block] = []
    for count, compression, data in blocks:
        block = _unpickled(data, compression)
        if block is None:
            return None
        deltas, weights, block_values = block
        found.append((count, deltas, weights, block_values if values else None))
    return found


def _postings_slice(matcher: Any) -> bytes | None:
    """A Whoosh 3 matcher's postings as one slice of the file (a seek and read per block,
    as Whoosh does, is a third of the time), or None when it is not a Whoosh 3 one."""
    if type(matcher) is not W3LeafMatcher or getattr(matcher, "_byteids", True):
        return None
    try:
        extent = matcher._length
        extent = extent[0] if isinstance(extent, tuple) else extent  # Whoosh keeps it as a 1-tuple
        start = matcher._baseoffset
        raw = matcher._postfile.get(start, matcher._startoffset + extent - start)
    except (AttributeError, TypeError):
        return None
    return bytes(raw) if isinstance(raw, bytes | bytearray | memoryview) else None


def _raw_blocks(raw: bytes) -> list[tuple[int, int, bytes]] | None:
    """The blocks of a postings slice, each a length (negative before the last), a pickled
    summary and the pickled (maybe zlib-packed) data: (count, compression, data) each, or
    None when they do not add up to the slice (the public read then does)."""
    stream = io.BytesIO(raw)
    blocks: list[tuple[int, int, bytes]] = []
    position, last = 0, False
    while not last and position + _BLOCK_LENGTH.size <= len(raw):
        (length,) = _BLOCK_LENGTH.unpack_from(raw, position)
        last, length = length < 0, abs(length)
        start = position + _BLOCK_LENGTH.size
        found = postings_blocks.summary(raw, start)
        if found is None:  # another layout of the summary: unpickled
            stream.seek(start)
            summary = whoosh_pickles.load(stream)
            if not isinstance(summary, tuple) or len(summary) != 6:
                return None
            found = (summary[0], summary[3], stream.tell())
        count, compression, data_start = found
        blocks.append((count, compression, raw[data_start : start + length]))
        position = start + length
    if not last or not blocks:
        return None
    return blocks


def _unpickled(data: bytes, compression: int) -> tuple[Any, Any, Any] | None:
    """A block's (ids as gaps, weights, values), or None when it is not laid out so."""
    try:
        data = zlib.decompress(data) if compression else data
    except zlib.error:
        raise whoosh_pickles.DamagedIndexData("a postings block cannot be unpacked") from None
    block = whoosh_pickles.loads(data)
    if not isinstance(block, tuple) or len(block) != 3:
        return None
    return block


def _public_positions(matcher: Any) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    ids, counts, positions = [], [], []
    while matcher.is_active():
        found = matcher.value_as("positions")
        ids.append(matcher.id())
        counts.append(len(found))
        positions.extend(found)
        matcher.next()
    return np.array(ids, dtype=np.int64), np.array(counts, dtype=np.int64), np.array(positions, dtype=np.int64)


# Whoosh's Positions format stores a posting's positions as a 4-byte count, then a protocol
# 2 pickle of the gaps between them: PROTO 2, EMPTY_LIST, BINPUT 0; then one gap and APPEND,
# or batches of a thousand gaps, each a MARK, the gaps and APPENDS; then STOP. A gap is a
# BININT1 (K and 1 byte), BININT2 (M, 2 bytes) or BININT (J, 4 bytes, signed).
_LIST_HEAD = np.frombuffer(b"\x80\x02]q\x00", dtype=np.uint8)
_GAP_WIDTH = np.zeros(256, dtype=np.int64)
_GAP_WIDTH[[ord("K"), ord("M"), ord("J")]] = [1, 2, 4]
_MARK, _APPEND, _APPENDS, _STOP = (ord(c) for c in "(ae.")
_BATCH = 1000  # gaps pickle writes between a MARK and its APPENDS


def _decoded_positions(values: list[bytes]) -> tuple[np.ndarray, np.ndarray] | None:
    """The positions in many postings values at once: (how many each holds, all of them one
    value after another). Unpickled one by one they take a microsecond or more each, and a
    common word has a value in nearly every article; these pickles hold only small whole
    numbers, so they are read here with numpy, one gap at a time across all the values
    together (as many steps as the longest value has gaps). None for anything else in them."""
    try:
        lengths = np.fromiter(map(len, values), dtype=np.int64, count=len(values))
        data = np.frombuffer(b"".join(values) + bytes(8), dtype=np.uint8)  # padded: a look past the end stays in bounds
    except TypeError:  # a value that is not bytes
        return None
    if not len(values):
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    starts = np.cumsum(lengths) - lengths
    ends = starts + lengths
    if (lengths < 4 + len(_LIST_HEAD) + 1).any():
        return None
    counts = (  # big-endian
        (data[starts].astype(np.int64) << 24)
        | (data[starts + 1].astype(np.int64) << 16)
        | (data[starts + 2].astype(np.int64) << 8)
        | data[starts + 3]
    )
    # Each gap takes two bytes at least: a count the value cannot hold is not a count of gaps.
    if (4 + len(_LIST_HEAD) + 2 * counts + 1 > lengths).any():
        return None
    if not (data[starts[:, None] + 4 + np.arange(len(_LIST_HEAD))] == _LIST_HEAD).all():
        return None
    at = starts + 4 + len(_LIST_HEAD)
    gaps = np.zeros(int(counts.sum()), dtype=np.int64)
    first = np.cumsum(counts) - counts  # where each value's gaps go
    longest_first = np.argsort(-counts, kind="stable")
    ascending = counts[longest_first][::-1]
    for k in range(int(counts.max(initial=0))):
        active = longest_first[: len(counts) - int(np.searchsorted(ascending, k, side="right"))]
        where = at[active]
        if not k % _BATCH:  # a batch starts: after the last one's APPENDS, its MARK (none for a lone gap)
            if k:
                if (data[where] != _APPENDS).any():
                    return None
                where = where + 1
            where = where + (data[where] == _MARK)
        width = _GAP_WIDTH[data[where]]
        if not width.all():
            return None
        gap = data[where + 1].astype(np.int64)
        for i in (2, 3, 4):  # little-endian, the bytes past its width masked off
            gap |= (data[where + i].astype(np.int64) << (8 * (i - 1))) * (width >= i)
        if (gap >= 1 << 31).any():  # a negative BININT: positions never go back
            return None
        gaps[first[active] + k] = gap
        at[active] = where + 1 + width
        if (at[active] > ends[active]).any():  # read past its value: no list of gaps
            return None
    some = counts > 0
    closing = data[at[some]]
    if not ((closing == _APPEND) | (closing == _APPENDS)).all():
        return None
    at[some] += 1
    if (data[at] != _STOP).any() or (at + 1 != ends).any():
        return None
    totals = np.cumsum(gaps)
    before = np.where(first > 0, totals[np.maximum(first - 1, 0)] if len(totals) else 0, 0)
    return counts, totals - np.repeat(before, counts)  # each value's gaps add up from 0


def _fast_numeric_column(column: Any, count: int, dtype: DTypeLike) -> np.ndarray | None:
    """A numeric column is a flat run of fixed-size big-endian numbers: read in one go."""
    if type(column) is not NumericColumn.Reader or getattr(column, "_reverse", True):
        return None
    try:
        width, typecode, default = column._fixedlen, column._typecode, column._default
        stored = min(column._count, count)
        raw = column._dbfile.get(column._basepos, stored * width) if stored else b""
    except (AttributeError, TypeError):
        return None
    if not isinstance(typecode, str) or np.dtype(">" + typecode).itemsize != width or len(raw) != stored * width:
        return None
    values = np.frombuffer(raw, dtype=">" + typecode).astype(dtype)
    if stored < count:  # Whoosh leaves trailing defaults unwritten
        values = np.concatenate([values, np.full(count - stored, default, dtype=dtype)])
    return values


def _fast_lengths_column(reader: IndexReader, fieldname: str) -> Any:
    """The column reader of a segment's field lengths (Whoosh keeps it out of the public
    column API), or None."""
    perdoc = getattr(reader, "_perdoc", None)
    cached_reader = getattr(perdoc, "_cached_reader", None)
    if cached_reader is None:
        return None
    try:
        return cached_reader(f"_{fieldname}_len", LENGTHS_COLUMN)
    except (AttributeError, TypeError, KeyError):
        return None


def _public_length_codes(reader: IndexReader, fieldname: str, docnums: Iterable[int]) -> np.ndarray:
    return np.array([length_to_byte(reader.doc_field_length(n, fieldname, 0) or 0) for n in docnums], dtype=np.uint8)


def bm25_b(bm25: BM25F, searcher: Searcher, fieldname: str, btext: bytes) -> float:
    """BM25F's B for a field (a per-field one if set, else the general one)."""
    if not _public_only:
        per_field = getattr(bm25, "_field_B", None)
        if isinstance(per_field, dict):
            return float(per_field.get(fieldname, bm25.B))
    scorer = bm25.scorer(searcher, fieldname, btext)  # public: it carries the B it scores with
    return float(getattr(scorer, "B", bm25.B))


# --- the check at open ---------------------------------------------------------------


def _disagreement(searcher: Searcher) -> str | None:
    """What differs between the fast and the public reads of a sample of `searcher`'s
    postings and columns, or None when they agree. A segment's data never changes once
    written, so each is checked once per process (a refreshed searcher checks only its
    new segments)."""
    for leaf, _ in searcher.leaf_searchers():
        reader = leaf.reader()
        segment = reader.segment()
        key = segment.segment_id() if segment is not None else None
        if key is not None and key in _checked_segments:
            found = _checked_segments[key]
        else:
            found = _segment_disagreement(reader)
            if key is not None:
                _checked_segments[key] = found
        if found is not None:
            return found
    return None


_checked_segments: dict[str, str | None] = {}


def _segment_disagreement(reader: IndexReader) -> str | None:
    fast, public = Reads(fast=True), Reads(fast=False)
    count = reader.doc_count_all()
    sample = sorted({*range(min(count, SAMPLED_DOCUMENTS)), *range(max(count - SAMPLED_DOCUMENTS, 0), count)})
    for fieldname in _CHECKED_FIELDS:
        if fieldname not in reader.schema or not reader.schema[fieldname].scorable:
            continue
        positions = reader.schema[fieldname].format.supports("positions")
        for btext in _sample_terms(reader, fieldname):
            found = fast.postings(reader.postings(fieldname, btext))
            expected = public.postings(reader.postings(fieldname, btext))
            if not _same(found, expected):
                return f"postings of {fieldname}:{btext!r}"
            if positions and not _same_arrays(
                fast.positions(reader.postings(fieldname, btext)), public.positions(reader.postings(fieldname, btext))
            ):
                return f"positions of {fieldname}:{btext!r}"
        codes = fast.length_codes(reader, fieldname)
        if len(codes) != count or codes[sample].tolist() != _public_length_codes(reader, fieldname, sample).tolist():
            return f"lengths of {fieldname}"
    for fieldname in reader.schema.names():
        if not reader.has_column(fieldname):
            continue
        column = reader.column_reader(fieldname, translate=False)
        if type(column) is not NumericColumn.Reader:
            continue
        values = fast.numeric_column(column, count, np.float64)
        if len(values) != count or values[sample].tolist() != [float(column[n]) for n in sample]:
            return f"column {fieldname}"
    return None


def _sample_terms(reader: IndexReader, fieldname: str) -> list[bytes]:
    """The first word of a field, and among its first few dozen one whose postings fill
    more than one block (Whoosh writes up to 128 per block), the shortest such: a sample
    of both layouts that stays cheap to read the public way."""
    scanned: list[tuple[int, bytes]] = []
    for btext, info in reader.iter_field(fieldname):
        scanned.append((info.doc_frequency(), btext))
        if len(scanned) >= _SCANNED_TERMS:
            break
    if not scanned:
        return []
    several_blocks = [pair for pair in scanned if pair[0] > _POSTINGS_PER_BLOCK]
    _, longer = min(several_blocks) if several_blocks else max(scanned)
    return list(dict.fromkeys([scanned[0][1], longer]))


def _same(found: tuple[np.ndarray, np.ndarray], expected: tuple[np.ndarray, np.ndarray]) -> bool:
    return bool(np.array_equal(found[0], expected[0]) and np.allclose(found[1], expected[1]))


def _same_arrays(found: tuple[np.ndarray, ...], expected: tuple[np.ndarray, ...]) -> bool:
    return all(np.array_equal(a, b) for a, b in zip(found, expected, strict=True))


def _warn_once(problem: str) -> None:
    global _warned
    if not _warned:
        _warned = True
        _log.warning(
            "Whoosh's index layout is not the one explorer reads fast (%s): reading it the slower, public way", problem
        )


# --- matchers, highlighting and expansion hooks --------------------------------------


class _BisectingMatcher(ListMatcher):  # type: ignore[misc]  # Whoosh is untyped
    """A ListMatcher that skips by bisection (Whoosh's walks the list one by one)."""

    _ids: list[int]  # ListMatcher's own state, named here for the type checker
    _i: int

    def skip_to(self, id: int) -> None:
        if not self.is_active():
            raise ReadTooFar
        ids, low, high = self._ids, self._i, len(self._ids)
        while low < high:
            middle = (low + high) // 2
            if ids[middle] < id:
                low = middle + 1
            else:
                high = middle
        self._i = low


def _bisection_fits() -> bool:
    """Whether ListMatcher still keeps its ids and position where _BisectingMatcher
    moves them."""
    probe = ListMatcher([2, 5, 9])
    if not (isinstance(getattr(probe, "_ids", None), list) and getattr(probe, "_i", None) == 0):
        return False
    probe.next()
    return bool(probe._i == 1 and probe.id() == 5)


_BISECTION_FITS = _bisection_fits()


def sorted_list_matcher(ids: Sequence[int], weight: float) -> ListMatcher:
    """A matcher over sorted document numbers, each with the same weight."""
    if _BISECTION_FITS and not _public_only:
        return _BisectingMatcher(ids, all_weights=weight)
    return ListMatcher(ids, all_weights=weight)


def merge_matched_tokens(highlighter: Any, tokens: Iterable[Token]) -> Iterator[Token]:
    """Adjacent matched words as one token, so they are marked as one (as Whoosh's
    highlighter does it, with its own helper when it has one)."""
    merge = getattr(highlighter, "_merge_matched_tokens", None)
    if merge is not None and not _public_only:
        merged: Iterator[Token] = merge(tokens)
        return merged
    return _merged_tokens(tokens)


def _merged_tokens(tokens: Iterable[Token]) -> Iterator[Token]:
    # Whoosh 2.7's Highlighter._merge_matched_tokens, step for step, so snippets are the same.
    token = None
    for t in tokens:
        if not t.matched:
            if token is not None:
                yield token
                token = None
            yield t
            continue
        if token is None:
            token = t.copy()
        elif t.startchar <= token.endchar:
            if t.endchar > token.endchar:
                token.text += t.text[token.endchar - t.endchar :]
                token.endchar = t.endchar
        else:
            yield token
            token = None
            yield t  # not merged: yielded as it is
    if token is not None:
        yield token


class ExpandedBySpellings:
    """A multi-term query (a fuzzy word, a word's start) whose spellings are whatever
    `spellings()` gives (a subclass bounds them). Whoosh expands a multi-word query through
    a private hook, `_btexts` (overridden in each subclass below); every public method that
    expands is also overridden here to use `spellings()`, so a Whoosh that stopped calling
    the hook still sees the same spellings. Mixed in before the Whoosh class it expands."""

    fieldname: str
    text: str
    boost: float
    constantscore: bool

    def field(self) -> str:
        return self.fieldname

    def all_spellings(self, ixreader: IndexReader) -> list[bytes]:
        """Every indexed spelling the query fits, as Whoosh's own class finds them."""
        raise NotImplementedError

    def spellings(self, ixreader: IndexReader) -> list[bytes]:
        return self.all_spellings(ixreader)

    def expanded_terms(self, ixreader: IndexReader, phrases: bool = False) -> Iterator[tuple[str, bytes]]:
        fieldname = self.field()
        if fieldname:
            for btext in self.spellings(ixreader):
                yield (fieldname, btext)

    def estimate_size(self, ixreader: IndexReader) -> int:
        return sum(int(ixreader.doc_frequency(self.field(), btext)) for btext in self.spellings(ixreader))

    def estimate_min_size(self, ixreader: IndexReader) -> int:
        return min(int(ixreader.doc_frequency(self.field(), btext)) for btext in self.spellings(ixreader))

    def simplify(self, ixreader: IndexReader) -> wq.Query:
        fieldname = self.field()
        if fieldname not in ixreader.schema:
            return wq.NullQuery()
        field = ixreader.schema[fieldname]
        found = [
            wq.Term(fieldname, field.from_bytes(b), boost=self.boost) for b in sorted(set(self.spellings(ixreader)))
        ]
        if len(found) == 1:
            return found[0]
        return wq.Or(found) if found else wq.NullQuery

    def matcher(self, searcher: Searcher, context: Any = None) -> Any:
        terms = [wq.Term(self.field(), btext) for btext in self.spellings(searcher.reader()) if btext]
        if not terms:
            return NullMatcher()
        if len(terms) == 1:
            return terms[0].matcher(searcher, context)
        if self.constantscore:  # the score does not matter: no weighting, as Whoosh does
            from whoosh.searching import SearchContext

            context = context.set(weighting=None) if context else SearchContext(weighting=None)
        return wq.Or(terms, boost=self.boost).matcher(searcher, context)


class ExpandedFuzzyTerm(ExpandedBySpellings, wq.FuzzyTerm):  # type: ignore[misc]  # Whoosh is untyped
    """A fuzzy word, expanded through `spellings()`."""

    maxdist: int
    prefixlength: int

    def all_spellings(self, ixreader: IndexReader) -> list[bytes]:
        """Every indexed spelling within the allowed edits (as FuzzyTerm finds them). A reader
        of several segments (Whoosh's base class) walks the words of the kept start and
        measures each, as Whoosh does, through word_starts: a second word with the same
        first letter does not walk every segment's term table again."""
        if type(ixreader).terms_within is not IndexReader.terms_within:  # a segment's automaton
            return list(ixreader.terms_within(self.fieldname, self.text, self.maxdist, prefix=self.prefixlength))
        field = ixreader.schema[self.fieldname]
        words = (
            field.from_bytes(b)
            for b in word_starts.words_starting(ixreader, self.fieldname, self.text[: self.prefixlength])
        )
        return [word for word in words if levenshtein(word, self.text, limit=self.maxdist) <= self.maxdist]

    def _btexts(self, ixreader: IndexReader) -> list[bytes]:  # Whoosh's private hook, as in ExpandedBySpellings
        return self.spellings(ixreader)


class ExpandedPrefix(ExpandedBySpellings, wq.Prefix):  # type: ignore[misc]  # Whoosh is untyped
    """The start of a word, expanded through `spellings()`."""

    def all_spellings(self, ixreader: IndexReader) -> list[bytes]:
        """Every indexed word starting with the text (as Prefix finds them)."""
        return word_starts.words_starting(ixreader, self.fieldname, self.text)

    def _btexts(self, ixreader: IndexReader) -> list[bytes]:  # Whoosh's private hook, as in ExpandedBySpellings
        return self.spellings(ixreader)


# Writing ---------------------------------------------------------------------------------

_SEGMENT_INTERFACE = ("_merge_segments", "_finalize_segment", "_close_segment", "_commit_toc", "_finish")


def segment_writing_fits() -> bool:
    """Whether this Whoosh has the segment interface `write_segment` and `commit_segments` use."""
    return not _public_only and all(callable(getattr(SegmentWriter, name, None)) for name in _SEGMENT_INTERFACE)


def write_segment(index: Any, documents: Iterable[dict[str, object]]) -> Any:
    """The documents as one new segment of `index`, in no table of contents yet, written
    without the index's lock (the writer that holds it commits the segment)."""
    writer = SegmentWriter(index, _lk=False)
    try:
        for document in documents:
            writer.add_document(**document)
        return writer._finalize_segment()
    except BaseException:
        writer._close_segment()
        raise


def commit_segments(writer: Any, segments: list[Any], mergetype: Any) -> None:
    """Commit `writer` (its deletions, and what it wrote itself) with `segments` added after
    the index's own, merged as `writer.commit(mergetype=mergetype)` would."""
    final = writer._merge_segments(mergetype, None, None)
    final.extend(segments)
    if writer._added:
        final.append(writer._finalize_segment())
    else:
        writer._close_segment()
    writer._commit_toc(final)
    writer._finish()
