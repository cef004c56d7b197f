"""Each document's day and story, read once per searcher, so that a timeline of any search
is array look-ups rather than a stored document read per match."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
from whoosh.searching import Searcher

from index.aggregate.timeline import UNDATED
from index.search.columns import numeric_column
from index.search.doc_sets import live_numbers
from index.search.newest import UNDATED as NO_DATE_IN_COLUMN
from index.search.whoosh_internals import DEFAULT_READS, Reads

MICROSECONDS_A_DAY = 86_400_000_000  # Whoosh's dates count microseconds from 0001-01-01


class DocumentFacts:
    """`days[n]`: document n's day as a date ordinal (UNDATED for none); `stories[n]`: its
    story's number, shared by the copies of one story and unique to an article without any."""

    def __init__(self, searcher: Searcher, story_of: Callable[[str], str | None], reads: Reads = DEFAULT_READS) -> None:
        total = searcher.doc_count_all()
        self.days = np.full(total, UNDATED, dtype=np.int64)
        self.stories = np.arange(total, dtype=np.int64)  # each its own, until its story says otherwise
        numbered: dict[str, int] = {}
        for leaf, offset in searcher.leaf_searchers():
            reader = leaf.reader()
            count = reader.doc_count_all()
            if not count:  # a new folder's index before its first batch has no columns
                continue
            values = numeric_column(reader.column_reader("date", translate=False), count, np.uint64, reads)
            dated = values != NO_DATE_IN_COLUMN
            self.days[offset : offset + count][dated] = (values[dated] // MICROSECONDS_A_DAY).astype(np.int64) + 1
            for article_id, docnum in live_numbers(reader).items():
                story = story_of(article_id)
                if story is not None:  # story numbers start after every document's own
                    self.stories[offset + docnum] = total + numbered.setdefault(story, len(numbered))
