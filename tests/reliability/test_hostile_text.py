"""No text from a file reaches the terminal as markup or as escape codes.

A real index is built (by the real `explorer index`) from a folder of hostile articles
(tests/reliability/hostile_corpus.py): markup, click actions, a quote that closes an action's
argument, escape sequences, a C1 control and a bidi override in every field, in entity names and
in file names. Then the real `explorer` command and the real app show all of it."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from textual.widgets import Static

from index.library import Library
from tests.reliability.hostile_corpus import SHOT, write_corpus
from tests.tui.idle import settle
from tui.app import create_app
from tui.printable import printable
from tui.widgets.article_list import ArticleTable
from tui.widgets.entity_sidebar import EntitySidebar
from tui.widgets.reader import Reader
from tui.widgets.related_panel import RelatedPanel
from tui.widgets.search_bar import Chip, SearchBar

EXPLORER = Path(sys.executable).parent / "explorer"
SIZE = (140, 40)
OWN_LINK = re.compile(r"follow\(\d+\)")  # the only click action a link built from file text may carry


def terminal_controls(text: str) -> list[str]:
    """The characters a terminal would act on or that disguise text: C0 but newline and tab,
    DEL, C1, bidi embeddings, overrides and isolates. Defined here, not taken from the code under test."""
    found = {
        f"U+{ord(c):04X}"
        for c in text
        if (ord(c) < 0x20 and c not in "\n\t")
        or 0x7F <= ord(c) < 0xA0
        or 0x202A <= ord(c) <= 0x202E
        or 0x2066 <= ord(c) <= 0x2069
    }
    return sorted(found)


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> dict:
    root = tmp_path_factory.mktemp("hostile")
    shots = root / "shots"
    shots.mkdir()
    carried = write_corpus(root / "articles", shots)
    index_dir = root / "ix"
    indexed = explorer("index", "--articles", str(root / "articles"), "--index", str(index_dir))
    with Library.open(index_dir) as library:
        names = [e.name for e in library.entities()]
    # The attack reached the index: otherwise these tests would prove nothing.
    assert any("[/]" in n for n in names) and any("\x1b" in n for n in names), names
    return {"index": index_dir, "articles": root / "articles", "shots": shots, "carried": carried, "indexed": indexed}


def explorer(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(EXPLORER), *args],
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, "COLUMNS": "220"},  # wide enough that no field is cut short
    )


def run(hostile: dict, *args: str) -> subprocess.CompletedProcess[str]:
    return explorer(*args, "--index", str(hostile["index"]), "--articles", str(hostile["articles"]))


def assert_clean(result: subprocess.CompletedProcess[str], code: int = 0) -> None:
    assert "Traceback" not in result.stderr, result.stderr
    assert result.returncode == code, result.stderr
    assert terminal_controls(result.stdout) == [], result.stdout
    assert terminal_controls(result.stderr) == [], result.stderr


# The sanitiser ----------------------------------------------------------------------------


def test_printable_shows_each_control_as_one_visible_character() -> None:
    every = "".join(chr(c) for c in [*range(0x20), 0x7F, *range(0x80, 0xA0), *range(0x202A, 0x202F), 0x2066, 0x2069])
    shown = printable(f"a{every}b\udcff")  # and a lone surrogate, os.fsdecode's stand-in for a bad byte
    assert len(shown) == len(every) + 3  # one for one: entity and match offsets still hold
    assert terminal_controls(shown) == [] and "\udcff" not in shown
    assert printable("\x1b]0;x\x07") == "␛]0;x␇" and printable("line\n\tnext") == "line\n\tnext"
    assert printable("Acme[/] Corp ’quoted’ — Ünïcode") == "Acme[/] Corp ’quoted’ — Ünïcode"


# The command line --------------------------------------------------------------------------


def test_index_summary_names_a_hostile_file_name_visibly(hostile: dict) -> None:
    result = hostile["indexed"]
    assert_clean(result, code=1)  # one file skipped, by the documented exit code
    assert "skipped" in result.stdout and "␛]0;pwned" in result.stdout


def test_progress_bar_shows_a_hostile_file_name_visibly(tmp_path: Path) -> None:
    """On a terminal, `explorer index` shows the file being indexed; its last frame, the only file."""
    folder = tmp_path / "one"
    folder.mkdir()
    (folder / "named \x1b]0;pwned\x07 \x9b2J [@click=app.quit]q.md").write_text(
        "---\ntitle: Drought\n---\n\nReservoirs across Catalonia have fallen below a fifth of their capacity.\n",
        encoding="utf-8",
    )
    result = subprocess.run(
        [str(EXPLORER), "index", "--articles", str(folder), "--index", str(tmp_path / "ix")],
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, "TTY_COMPATIBLE": "1"},  # Rich takes stderr for a terminal: the progress bar shows
    )
    assert result.returncode == 0, result.stderr
    # Rich's own escape codes colour the bar; none of the file name's may pass.
    assert "\x1b]" not in result.stderr and "\x9b" not in result.stderr and "\x07" not in result.stderr
    assert "named ␛]0;pwned␇ �2J [@click=app.quit]q" in result.stderr


def test_list_shows_every_field_literally(hostile: dict) -> None:
    for sort in ("date", "title"):
        result = run(hostile, "list", "--sort", sort)
        assert_clean(result)
        assert "Bank story 0 [/]" in result.stdout
        assert "␛" in result.stdout and "named-5-␛[2J" in result.stdout


def test_search_results_suggestion_and_reasons_are_printable(hostile: dict) -> None:
    for query in (["bank"], ["bank", "--explain"], ["bankk", "[/]"], ["bank", "--sort", "date", "--limit", "30"]):
        assert_clean(run(hostile, "search", *query))
    suggested = run(hostile, "search", "bankk [/]")
    assert "Did you mean bank [/]?" in suggested.stdout


def test_show_related_and_entities_of_every_hostile_article(hostile: dict) -> None:
    for article_id in hostile["carried"]:
        for command in ("show", "related", "entities"):
            result = run(hostile, command, article_id)
            assert_clean(result)
    shown = run(hostile, "show", "hostile-1").stdout
    assert f"[@click=app.screenshot('{SHOT}'" in shown  # the title, as plain characters
    assert_clean(run(hostile, "entities"))
    assert "Acme[/] Corp" in run(hostile, "entities").stdout


def test_errors_that_quote_the_user_s_text_are_printable(hostile: dict) -> None:
    assert_clean(run(hostile, "show", "no such \x1b]0;pwned\x07 id"), code=2)
    assert_clean(run(hostile, "search", "date:[\x1b[2J"), code=2)
    assert_clean(run(hostile, "search", "--limit", "\x1b]52;c;SGVsbG8=\x07", "bank"), code=2)


def test_json_escapes_controls_and_keeps_the_values(hostile: dict) -> None:
    with Library.open(hostile["index"]) as library:
        for article_id in hostile["carried"]:
            result = run(hostile, "show", article_id, "--json")
            assert_clean(result)
            shown = json.loads(result.stdout)
            article = library.article(article_id)
            assert (shown["id"], shown["title"], shown["source"], shown["authors"]) == (
                article.id,
                article.title,
                article.source,
                article.authors,
            )
    for command in (["list"], ["search", "bank"], ["entities"], ["related", "hostile-0"]):
        assert_clean(run(hostile, *command, "--json"))


# The app -----------------------------------------------------------------------------------


async def open_article(pilot, article_id: str) -> None:
    pilot.app.action_open_article(article_id)
    await settle(pilot)
    assert pilot.app.query_one(Reader).article.id == article_id


def assert_unharmed(app, hostile: dict) -> None:
    """Nothing the files asked for happened, and the screen holds no control character."""
    assert app.is_running and app.return_code is None
    assert list(hostile["shots"].iterdir()) == []
    assert terminal_controls(app.export_screenshot()) == []


def link_cells(app, widget) -> dict[str, tuple[int, int]]:
    """Each click action on the widget's lines, with the first screen cell that carries it."""
    region = widget.region
    found: dict[str, tuple[int, int]] = {}
    for y in range(region.y, region.bottom):
        for x in range(region.x, region.right):
            action = app.screen.get_style_at(x, y).meta.get("@click")
            if action is not None and action not in found:
                found[str(action)] = (x, y)
    return found


