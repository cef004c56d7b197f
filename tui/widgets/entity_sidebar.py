"""The entity sidebar: the open article's people, organizations and places with their
mention counts, or (toggled) the whole corpus's with article counts."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.binding import Binding
from textual.widgets import Tree

from index.records import EntityRef, EntitySummary
from tui.history import Filter
from tui.messages import FilterAdded, MentionsRequested
from tui.printable import printable

GROUPS = {"person": "People", "org": "Organizations", "place": "Places"}


class EntitySidebar(Tree[str]):
    BINDINGS = [
        Binding("m", "mentions", "Show mentions", id="entities.mentions"),
        Binding("t", "toggle_scope", "Article / corpus", show=False, id="entities.scope"),  # footer room; in help
        Binding("j", "cursor_down", "Down", show=False),
        Binding("k", "cursor_up", "Up", show=False),
    ]

    def __init__(self, **kwargs) -> None:
        super().__init__("Entities", **kwargs)
        self.show_root = False
        self.corpus_wide = False
        self.article_refs: list[EntityRef] = []
        self.corpus: list[EntitySummary] = []
        self.names: dict[str, str] = {}

    def show_article(self, refs: list[EntityRef]) -> None:
        self.article_refs = refs
        if not self.corpus_wide:
            self._render()

    def show_corpus(self, rows: list[EntitySummary]) -> None:
        self.corpus = rows
        if self.corpus_wide:
            self._render()

    def _render(self) -> None:
        self.clear()
        self.border_title = "Entities: whole corpus" if self.corpus_wide else "Entities: this article"
        rows = (
            [(r.id, r.name, r.type, f"{r.articles} art.") for r in self.corpus]
            if self.corpus_wide
            else [(r.id, r.name, r.type, f"×{r.count}") for r in self.article_refs]
        )
        self.names = {entity_id: name for entity_id, name, _, _ in rows}
        for kind, label in GROUPS.items():
            members = [r for r in rows if r[2] == kind]
            if not members:
                continue
            group = self.root.add(f"{label} ({len(members)})", expand=True)
            for entity_id, name, _, count in members:
                # A Text label: a str label would be parsed as markup, and a name is file text.
                group.add_leaf(Text.assemble(printable(name), " ", (count, "dim")), data=entity_id)
        if rows:
            self.cursor_line = 1  # the first entity, not its group's heading

    def action_toggle_scope(self) -> None:
        self.corpus_wide = not self.corpus_wide
        self._render()

    def _selected_entity(self) -> str | None:
        node = self.cursor_node
        return node.data if node is not None else None

    @on(Tree.NodeSelected)
    def _selected(self, event: Tree.NodeSelected) -> None:
        event.stop()
        entity_id = event.node.data
        if entity_id:
            self.post_message(FilterAdded(Filter("entity", entity_id, self.names.get(entity_id, entity_id))))

    def action_mentions(self) -> None:
        entity_id = self._selected_entity()
        if entity_id:
            self.post_message(MentionsRequested(entity_id))
