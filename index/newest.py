"""Every article's place in newest-first order (undated ones last), worked out once per
searcher from the date column: the opening list pages through it, and a search sorted by
date ranks its matches by it, instead of sorting the whole corpus on every call."""

from __future__ import annotations

from array import array

import numpy as np
from whoosh import query as wq
from whoosh.searching import Searcher
from whoosh.sorting import FunctionFacet


class NewestOrder:
    def __init__(self, searcher: Searcher) -> None:
        dated = {int(n) for n in wq.DateRange("date", None, None).docs(searcher)}
        numbers: list[int] = []
        keys: list[int] = []
        for leaf, offset in searcher.leaf_searchers():
            reader = leaf.reader()
            column = reader.column_reader("date", translate=False)
            for docnum in range(reader.doc_count_all()):
                if reader.is_deleted(docnum):
                    continue
                number = offset + docnum
                numbers.append(number)
                # Newest first: the largest date gets the smallest key; undated after every date.
                keys.append(-int(column[docnum]) if number in dated else 1)
        ranked = np.lexsort((np.array(numbers, dtype=np.int64), np.array(keys, dtype=np.int64)))
        self.order = array("q", (numbers[i] for i in ranked))  # global document numbers, newest first
        self._rank = dict(zip(self.order, range(len(self.order)), strict=True))

    def page(self, limit: int, offset: int = 0) -> array:
        return self.order[offset : offset + limit]

    def facet(self) -> FunctionFacet:
        """A sort key for searcher.search(sortedby=...): newest first, undated last."""
        rank, last = self._rank, len(self.order)
        return FunctionFacet(lambda searcher, docnum: rank.get(docnum, last))
