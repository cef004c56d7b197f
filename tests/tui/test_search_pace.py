"""The wait between the last keystroke and its search follows how long searches take."""

from __future__ import annotations

from pathlib import Path

from tests.tui.test_typing import type_in
from tui.app import create_app
from tui.search_pace import AT_ONCE, LONGEST, RECENT, SearchPace


def test_before_any_search_is_timed_the_wait_is_the_longest() -> None:
    assert SearchPace().wait() == LONGEST


def test_the_wait_is_the_median_of_recent_searches() -> None:
    pace = SearchPace()
    for seconds in (0.06, 0.07, 0.065):
        pace.took(seconds)
    assert pace.wait() == 0.065


def test_searches_faster_than_a_keystroke_gap_are_not_waited_for() -> None:
    pace = SearchPace()
    for seconds in (0.004, 0.9, AT_ONCE, 0.02):
        pace.took(seconds)
    assert pace.wait() == 0.0
    pace.took(0.9)
    pace.took(0.9)  # now most are slow: waited for again
    assert pace.wait() == LONGEST


def test_one_slow_search_does_not_lengthen_the_wait() -> None:
    pace = SearchPace()
    for seconds in (0.06, 0.065, 0.9, 0.07):
        pace.took(seconds)
    assert pace.wait() == (0.065 + 0.07) / 2


def test_slow_searches_wait_the_longest_and_no_more() -> None:
    pace = SearchPace()
    for _ in range(RECENT):
        pace.took(0.3)
    assert pace.wait() == LONGEST


def test_only_the_recent_searches_count() -> None:
    """An index that became slow (or fast) is followed within RECENT searches."""
    pace = SearchPace()
    for _ in range(RECENT):
        pace.took(0.3)
    for _ in range(RECENT):
        pace.took(0.06)
    assert pace.wait() == 0.06 and pace.timed == RECENT


async def test_the_app_times_its_searches(seed_index: Path) -> None:
    async with create_app(seed_index).run_test(size=(120, 40)) as pilot:
        await type_in(pilot, "sanctions")
        assert pilot.app.pace.timed >= 1


async def test_the_app_waits_as_long_as_its_recent_searches_took(seed_index: Path) -> None:
    """Searches that took half a second: a keystroke's search waits that long (a slower
    machine may start it later, never sooner)."""
    async with create_app(seed_index).run_test(size=(120, 40)) as pilot:
        app = pilot.app
        await pilot.pause(0.3)
        await app.workers.wait_for_complete()
        app.pace = SearchPace(longest=1.0)
        for _ in range(RECENT):
            app.pace.took(0.5)
        before = app.searches_run
        await pilot.press("slash", "s")
        await pilot.pause(0.2)
        assert app.searches_run == before
        await pilot.pause(0.5)
        await app.workers.wait_for_complete()
        assert app.searches_run == before + 1


async def test_a_fixed_wait_given_to_the_app_is_kept(seed_index: Path) -> None:
    async with create_app(seed_index, debounce=0.5).run_test(size=(120, 40)) as pilot:
        app = pilot.app
        await type_in(pilot, "sanctions")
        assert app.debounce == 0.5  # the pace is still timed, but not asked
