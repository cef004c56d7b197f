"""How long one search may run, and whether its caller still wants it.

A search is checked between its steps (each word read, each spelling, each batch of
Whoosh's matches); past its budget it stops with a `QueryError` the user can act on, and
when the caller has given up on it (the app: a newer keystroke, or quitting) it stops
with `SearchCancelled`, which nobody shows.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from whoosh.collectors import WrappingCollector

from index.search.query import QueryError

# Search as you type runs on every keystroke: a search slower than this is one the user
# is waiting on, and on the 2,000-story index every ordinary query takes well under 0.1 s.
SEARCH_BUDGET = 2.0  # seconds


class SearchTooSlow(QueryError):
    """A search that ran past its budget; the message says how to narrow it."""


class SearchCancelled(Exception):
    """The caller no longer wants this search's result."""


class Deadline:
    def __init__(self, seconds: float = SEARCH_BUDGET, cancelled: Callable[[], bool] | None = None) -> None:
        self.seconds = seconds
        self._end = time.monotonic() + seconds
        self._cancelled = cancelled

    def expired(self) -> bool:
        return time.monotonic() > self._end

    def check(self) -> None:
        """Raise if the search must stop now: the caller gave up on it, or its time is up."""
        if self._cancelled is not None and self._cancelled():
            raise SearchCancelled
        if self.expired():
            raise SearchTooSlow(
                f"the search took longer than {self.seconds:g} s and was stopped; "
                "use fewer words, or longer ones before * and ~"
            )


class DeadlineCollector(WrappingCollector):  # type: ignore[misc]  # Whoosh is untyped
    """Whoosh's own search, stopped between matches when its deadline passes. (Whoosh's
    TimeLimitCollector keeps time only; this one also stops when the caller gives up.)"""

    def __init__(self, child: Any, deadline: Deadline) -> None:
        super().__init__(child)
        self._deadline = deadline

    def collect_matches(self) -> None:
        child, check = self.child, self._deadline.check
        for sub_docnum in child.matches():
            check()
            child.collect(sub_docnum)
