"""Overviews in the app: the list's matches over time (H), and an entity seen whole (Enter or
p on the entity panel). A base of the app, like the marks; what they show comes from the library."""

from __future__ import annotations

from dataclasses import replace

from textual import on, work
from textual.app import App
from textual.screen import ModalScreen

from index.library import EntityNotFound, Library, QueryError
from index.records import EntityPivot, Timeline
from tui import messages as m
from tui.history import Filter, History, View
from tui.screens.overview import PivotScreen, TimelineScreen


class OverviewActions(App[None]):
    library: Library
    history: History

    def _go(self, view: View) -> None:
        raise NotImplementedError  # the app's: push a view and search it

    def _focus_list(self) -> None:
        raise NotImplementedError  # the app's

    def action_timeline(self) -> None:
        """The list's matches over time, as bars."""
        self._count_timeline(self.history.current.full_query())

    @work(thread=True, exit_on_error=False, exclusive=True, group="overview")
    def _count_timeline(self, query: str) -> None:
        try:
            found = self.library.timeline(query)
        except QueryError as error:
            self.call_from_thread(self.notify, str(error), severity="warning")
            return
        self.call_from_thread(self._show_timeline, found)

    def _show_timeline(self, timeline: Timeline) -> None:
        title = f"‘{timeline.query}’ over time" if timeline.query else "Every article over time"
        self.push_screen(TimelineScreen(timeline, title), self._period_chosen)

    def _period_chosen(self, period: str | None) -> None:
        if period:
            self.post_message(m.FilterAdded(Filter.period(period)))

    @on(m.PivotRequested)
    def _pivot_requested(self, message: m.PivotRequested) -> None:
        self._pivot(message.entity_id, message.followed)

    def _pivot(self, entity_id: str, followed: bool = False) -> None:
        self._read_pivot(entity_id, followed, self._list_with(entity_id))

    def _list_with(self, entity_id: str) -> str | None:
        """The query `a` lists this entity's articles with when the list is narrower than the
        corpus (a search, other filters): the overview counts the corpus's, the list will not."""
        view = self.history.current
        others = replace(view, filters=tuple(f for f in view.filters if (f.kind, f.value) != ("entity", entity_id)))
        if not others.full_query():
            return None
        return others.with_filter(Filter("entity", entity_id, entity_id)).full_query()

    @work(thread=True, exit_on_error=False, exclusive=True, group="overview")
    def _read_pivot(self, entity_id: str, followed: bool, in_list: str | None) -> None:
        try:
            pivot = self.library.entity_pivot(entity_id)
        except EntityNotFound as error:  # the index changed under the panel
            self.call_from_thread(self.notify, str(error), severity="warning")
            return
        try:
            listed = None if in_list is None else self.library.search(in_list, limit=1, snippets=False).total
        except QueryError:
            listed = None  # the overview stands without it
        self.call_from_thread(self._show_pivot, pivot, followed, listed)

    def _show_pivot(self, pivot: EntityPivot, followed: bool = False, listed: int | None = None) -> None:
        shown = {(f.kind, f.value) for f in self.history.current.filters}
        if followed and (isinstance(self.screen, ModalScreen) or ("entity", pivot.id) not in shown):
            return
        self.push_screen(PivotScreen(pivot, listed), lambda chosen: self._pivot_chosen(pivot, chosen))

    def _pivot_chosen(self, pivot: EntityPivot, chosen: tuple[str, str] | None) -> None:
        """To the chosen entity's articles: a step in the history, as any filter is; a pivot
        to another name takes the place of this one's filter and opens its overview."""
        if chosen is None:
            return
        action, entity_id = chosen
        view = self.history.current
        if action == "pivot":
            kept = tuple(f for f in view.filters if (f.kind, f.value) != ("entity", pivot.id))
            view = replace(view, filters=kept)
            name = next((c.name for c in pivot.with_ if c.id == entity_id), entity_id)
            self._go(view.with_filter(Filter("entity", entity_id, name)))
            self._pivot(entity_id)
        else:
            if ("entity", entity_id) not in {(f.kind, f.value) for f in view.filters}:
                self._go(view.with_filter(Filter("entity", entity_id, pivot.name)))
            self._focus_list()
