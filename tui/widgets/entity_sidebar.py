"""The entity sidebar: the people, organizations and places of the open article (with their
mention counts), of the current search results, or of the whole corpus (with article counts),
its title saying which; typing filters it by name."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from rich.text import Text
from textual import events, on
from textual.binding import Binding
from textual.content import Content
from textual.widgets import Tree

from index.records import ENTITY_KINDS, EntityRef, EntitySummary
from tui.history import Filter
from tui.messages import CorrectionRequested, FilterAdded, MentionsRequested, PivotRequested
from tui.printable import printable

# Leaves shown per group: thousands of them take the tree half a second to build on every
# change; past this many, the filter finds the rest.
SHOWN_PER_GROUP = 100
ARTICLE, RESULTS, CORPUS = "article", "results", "corpus"


@dataclass(frozen=True)
class _Row:
    id: str
    name: str
    type: str
    count: str  # "×3" mentions in an article, "12" articles naming it elsewhere
    names: str  # the name and its other forms, folded, for the filter


def fold(text: str) -> str:
    """Lower case without accents: 'guaido' finds 'Guaidó'."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _fitted(name: str, room: int) -> str:
    """A name cut with … to leave its count in view (the panel is 28 columns beside the reader)."""
    room = max(room, 6)
    return name if len(name) <= room else name[: room - 1].rstrip() + "…"


def _articles(row: EntitySummary) -> str:
    """'12', or '12 (9)' when those articles are fewer stories (copies of one counted once)."""
    if row.stories is not None and row.stories < row.articles:
        return f"{row.articles:,} ({row.stories:,})"
    return f"{row.articles:,}"


def _row(entity_id: str, name: str, kind: str, count: str, aliases: list[str]) -> _Row:
    return _Row(entity_id, name, kind, count, "\n".join(fold(n) for n in [name, *aliases]))


