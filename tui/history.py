"""One browser-like history of what the user looked at: searches, filters, articles."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, replace
from datetime import date, timedelta
from typing import Any

KEPT_VIEWS = 200  # views a saved history keeps, the latest


@dataclass(frozen=True)
class Filter:
    """A removable restriction on the article list, shown as a chip."""

    kind: str  # entity, source or date
    value: str  # what goes into the query: an entity id, a source name, a date
    label: str  # what the chip says

    def query(self) -> str:
        if self.kind == "entity" or (self.kind == "date" and self.value.startswith("[")):  # a range: date:[a to b]
            return f"{self.kind}:{self.value}"
        return f'{self.kind}:"{self.value}"' if " " in self.value else f"{self.kind}:{self.value}"

    @classmethod
    def period(cls, period: str) -> Filter:
        """A timeline's period as a date filter: 2019-04 as it is, an ISO week (2019-W14) as
        the range of its days."""
        if "-W" in period:
            year, week = period.split("-W")
            monday = date.fromisocalendar(int(year), int(week), 1)
            value = f"[{monday.isoformat()} to {(monday + timedelta(days=6)).isoformat()}]"
            return cls("date", value, f"date: week of {monday.isoformat()}")
        return cls("date", period, f"date: {period}")


@dataclass(frozen=True)
class View:
    """Everything needed to put the screen back as it was."""

    query: str = ""
    filters: tuple[Filter, ...] = ()
    article_id: str | None = None
    sort: str = "relevance"  # or date

    def order(self) -> str:
        """The list's order: relevance ranks words, so a list of filters alone (no words, every
        score alike) comes newest first, as the whole corpus does."""
        return self.sort if self.query.strip() else "date"

    def full_query(self) -> str:
        return " ".join(part for part in [self.query.strip(), *(f.query() for f in self.filters)] if part)

    @classmethod
    def from_dict(cls, saved: dict[str, Any]) -> View:
        """A view as `asdict` wrote it (KeyError, TypeError or ValueError if it is not one)."""
        filters = tuple(Filter(**f) for f in saved["filters"])
        return cls(str(saved["query"]), filters, saved["article_id"], str(saved["sort"]))

    def with_filter(self, new: Filter) -> View:
        kept = tuple(f for f in self.filters if f != new)
        return replace(self, filters=(*kept, new))

    def without_filter(self, old: Filter) -> View:
        return replace(self, filters=tuple(f for f in self.filters if f != old))


@dataclass
class History:
    """Back and forward over views; a new view after going back drops the forward ones."""

    views: list[View] = field(default_factory=lambda: [View()])
    position: int = 0
    typing: bool = False  # the current view is a search being typed: keystrokes refine it

    @property
    def current(self) -> View:
        return self.views[self.position]

    def push(self, view: View) -> None:
        self.typing = False
        if view == self.current:
            return
        del self.views[self.position + 1 :]
        self.views.append(view)
        self.position += 1

    def type(self, view: View) -> None:
        """A keystroke in the search box: the first after any other step starts a new view (so
        Back returns to the search before it), the next ones refine it in place."""
        if self.typing:
            self.views[self.position] = view
            return
        self.push(view)
        self.typing = True

    def to_dict(self) -> dict[str, Any]:
        """For the next session: the latest KEPT_VIEWS views and where in them the user was."""
        start = max(0, len(self.views) - KEPT_VIEWS)
        return {"views": [asdict(v) for v in self.views[start:]], "position": max(self.position - start, 0)}

    @classmethod
    def from_dict(cls, saved: dict[str, Any] | None) -> History:
        """A saved history; a fresh one if there is none or it cannot be read (a newer version's)."""
        try:
            views = [View.from_dict(v) for v in (saved or {})["views"]]
            position = int((saved or {})["position"])
        except (KeyError, TypeError, ValueError):
            return cls()
        if not views or not 0 <= position < len(views):
            return cls()
        return cls(views, position)

    def back(self) -> View | None:
        self.typing = False
        if self.position == 0:
            return None
        self.position -= 1
        return self.current

    def forward(self) -> View | None:
        self.typing = False
        if self.position + 1 >= len(self.views):
            return None
        self.position += 1
        return self.current
