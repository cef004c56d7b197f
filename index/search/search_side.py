"""What searches use, apart from what reading articles uses: a searcher of their own (a
Whoosh searcher is not safe across threads, so each is used under its own lock), what is
read from it once (the bulk scorer's postings, the newest-first order, each document's
day and story), and a parsed query run on it as a page of hits and a count of all."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
from whoosh import query as wq
from whoosh.searching import Searcher

from index.aggregate.document_facts import DocumentFacts
from index.read.dates import iso_day
from index.records import SearchHit
from index.search import query as q
from index.search.bulk_search import BulkScorer
from index.search.deadline import Deadline, DeadlineCollector
from index.search.match_words import body_words
from index.search.newest import NewestOrder
from index.search.snippets import BodyWords, Snippets

_COUNT_STEP = 1024  # matches counted between two looks at the deadline


class SearchSide:
    def __init__(self, searcher: Searcher) -> None:
        self.searcher = searcher
        self.bulk = BulkScorer(searcher)  # checks, at open, that Whoosh's data reads fast and right
        self._newest: NewestOrder | None = None
        self._facts: DocumentFacts | None = None

    def newest_order(self) -> NewestOrder:
        if self._newest is None:
            self._newest = NewestOrder(self.searcher, self.bulk.reads)
        return self._newest

    @property
    def has_facts(self) -> bool:
        return self._facts is not None

    def document_facts(self, story_of: Callable[[str], str | None]) -> DocumentFacts:
        if self._facts is None:
            self._facts = DocumentFacts(self.searcher, story_of, self.bulk.reads)
        return self._facts

    def keep_facts(self, facts: DocumentFacts) -> None:
        """Facts read through another searcher of the same generation (same document numbers)."""
        if self._facts is None:
            self._facts = facts

    def every_match(self, parsed: wq.Query, deadline: Deadline) -> np.ndarray:
        """The document numbers of every live match, ascending."""
        if self.bulk.can_score(parsed):
            return self.bulk.matches(parsed, deadline).docnums
        found = np.fromiter(self.searcher.docs_for_query(parsed), dtype=np.int64)
        deadline.check()
        order = self.newest_order()
        return np.unique(found[order.ranks[found] < len(order.order)])  # deleted ones have no rank

    def matching(self, query: wq.Query, deadline: Deadline) -> int:
        """How many articles `query` matches: in bulk when the scorer can (its postings are
        the ones the search just read), else by Whoosh."""
        q.check_spellings(query, self.searcher.reader())
        if self.bulk.can_score(query):
            return len(self.bulk.matches(query, deadline))
        return count_matches(self.searcher, query, deadline)

    def page(
        self,
        parsed: wq.Query,
        deadline: Deadline,
        limit: int,
        snippets: Snippets | None,
        offset: int = 0,
        sort: str = "relevance",
    ) -> tuple[list[SearchHit], int]:
        """One page of hits (with snippets, unless None) and the number of matches in all."""
        if self.bulk.can_score(parsed):
            return self._page_in_bulk(parsed, deadline, limit, snippets, offset, sort)
        return self._page_in_whoosh(parsed, deadline, limit, snippets, offset, sort)

    def _page_in_bulk(
        self, parsed: wq.Query, deadline: Deadline, limit: int, snippets: Snippets | None, offset: int, sort: str
    ) -> tuple[list[SearchHit], int]:
        found = self.bulk.matches(parsed, deadline)
        rank = self.newest_order().ranks if sort == "date" else None
        deadline.check()
        top = self.bulk.top(found, offset + limit, rank)
        words = body_words(found.words) if snippets is not None else None
        hits = [
            hit(self.searcher.stored_fields(int(docnum)), float(score), words, snippets)
            for docnum, score in zip(top.docnums[offset:], top.scores[offset:], strict=True)
        ]
        return hits, len(found)

    def _page_in_whoosh(
        self, parsed: wq.Query, deadline: Deadline, limit: int, snippets: Snippets | None, offset: int, sort: str
    ) -> tuple[list[SearchHit], int]:
        wanted = offset + max(limit, 1)
        order = {"sortedby": self.newest_order().facet()} if sort == "date" else {}
        searcher = self.searcher
        collector = searcher.collector(limit=wanted, terms=True, **order)
        searcher.search_with_collector(parsed, DeadlineCollector(collector, deadline))
        results = collector.results()
        matched = {(field, text.decode()) for field, text in results.matched_terms()}
        words = body_words(matched) if snippets is not None else None
        hits = [hit(found.fields(), found.score, words, snippets) for found in results[offset : offset + limit]]
        # The top-N collector skips documents that cannot make the top, so counting them all
        # means running the query again; unless fewer than N matched, when all were seen.
        if results.scored_length() < wanted:
            total = results.scored_length()
        elif results.has_exact_length():
            total = len(results)
        else:
            total = count_matches(searcher, parsed, deadline)
        return hits, total


def count_matches(searcher: Searcher, parsed: wq.Query, deadline: Deadline) -> int:
    """Every document `parsed` matches, counted within the deadline."""
    total = 0
    for total, _ in enumerate(searcher.docs_for_query(parsed), 1):
        if not total % _COUNT_STEP:
            deadline.check()
    return total


def hit(fields: dict[str, Any], score: float | None, words: BodyWords | None, snippets: Snippets | None) -> SearchHit:
    """One hit; with a snippet of the body around `words` unless there are none to find."""
    return SearchHit(
        id=fields["id"],
        title=fields["title"],
        source=fields["source"],
        date=iso_day(fields.get("date")),
        score=round(float(score or 0.0), 4),
        snippet=snippets.of(fields["body"], words) if words is not None and snippets is not None else "",
    )