class EntitySidebar(Tree[str]):
    BINDINGS = [
        Binding("m", "mentions", "Show mentions", id="entities.mentions"),
        Binding("p", "pivot", "Who is named with it, and when", show=False, id="entities.pivot"),
        # Corrections: capitals, so that lower-case letters stay free for typing a name.
        Binding("R", "correct('rename')", "Rename it", show=False, id="entities.rename"),
        Binding("Y", "correct('retype')", "Change its type", show=False, id="entities.retype"),
        Binding("J", "correct('merge')", "Merge: J on one, then J on the one it is", show=False, id="entities.merge"),
        Binding("B", "correct('split')", "Break one of its names off as an entity", show=False, id="entities.split"),
        Binding("X", "correct('hide')", "Hide it from every list (X twice)", show=False, id="entities.hide"),
        Binding("Z", "correct('undo')", "Undo the last correction", show=False, id="entities.undo"),
        Binding("t", "toggle_scope", "Article or results / corpus", show=False, id="entities.scope"),  # in help
        Binding("f", "filter", "Filter by name (or type a letter)", show=False, id="entities.filter"),
        Binding("j", "cursor_down", "Down", show=False),
        Binding("k", "cursor_up", "Up", show=False),
    ]

    def __init__(self, **kwargs) -> None:
        super().__init__("Entities", **kwargs)
        self.show_root = False
        self.corpus_wide = False  # t: the corpus whatever else there is to show
        self.article_refs: list[EntityRef] | None = None  # None: no article open
        self.results: list[EntitySummary] | None = None  # None: no search
        self.results_counted = 0  # how many results `results` counts over
        self.results_total = 0
        self.corpus: list[EntitySummary] = []
        self.names_so_far: tuple[int, int] | None = None  # (named, of all) while names are being found
        self.names: dict[str, str] = {}
        self.filter = ""
        self.typing = False  # keys go to the filter line, not to the panel's bindings
        self._rows_of: list | None = None  # the list `_rows_cache` was made from
        self._fitted_width = 24  # the width the names were cut for (when hidden: the last one seen)
        self._rows_cache: list[_Row] = []

    def on_mount(self) -> None:
        self._fill()

    @property
    def scope(self) -> str:
        if self.corpus_wide:
            return CORPUS
        if self.article_refs is not None:
            return ARTICLE
        return RESULTS if self.results is not None else CORPUS

    def show_article(self, refs: list[EntityRef]) -> None:
        self.article_refs = refs
        self._fill_if(ARTICLE)

    def show_results(self, rows: list[EntitySummary] | None, counted: int = 0, total: int = 0) -> None:
        """The entities of the current results (`counted` of `total` of them), or None: no search."""
        self.results, self.results_counted, self.results_total = rows, counted, total
        if self.article_refs is None and not self.corpus_wide:
            self._fill(keep_cursor=True)

    def show_corpus(self, rows: list[EntitySummary]) -> None:
        self.corpus = rows
        self._fill_if(CORPUS)

    def _fill_if(self, scope: str) -> None:
        if self.scope == scope:
            self._fill(keep_cursor=True)

    def _title(self) -> str:
        # Short enough for the 28 columns the panel has beside the reader.
        if self.scope == ARTICLE:
            return "Entities: this article"
        if self.scope == CORPUS:
            return "Entities: the corpus"
        if self.results_counted < self.results_total:
            return f"Entities: top {self.results_counted} results"
        return f"Entities: {self.results_total:,} {'result' if self.results_total == 1 else 'results'}"

    def _rows(self) -> list[_Row]:
        """The rows of the current scope, folded for the filter once per list, not per keystroke."""
        if self.scope == ARTICLE:
            source: list = self.article_refs or []
        else:
            source = self.corpus if self.scope == CORPUS else self.results or []
        if self._rows_of is not source:
            self._rows_of = source
            if self.scope == ARTICLE:
                self._rows_cache = [_row(r.id, r.name, r.type, f"×{r.count}", r.aliases) for r in source]
            else:
                self._rows_cache = [_row(r.id, r.name, r.type, _articles(r), r.aliases) for r in source]
        return self._rows_cache

    def _fill(self, keep_cursor: bool = False) -> None:  # not `_render`: Textual's own, which a Tree must keep
        # New rows of the same list (stories counted, a correction) keep the cursor on its entity;
        # a filter typed or another scope starts on the first.
        kept = self._selected_entity() if keep_cursor else None
        self.clear()
        self.border_title = self._title()
        notes = 0
        if self.names_so_far is not None and self.scope != ARTICLE:
            # Indexing is on its names pass: what is listed is what it has found so far.
            named, total = self.names_so_far
            self.root.add_leaf(Text(f"entities: {named:,} of {total:,}", style="dim italic"))
            self.root.add_leaf(Text("articles so far", style="dim italic"))
            notes = 2
        rows = self._rows()
        self.names = {row.id: row.name for row in rows}
        wanted = fold(self.filter)
        shown = [row for row in rows if wanted in row.names] if wanted else rows
        width = self.scrollable_content_region.width or self._fitted_width
        self._fitted_width = width
        line, kept_line = notes, None  # the tree's lines, counted as they are added
        for kind, shown_kind in ENTITY_KINDS.items():
            members = [row for row in shown if row.type == kind]
            if not members:
                continue
            group = self.root.add(f"{shown_kind.heading} ({len(members):,})", expand=True)
            line += 1
            for row in members[:SHOWN_PER_GROUP]:
                # A Text label: a str label would be parsed as markup, and a name is file text.
                name = _fitted(printable(row.name), width - self.guide_depth - len(row.count) - 2)
                group.add_leaf(Text.assemble(name, " ", (row.count, "dim")), data=row.id)
                kept_line = line if row.id == kept else kept_line
                line += 1
            if len(members) > SHOWN_PER_GROUP:
                more = f"… {len(members) - SHOWN_PER_GROUP:,} more: type a name to find it"
                group.add_leaf(Text(more, style="dim italic"))
                line += 1
        if shown:
            self.cursor_line = notes + 1 if kept_line is None else kept_line  # else the first entity, not a heading
        elif rows:
            self.root.add_leaf(Text("No name here has ‘" + printable(self.filter) + "’ in it", style="dim"))
        self._show_filter_line()

    def _show_filter_line(self) -> None:
        # Content, not str: a str border title is parsed as markup, and the filter is typed text.
        if self.typing:
            self.border_subtitle = Content(f"filter: {printable(self.filter)}▏")
        elif self.filter:
            self.border_subtitle = Content(f"filter: {printable(self.filter)} · Esc clears")
        else:
            self.border_subtitle = "type to filter"

    def _set_filter(self, text: str, typing: bool) -> None:
        changed = text != self.filter
        self.filter, self.typing = text, typing
        if changed:
            self._fill()
        else:
            self._show_filter_line()

    def on_resize(self, event: events.Resize) -> None:
        if self.scrollable_content_region.width != self._fitted_width:
            self._fill(keep_cursor=True)  # names cut for the new width

    def on_key(self, event: events.Key) -> None:
        """Typing filters. A letter the panel or the app binds (m, t, e, q…) keeps its meaning
        as the first key: f opens the filter for a name that starts with one. While the filter
        line is open every printable key goes into it; Esc clears it before it backs out, and
        Backspace edits a filter still shown before it goes Back."""
        if self.typing:
            if event.key == "escape":
                self._set_filter("", typing=False)
            elif event.key == "backspace":
                self._set_filter(self.filter[:-1], typing=bool(self.filter))
            elif event.is_printable and event.character:
                self._set_filter(self.filter + event.character, typing=True)
            else:
                self.typing = False  # arrows, Enter, Tab: back to the tree, the filter kept
                self._show_filter_line()
                return
        elif event.key == "escape" and self.filter:
            self._set_filter("", typing=False)
        elif event.key == "backspace" and self.filter:  # a kept filter is edited again, not Back
            self._set_filter(self.filter[:-1], typing=True)
        elif event.is_printable and event.character and event.character.isalnum():
            if event.key in self.screen.active_bindings:
                return
            self._set_filter(event.character, typing=True)
        else:
            return
        event.stop()
        event.prevent_default()

    def action_filter(self) -> None:
        self._set_filter(self.filter, typing=True)

    def action_toggle_scope(self) -> None:
        self.corpus_wide = not self.corpus_wide
        self._fill()

    def _selected_entity(self) -> str | None:
        node = self.cursor_node
        return node.data if node is not None else None

    @on(Tree.NodeSelected)
    def _selected(self, event: Tree.NodeSelected) -> None:
        event.stop()
        entity_id = event.node.data
        if entity_id:  # its articles in the list, and over them the entity seen whole (Esc: the list)
            self.post_message(FilterAdded(Filter("entity", entity_id, self.names.get(entity_id, entity_id))))
            self.post_message(PivotRequested(entity_id, followed=True))

    def action_correct(self, action: str) -> None:
        entity_id = self._selected_entity() or ""
        if entity_id or action == "undo":
            name = self.names.get(entity_id, entity_id)
            aliases = self._corpus_aliases(entity_id)
            others = None if aliases is None else [alias for alias in aliases if alias != name]
            self.post_message(CorrectionRequested(action, entity_id, name, others))

    def _corpus_aliases(self, entity_id: str) -> list[str] | None:
        """Its names across the corpus, or None while the corpus's rows are not in (an article's
        rows hold only the names that article uses)."""
        return next((list(row.aliases) for row in self.corpus if row.id == entity_id), None)

    def action_pivot(self) -> None:
        entity_id = self._selected_entity()
        if entity_id:
            self.post_message(PivotRequested(entity_id))

    def action_mentions(self) -> None:
        entity_id = self._selected_entity()
        if entity_id:
            self.post_message(MentionsRequested(entity_id))
