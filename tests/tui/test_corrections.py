"""Corrections of the entities in the app (issue 19): R renames, J then J merges, X twice
hides, Z undoes, on the entity panel; the panel, the list and entity search follow at once.
The real app over a real index, with Pilot, at 80x24 and 120x40."""

from __future__ import annotations

from pathlib import Path

import pytest

from index.entities.names import canonical_alias, name_key
from index.library import Library, build_index
from tests.test_curation import two_spellings
from tests.tui.test_app import settle
from tui.app import create_app
from tui.screens.prompt import PromptScreen
from tui.widgets.article_list import ArticleList
from tui.widgets.entity_sidebar import EntitySidebar

SIZES = pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])


def _to_entity(sidebar: EntitySidebar, entity_id: str) -> None:
    lines = range(sidebar.last_line + 1)
    sidebar.cursor_line = next(n for n in lines if getattr(sidebar.get_node_at_line(n), "data", None) == entity_id)


async def corpus_panel(pilot) -> EntitySidebar:
    """The entity panel, open on the corpus's entities."""
    await settle(pilot)
    await pilot.press("e")
    sidebar = pilot.app.query_one(EntitySidebar)
    await pilot.press("t")  # the corpus's entities
    await settle(pilot)
    return sidebar


def _panel_names(sidebar: EntitySidebar) -> set[str]:
    return set(sidebar.names.values())


@SIZES
async def test_rename_merge_hide_and_undo_on_the_entity_panel(corpus: Path, tmp_path: Path, size) -> None:
    build_index(corpus, tmp_path / "ix")
    with Library.open(tmp_path / "ix") as library:
        person = library.entities("person")[0]
        first, second = library.entities("place")[:2]
        both = {h.id for p in (first, second) for h in library.search(f"entity:{p.id}", limit=50).hits}
    async with create_app(tmp_path / "ix").run_test(size=size) as pilot:
        sidebar = await corpus_panel(pilot)

        _to_entity(sidebar, person.id)
        await pilot.press("R")
        await settle(pilot)
        assert isinstance(pilot.app.screen, PromptScreen)
        await pilot.press(*"Someone Else", "enter")  # the name offered is selected: typing replaces it
        await settle(pilot)
        assert sidebar.names[person.id] == "Someone Else"

        _to_entity(sidebar, second.id)
        await pilot.press("J")
        _to_entity(sidebar, first.id)
        await pilot.press("J")
        await settle(pilot)
        assert second.id not in sidebar.names and first.id in sidebar.names

        _to_entity(sidebar, first.id)
        await pilot.press("enter")  # the merged place's articles: both places' articles
        await settle(pilot)
        assert {row.id for row in pilot.app.query_one(ArticleList).rows} == both
        assert pilot.app.screen.pivot.articles == len(both)  # and the place seen whole
        await pilot.press("escape")
        await settle(pilot)

        await pilot.press("e")
        await settle(pilot)
        _to_entity(sidebar, first.id)
        await pilot.press("X")
        await settle(pilot)
        assert first.id in sidebar.names  # one X only asks
        await pilot.press("X")
        await settle(pilot)
        assert first.id not in sidebar.names
        await pilot.press("Z")  # the hiding undone
        await settle(pilot)
        assert first.id in sidebar.names
    with Library.open(tmp_path / "ix") as library:
        assert [r["action"] for r in library.curation()] == ["rename", "merge"]
        assert {h.id for h in library.search('person:"Someone Else"', limit=50).hits} == {
            h.id for h in library.search(f"entity:{person.id}", limit=50).hits
        }


async def test_b_on_a_name_written_only_one_way_says_so_and_asks_nothing(seed_index: Path) -> None:
    with Library.open(seed_index) as library:
        single = next(e for e in library.entities(stories=False) if set(e.aliases) <= {e.name})
    async with create_app(seed_index).run_test(size=(120, 40)) as pilot:
        sidebar = await corpus_panel(pilot)
        _to_entity(sidebar, single.id)
        await pilot.press("B")
        await settle(pilot)
        assert not isinstance(pilot.app.screen, PromptScreen)
        assert any("written only one way" in n.message for n in pilot.app._notifications)


@SIZES
async def test_b_breaks_a_name_off_as_an_entity_of_its_own(corpus: Path, tmp_path: Path, size) -> None:
    """On any entity that gathers two spellings: B, the other spelling, Enter; the panel shows
    the new entity with that spelling's articles, and Z joins them again."""
    build_index(corpus, tmp_path / "ix")
    entity, key, alias, _ = two_spellings(tmp_path / "ix")
    async with create_app(tmp_path / "ix").run_test(size=size) as pilot:
        sidebar = await corpus_panel(pilot)
        before = set(sidebar.names)
        _to_entity(sidebar, entity.id)
        await pilot.press("B")
        await settle(pilot)
        assert isinstance(pilot.app.screen, PromptScreen)
        assert f"‘{alias}’" in pilot.app.screen.hint  # the names it may break off are listed
        await pilot.press(*alias, "enter")
        await settle(pilot)
        (new,) = set(sidebar.names) - before
        assert name_key(canonical_alias(sidebar.names[new])) == key and entity.id in sidebar.names
        await pilot.press("Z")
        await settle(pilot)
        assert set(sidebar.names) == before
