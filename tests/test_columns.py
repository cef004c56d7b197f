"""Whole columns read at once must equal what Whoosh reads one document at a time,
including the defaults it leaves unwritten at a segment's end and deleted documents."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import numpy as np
import pytest
from whoosh.filedb.filestore import FileStorage

from index.search.columns import LENGTH_OF_CODE, length_codes, live_documents, numeric_column
from index.search.schema import build_schema

# Every test here runs with Whoosh's private fast paths on, then forced off.
pytestmark = pytest.mark.usefixtures("whoosh_reads")


def _index(tmp_path: Path):
    ix = FileStorage(str(tmp_path)).create_index(build_schema())
    writer = ix.writer()
    for n in range(12):
        dated = {"date": datetime(2020, 1, 1 + n)} if n < 8 else {}  # the last four have no date
        writer.add_document(id=f"a{n}", title="word " * (n + 1), body="text " * (3 * n + 1), **dated)
    writer.commit()
    writer = ix.writer()
    writer.delete_by_term("id", "a3")
    writer.delete_by_term("id", "a11")
    writer.commit()
    return ix


def test_columns_equal_whooshs_own_reading(tmp_path: Path) -> None:
    ix = _index(tmp_path)
    with ix.searcher() as searcher:
        reader = searcher.reader()
        count = reader.doc_count_all()
        column = reader.column_reader("date", translate=False)
        assert numeric_column(column, count, np.uint64).tolist() == [column[n] for n in range(count)]
        assert numeric_column(column, count, np.uint64)[-1] == 2**64 - 1  # unwritten: the default
        for field in ("title", "body"):
            lengths = LENGTH_OF_CODE[length_codes(reader, field)]
            assert lengths.tolist() == [reader.doc_field_length(n, field, 0) for n in range(count)]
        assert live_documents(reader).tolist() == [not reader.is_deleted(n) for n in range(count)]
        assert not live_documents(reader)[3] and not live_documents(reader)[11]
