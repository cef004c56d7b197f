"""SVG snapshots of the app (pytest-textual-snapshot); update with --snapshot-update after
checking the new pictures by eye."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Input

from tui.app import create_app


async def _steady(pilot) -> None:
    pilot.app.query_one(Input).cursor_blink = False
    await pilot.pause(0.3)
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


def _search_and_open(query: str):
    async def run(pilot) -> None:
        await _steady(pilot)
        await pilot.press("slash", *query, "enter")
        await _steady(pilot)
        await pilot.press("enter")
        await _steady(pilot)

    return run


def test_start_screen(snap_compare, seed_index: Path) -> None:
    assert snap_compare(create_app(seed_index), terminal_size=(140, 40), run_before=_steady)


def test_search_and_open_an_article(snap_compare, seed_index: Path) -> None:
    assert snap_compare(create_app(seed_index), terminal_size=(140, 40), run_before=_search_and_open("lavrov"))


def test_narrow_terminal(snap_compare, seed_index: Path) -> None:
    assert snap_compare(create_app(seed_index), terminal_size=(80, 24), run_before=_search_and_open("rosneft"))