async def test_hostile_articles_show_literally_with_no_escape_codes(hostile: dict) -> None:
    async with create_app(hostile["index"]).run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert_unharmed(pilot.app, hostile)
        for article_id in hostile["carried"]:
            await open_article(pilot, article_id)
            assert_unharmed(pilot.app, hostile)
        await open_article(pilot, "hostile-1")
        title = str(pilot.app.query_one("#reader-title", Static).render())
        assert f"[@click=app.screenshot('{SHOT}'" in title


async def test_byline_and_banner_links_carry_no_file_text_and_run_nothing_of_it(hostile: dict) -> None:
    async with create_app(hostile["index"]).run_test(size=SIZE) as pilot:
        await settle(pilot)
        # Sources that close the action's argument (byline, banner), and ids that do (the banner of
        # named-0-[], whose copies' file names hold markup and quotes).
        for article_id in ("hostile-1", "hostile-2", "hostile-0", "named-0-[]"):
            await open_article(pilot, article_id)
            for line in ("#reader-byline", "#reader-banner"):
                links = link_cells(pilot.app, pilot.app.query_one(line, Static))
                for number in range(len(links)):
                    await open_article(pilot, article_id)
                    # Found again each time: a filter chip added by the last click moves the reader down.
                    x, y = list(link_cells(pilot.app, pilot.app.query_one(line, Static)).values())[number]
                    await pilot.click(offset=(x, y))
                    await settle(pilot)
                    assert_unharmed(pilot.app, hostile)
                assert all(OWN_LINK.fullmatch(action) for action in links), links
        # The links still do their job: a banner link opens that copy, a source link filters by it.
        await open_article(pilot, "hostile-0")
        banner = pilot.app.query_one("#reader-banner", Static)
        x, y = link_cells(pilot.app, banner)["follow(0)"]
        await pilot.click(offset=(x, y))
        await settle(pilot)
        assert pilot.app.query_one(Reader).article.id != "hostile-0"
        await open_article(pilot, "hostile-2")
        x, y = link_cells(pilot.app, pilot.app.query_one("#reader-byline", Static))["follow(0)"]
        await pilot.click(offset=(x, y))
        await settle(pilot)
        chips = [str(chip.label) for chip in pilot.app.query(Chip)]
        assert chips[-1] == "source: Outlet 2 ')] [@click=app.quit]q[/] ✕"  # the last filter added
        assert_unharmed(pilot.app, hostile)


