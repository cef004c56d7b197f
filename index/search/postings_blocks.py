"""A Whoosh 3 postings block's ids and weights, read straight from its pickle's bytes.

A block (up to 128 postings of one word) is a small pickled summary, then a pickled,
zlib-packed tuple: the document numbers as gaps, the weights, the values. In a field with
positions the values are most of the block, and a search by words needs only the two
parts before them. Unpickling the whole block builds an object for every posting's
positions (and, as protocol 2 writes bytes, calls a function for each); decompressing only
the start and taking the two runs of numbers as bytes is several times faster, which is
what a word read for the first time in a session costs.

Only the layout pickle protocol 2 gives these tuples is read: the summary's ints and float,
gaps that each fit in a byte (a common word's, the ones worth reading fast), weights all
floats, or all 1 (None), or all the same (one float). Anything else returns None and the
caller unpickles the block. Nothing here runs pickle code: bytes are compared and copied.
"""

from __future__ import annotations

import struct
import zlib

import numpy as np

_PROTOCOL_2 = b"\x80\x02"
_MARK = ord("(")
_TUPLE = ord("t")
_NONE = ord("N")
_FLOAT = ord("G")  # BINFLOAT: 8 bytes, big-endian
_BINPUT, _LONG_BINPUT = ord("q"), ord("r")  # the memo entry pickle writes after a tuple
_INTS = {ord("K"): 1, ord("M"): 2}  # BININT1, BININT2: unsigned, little-endian
_BININT = ord("J")  # 4 bytes, signed
_SMALL_GAP = b"K"  # BININT1: a gap under 256
_DOUBLE = struct.Struct(">d")
_WEIGHTS = np.dtype([("op", "u1"), ("value", ">f8")])
_SHORTEST = 4  # a tuple of three or fewer items is pickled without a MARK

Summary = tuple[int, int, int]  # postings in the block, its compression, where the block's data starts


def summary(raw: bytes, at: int) -> Summary | None:
    """The summary pickle at `raw[at:]`: (count, last id, max weight, compression, shortest
    and longest length byte), of which the count and compression are kept."""
    if raw[at : at + 3] != _PROTOCOL_2 + b"(":
        return None
    at += 3
    values: list[float] = []
    for _ in range(6):
        found = _number(raw, at)
        if found is None:
            return None
        value, at = found
        values.append(value)
    if at >= len(raw) or raw[at] != _TUPLE:
        return None
    at = _after_memo(raw, at + 1)
    if at >= len(raw) or raw[at] != ord("."):
        return None
    count, compression = values[0], values[3]
    if not (isinstance(count, int) and isinstance(compression, int)):
        return None
    return count, compression, at + 1


def ids_and_weights(data: bytes, count: int, compressed: bool) -> tuple[np.ndarray, np.ndarray] | None:
    """The block's document numbers (gaps added up; the first is absolute) and weights."""
    if count < _SHORTEST:
        return None
    need = 16 + 11 * count  # the header, every id as a small int, every weight as a float
    try:
        head = zlib.decompressobj().decompress(data, need) if compressed else data
    except zlib.error:
        return None  # the caller's full read says the block is damaged
    if head[:3] != _PROTOCOL_2 + b"(":
        return None
    first = _int(head, 3)
    if first is None:
        return None
    value, start = first
    end = start + 2 * (count - 1)
    if end + 1 > len(head) or head[start:end:2] != _SMALL_GAP * (count - 1) or head[end] != _TUPLE:
        return None
    ids = np.empty(count, dtype=np.int64)
    ids[0] = value
    ids[1:] = np.frombuffer(head[start + 1 : end : 2], dtype=np.uint8)
    np.cumsum(ids, out=ids)
    weights = _weights(head, _after_memo(head, end + 1), count)
    return None if weights is None else (ids, weights)


def _weights(head: bytes, at: int, count: int) -> np.ndarray | None:
    if at >= len(head):
        return None
    if head[at] == _NONE:
        return np.ones(count)
    if head[at] == _FLOAT:
        if at + 9 > len(head):
            return None
        return np.full(count, _DOUBLE.unpack_from(head, at + 1)[0])
    end = at + 1 + 9 * count
    if head[at] != _MARK or end >= len(head) or head[end] != _TUPLE:
        return None
    records = np.frombuffer(head, dtype=_WEIGHTS, count=count, offset=at + 1)
    if head[at + 1 : end : 9] != bytes([_FLOAT]) * count:
        return None
    return records["value"].astype(np.float64)


def _number(raw: bytes, at: int) -> tuple[float, int] | None:
    if at < len(raw) and raw[at] == _FLOAT and at + 9 <= len(raw):
        return _DOUBLE.unpack_from(raw, at + 1)[0], at + 9
    return _int(raw, at)


def _int(raw: bytes, at: int) -> tuple[int, int] | None:
    if at >= len(raw):
        return None
    op = raw[at]
    width = _INTS.get(op)
    if width is not None:
        end = at + 1 + width
        return (int.from_bytes(raw[at + 1 : end], "little"), end) if end <= len(raw) else None
    if op == _BININT and at + 5 <= len(raw):
        return int.from_bytes(raw[at + 1 : at + 5], "little", signed=True), at + 5
    return None


def _after_memo(raw: bytes, at: int) -> int:
    if at < len(raw) and raw[at] == _BINPUT:
        return at + 2
    if at < len(raw) and raw[at] == _LONG_BINPUT:
        return at + 5
    return at
