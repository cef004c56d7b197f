"""Whole per-document columns of one index segment as numpy arrays.

Whoosh reads a column one document at a time through Python; a numeric column is a flat
run of fixed-size big-endian numbers on disk, so it is read here in one go. Anything that
is not laid out that way is read the slow, public way instead.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from numpy.typing import DTypeLike
from whoosh.codec.whoosh3 import LENGTHS_COLUMN
from whoosh.columns import NumericColumn
from whoosh.reading import IndexReader
from whoosh.util.numeric import byte_to_length, length_to_byte

# A field length is stored as one byte on a logarithmic scale; this decodes all 256.
LENGTH_OF_CODE = np.array([byte_to_length(b) for b in range(256)], dtype=np.float64)


def numeric_column(column: Any, count: int, dtype: DTypeLike) -> np.ndarray:
    """The values of a numeric column reader for documents 0..count-1."""
    if type(column) is NumericColumn.Reader and not column._reverse:
        width = column._fixedlen
        stored = min(column._count, count)
        raw = column._dbfile.get(column._basepos, stored * width) if stored else b""
        values = np.frombuffer(raw, dtype=">" + column._typecode).astype(dtype)
        if stored < count:  # Whoosh leaves trailing defaults unwritten
            values = np.concatenate([values, np.full(count - stored, column._default, dtype=dtype)])
        return values
    return np.fromiter((column[n] for n in range(count)), dtype=dtype, count=count)


def length_codes(reader: IndexReader, fieldname: str) -> np.ndarray:
    """Each document's length in `fieldname` as Whoosh stores it: one byte, on a
    logarithmic scale; `LENGTH_OF_CODE[codes]` gives the lengths in words."""
    count = reader.doc_count_all()
    perdoc = getattr(reader, "_perdoc", None)
    column = None
    if perdoc is not None and hasattr(perdoc, "_cached_reader"):
        column = perdoc._cached_reader(f"_{fieldname}_len", LENGTHS_COLUMN)
    if column is None:
        return np.array(
            [length_to_byte(reader.doc_field_length(n, fieldname, 0) or 0) for n in range(count)], dtype=np.uint8
        )
    return numeric_column(column, count, np.uint8)


def live_documents(reader: IndexReader) -> np.ndarray:
    """True for each document of a segment that is not deleted (from the deleted ones,
    which are few, rather than by asking about every document)."""
    count = reader.doc_count_all()
    live = np.ones(count, dtype=bool)
    if reader.has_deletions():
        deleted = getattr(reader, "deleted_docs_set", None)
        if deleted is None:
            live[:] = False
            live[np.fromiter(reader.all_doc_ids(), dtype=np.int64)] = True
        else:
            live[np.fromiter(deleted, dtype=np.int64, count=len(deleted))] = False
    return live
