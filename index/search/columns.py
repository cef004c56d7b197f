"""Whole per-document columns of one index segment as numpy arrays.

Whoosh reads a column one document at a time through Python; a numeric column is a flat
run of fixed-size big-endian numbers on disk, so it is read in one go where it is laid out
that way (index.search.whoosh_internals decides), and the slow, public way otherwise.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from numpy.typing import DTypeLike
from whoosh.reading import IndexReader
from whoosh.util.numeric import byte_to_length

from index.search.whoosh_internals import DEFAULT_READS, Reads

# A field length is stored as one byte on a logarithmic scale; this decodes all 256.
LENGTH_OF_CODE = np.array([byte_to_length(b) for b in range(256)], dtype=np.float64)


def numeric_column(column: Any, count: int, dtype: DTypeLike, reads: Reads = DEFAULT_READS) -> np.ndarray:
    """The values of a numeric column reader for documents 0..count-1."""
    return reads.numeric_column(column, count, dtype)


def length_codes(reader: IndexReader, fieldname: str, reads: Reads = DEFAULT_READS) -> np.ndarray:
    """Each document's length in `fieldname` as Whoosh stores it: one byte, on a
    logarithmic scale; `LENGTH_OF_CODE[codes]` gives the lengths in words."""
    return reads.length_codes(reader, fieldname)


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
