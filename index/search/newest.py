"""Every article's place in newest-first order (undated ones last), worked out once per
searcher from the date column: the opening list pages through it, and a search sorted by
date ranks its matches by it, instead of sorting the whole corpus on every call."""

from __future__ import annotations

import numpy as np
from whoosh.searching import Searcher
from whoosh.sorting import FunctionFacet

from index.search.columns import live_documents, numeric_column
from index.search.whoosh_internals import DEFAULT_READS, Reads

UNDATED = np.uint64(2**64 - 1)  # what Whoosh's date column holds for a document without one


class NewestOrder:
    def __init__(self, searcher: Searcher, reads: Reads = DEFAULT_READS) -> None:
        numbers, dates = [], []
        for leaf, offset in searcher.leaf_searchers():
            reader = leaf.reader()
            count = reader.doc_count_all()
            if not count:  # a new folder's index before its first batch: Whoosh has no columns to read
                continue
            column = reader.column_reader("date", translate=False)
            values = numeric_column(column, count, np.uint64, reads)
            live = live_documents(reader)
            numbers.append(np.arange(offset, offset + count, dtype=np.int64)[live])
            dates.append(values[live])
        number = np.concatenate(numbers) if numbers else np.zeros(0, dtype=np.int64)
        date = np.concatenate(dates) if dates else np.zeros(0, dtype=np.uint64)
        undated = date == UNDATED
        # Newest first, undated last, ties in index order.
        ranked = np.lexsort((number, UNDATED - date, undated))
        self.order = number[ranked]  # global document numbers, newest first
        # Each document's place in that order (deleted ones after every live one).
        self.ranks = np.full(searcher.doc_count_all(), len(self.order), dtype=np.int64)
        self.ranks[self.order] = np.arange(len(self.order))

    def page(self, limit: int, offset: int = 0) -> list[int]:
        page: list[int] = self.order[offset : offset + limit].tolist()
        return page

    def facet(self) -> FunctionFacet:
        """A sort key for searcher.search(sortedby=...): newest first, undated last."""
        ranks = self.ranks
        return FunctionFacet(lambda searcher, docnum: int(ranks[docnum]))