ECHOES = {
    "bank [/]": "‘bank [/]’",  # the list header quotes the query
    "bankk [/]": "Did you mean bank [/]?",  # the did-you-mean line
    "[@click=app.quit]": "‘[@click=app.quit]’",
    "date:[b]": "date:[b] is not a whole date yet",  # while typing: the unfinished date, brackets and all
}


@pytest.mark.parametrize("query", ECHOES)
async def test_typed_markup_is_echoed_literally(hostile: dict, query: str) -> None:
    async with create_app(hostile["index"]).run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("slash", *query)
        await settle(pilot)
        assert pilot.app.query_one(SearchBar).input.value == query
        header = str(pilot.app.query_one("#list-header", Static).render())
        status = str(pilot.app.query_one("#search-status", Static).render())
        assert ECHOES[query] in header + status, (header, status)
        assert_unharmed(pilot.app, hostile)


async def test_entity_pane_and_its_filter_chip_show_hostile_names(hostile: dict) -> None:
    async with create_app(hostile["index"]).run_test(size=SIZE) as pilot:
        await settle(pilot)
        await open_article(pilot, "hostile-0")
        await pilot.press("e")
        await settle(pilot)
        sidebar = pilot.app.query_one(EntitySidebar)
        for scope in ("article", "corpus"):
            labels = [str(node.label) for node in _leaves(sidebar)]
            assert any(label.startswith("Acme[/] Corp") for label in labels), (scope, labels)
            assert_unharmed(pilot.app, hostile)
            await pilot.press("t")
            await settle(pilot)
        node = next(node for node in _leaves(sidebar) if str(node.label).startswith("Globex"))
        sidebar.move_cursor(node)
        await pilot.press("enter")
        await settle(pilot)
        assert [str(chip.label) for chip in pilot.app.query(Chip)] == ["Globex␛]52;c;SGVsbG8= Corp ✕"]
        assert_unharmed(pilot.app, hostile)


async def test_related_panel_and_why_screen_show_hostile_titles(hostile: dict) -> None:
    async with create_app(hostile["index"]).run_test(size=SIZE) as pilot:
        await settle(pilot)
        await open_article(pilot, "hostile-0")
        await pilot.press("r")
        related = pilot.app.query_one(RelatedPanel)
        ids = [related.get_option_at_index(i).id for i in range(related.option_count)]
        related.highlighted = ids.index("related")
        await pilot.press("w")
        await settle(pilot)
        heading = str(pilot.app.screen.query(Static).first().render())
        assert heading.startswith("Why ‘Protests [/] [@click=app.screenshot(")
        assert_unharmed(pilot.app, hostile)
        await pilot.press("escape")
        pilot.app.query_one(ArticleTable).focus()
        await pilot.press("slash", *"bank", "enter")
        await settle(pilot)
        await pilot.press("w")  # why the first search hit (a hostile title) matched
        await settle(pilot)
        assert_unharmed(pilot.app, hostile)


def _leaves(sidebar: EntitySidebar) -> list:
    return [leaf for group in sidebar.root.children for leaf in group.children]
