"""The real console script in a real terminal (tmux), read back with capture-pane."""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed"),
]
EXPLORER = Path(sys.executable).parent / "explorer"


class Terminal:
    def __init__(self, command: str, width: int = 120, height: int = 40) -> None:
        self.name = f"explorer-test-{uuid.uuid4().hex[:8]}"
        subprocess.run(
            ["tmux", "new-session", "-d", "-s", self.name, "-x", str(width), "-y", str(height), command],
            check=True,
        )

    def screen(self) -> str:
        return subprocess.run(
            ["tmux", "capture-pane", "-p", "-t", self.name], capture_output=True, text=True, check=True
        ).stdout

    def wait_until_gone(self, text: str, timeout: float = 30) -> str:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            screen = self.screen()
            if text not in screen:
                return screen
            time.sleep(0.2)
        raise AssertionError(f"{text!r} never went away; the screen was:\n{self.screen()}")

    def wait_for(self, text: str, timeout: float = 60) -> str:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            screen = self.screen()
            if text in screen:
                return screen
            time.sleep(0.2)
        raise AssertionError(f"{text!r} never appeared; the screen was:\n{self.screen()}")

    def wait_for_count(self, count: str, then: str, timeout: float = 60) -> str:
        """The list's header `count · then`, with or without the count of stories between
        them ("2 of 5 (1 story) · ‘oil’"): that is counted after the list is shown."""
        pattern = re.compile(re.escape(count) + r"( \(\d[\d,]* (story|stories)\))? · " + re.escape(then))
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            screen = self.screen()
            if pattern.search(screen):
                return screen
            time.sleep(0.2)
        raise AssertionError(f"{count} · {then} never appeared; the screen was:\n{self.screen()}")

    def send(self, keys: str, literal: bool = False) -> None:
        subprocess.run(["tmux", "send-keys", "-t", self.name, *(["-l"] if literal else []), keys], check=True)
        time.sleep(0.1)

    def close(self) -> None:
        subprocess.run(["tmux", "kill-session", "-t", self.name], capture_output=True)


def filter_entities(terminal: Terminal, name: str) -> None:
    """On the entity panel: f, a name, then back to the tree (Down), each key once the one
    before it shows, so that none lands before the filter line is open or after it closed."""
    terminal.send("f")
    terminal.wait_for("filter: ▏")
    terminal.send(name, literal=True)
    terminal.wait_for(f"filter: {name}▏")
    terminal.send("Down")
    terminal.wait_for(f"filter: {name} · Esc")


@pytest.fixture
def terminal_for():
    opened: list[Terminal] = []

    def open_terminal(*args: str, env: dict[str, str] | None = None, size: tuple[int, int] = (120, 40)) -> Terminal:
        # COLUMNS/LINES are dropped unless a test sets them: a runner that exports them would otherwise
        # decide the size of every program in the terminal.
        # PYTHONPATH too: a tmux server started earlier would hand a new session its own environment.
        chosen = {k: os.environ[k] for k in ("XDG_DATA_HOME", "PATH", "PYTHONPATH") if k in os.environ} | (env or {})
        assignments = " ".join(f"{k}={shlex.quote(v)}" for k, v in chosen.items())
        command = f"env -u COLUMNS -u LINES {assignments} {shlex.quote(str(EXPLORER))} {shlex.join(args)}"
        command += "; echo EXIT=$?; sleep 60"
        opened.append(Terminal(command, *size))
        return opened[-1]

    yield open_terminal
    for terminal in opened:
        terminal.close()


def test_index_shows_a_progress_bar_and_a_summary(terminal_for, corpus: Path, tmp_path: Path) -> None:
    count = len(list(corpus.glob("*.txt")))
    terminal = terminal_for("index", "--articles", str(corpus), "--index", str(tmp_path / "ix"))
    screen = terminal.wait_for("EXIT=")
    assert "Indexing" in screen and f"{count}/{count}" in screen
    assert f"{count} articles indexed: {count} added" in screen
    assert "EXIT=0" in screen


def test_an_exact_copy_is_indexed_once_and_exits_0(terminal_for, tmp_path: Path) -> None:
    folder = tmp_path / "mine"
    folder.mkdir()
    story = "# Harbour Strike Ends\n\nDock workers ended a nine-day strike on Friday.\n"
    for name in ("strike.md", "strike-copy.md"):
        (folder / name).write_text(story, encoding="utf-8")
    terminal = terminal_for("index", "--articles", str(folder), "--index", str(tmp_path / "ix"))
    screen = terminal.wait_for("EXIT=")
    assert "1 article indexed: 1 added" in screen and "1 copy of files already indexed" in screen
    assert "EXIT=0" in screen


def test_search_prints_highlighted_results_in_a_terminal(terminal_for, corpus: Path, tmp_path: Path) -> None:
    terminal = terminal_for("search", "Venezeula", "--articles", str(corpus), "--index", str(tmp_path / "ix"))
    screen = terminal.wait_for("EXIT=")
    assert "0 articles match ‘Venezeula’" in screen
    assert "Did you mean Venezuela?" in screen
    assert "EXIT=0" in screen


def test_app_in_a_real_terminal_search_open_and_quit(terminal_for, corpus: Path, tmp_path: Path) -> None:
    from index.library import Library, build_index

    index_dir = tmp_path / "ix"
    build_index(corpus, index_dir)
    with Library.open(index_dir) as library:
        first = library.search("kalashnikov").hits[0]
        total = library.search("kalashnikov").total
        most_named = library.entities("person")[0].name  # People come first in the panel
    # A stale exported size must not pin the app to 80x24 in a 120x40 terminal.
    terminal = terminal_for("--articles", str(corpus), "--index", str(index_dir), env={"COLUMNS": "80", "LINES": "24"})
    terminal.wait_for(" · newest first")
    terminal.wait_for("q Quit")  # the footer is drawn: the app takes keys
    terminal.send("e")  # below 140 columns the side panels fold away until asked for
    terminal.wait_for("Entities: the corpus")
    terminal.wait_for(most_named)  # the corpus entities fill in once the app has started
    terminal.send("Escape")
    # Back on the list before the next key: an Esc followed at once by "/" would read as alt+/.
    terminal.wait_until_gone("Entities: the corpus")
    terminal.send("/")
    # The box takes printable keys, so the footer stops offering "q Quit": the box has the focus.
    terminal.wait_until_gone("q Quit")
    terminal.send("kalashnikov", literal=True)
    # As typed, the word is also the start of longer words: ‘kalashnikov…’.
    terminal.wait_for_count(f"{total} of {len(list(corpus.glob('*.txt')))}", "‘kalashnikov…’")
    terminal.send("Enter")
    terminal.send("Enter")
    terminal.wait_for("of the search · n next")  # the reader holds the article, and counts its matches
    screen = terminal.wait_for(first.source + " · " + first.date)
    assert first.title[:30] in screen
    terminal.send("e")
    terminal.wait_for("Entities: this article")
    terminal.send("q")
    assert "EXIT=0" in terminal.wait_for("EXIT=")


def test_esc_backs_out_of_a_side_panel_keeping_the_search_at_80x24(terminal_for, corpus: Path, tmp_path: Path) -> None:
    from index.library import Library, build_index

    index_dir = tmp_path / "ix"
    build_index(corpus, index_dir)
    with Library.open(index_dir) as library:
        first = library.search("kalashnikov").hits[0]
    terminal = terminal_for("--articles", str(corpus), "--index", str(index_dir), size=(80, 24))
    terminal.wait_for(" · newest first")
    terminal.wait_for("q Quit")  # the footer is drawn: the app takes keys
    terminal.send("/")
    terminal.wait_until_gone("q Quit")  # the box has the focus
    terminal.send("kalashnikov", literal=True)
    terminal.send("Enter")
    terminal.wait_for("· ‘kalashnikov’")  # the header: "2 of 5 · ‘kalashnikov’"
    terminal.wait_for(first.title[:15])
    terminal.send("e")  # at 80 columns the entity panel takes the list's place
    terminal.wait_until_gone(first.title[:15])
    terminal.send("Escape")
    terminal.wait_for(first.title[:15])  # the list is back
    time.sleep(1)  # a search Esc had wrongly cleared would have repainted by now
    box, rest = terminal.screen().split("\n", 3)[:3], terminal.screen()
    assert any("kalashnikov" in line for line in box), rest  # the query is still in the box
    assert "· ‘kalashnikov’" in rest  # and the list still holds its results
    terminal.send("q")
    assert "EXIT=0" in terminal.wait_for("EXIT=")


def test_typing_a_prefix_without_enter_lists_the_articles_with_words_it_starts(
    terminal_for, corpus: Path, tmp_path: Path
) -> None:
    from index.library import Library, build_index

    index_dir = tmp_path / "ix"
    build_index(corpus, index_dir)
    with Library.open(index_dir) as library:
        lavrov = library.search("lavrov")
        assert library.search("lavr").total == 0  # no word of the index as it stands
    terminal = terminal_for("--articles", str(corpus), "--index", str(index_dir))
    terminal.wait_for(" · newest first")
    terminal.wait_for("q Quit")  # the footer is drawn: the app takes keys
    terminal.send("/")
    terminal.wait_until_gone("q Quit")  # the box has the focus
    terminal.send("lavr", literal=True)  # and no Enter
    screen = terminal.wait_for_count(f"{lavrov.total} of {len(list(corpus.glob('*.txt')))}", "‘lavr…’")
    screen = terminal.wait_for(lavrov.hits[0].title[:30])
    assert "Enter searches lavr exactly" in screen
    terminal.send("Enter")  # Enter searches the word as written
    terminal.wait_for("0 of 5 · ‘lavr’")
    terminal.send("q")
    assert "EXIT=0" in terminal.wait_for("EXIT=")


def test_a_new_folder_opens_the_app_at_once_and_its_articles_come_in(terminal_for, tmp_path: Path) -> None:
    from tests.synthetic import generate

    folder = tmp_path / "new"
    folder.mkdir()
    generate(folder, 80, 4)
    count = len(list(folder.iterdir()))
    terminal = terminal_for("--articles", str(folder), "--index", str(tmp_path / "ix"))
    terminal.wait_for("q Quit", timeout=20)  # the app, not a progress bar before it
    terminal.wait_for("Finding names:")  # the names pass: the text is in
    screen = terminal.wait_for(f"{count} articles", timeout=5)  # and listed, searchable
    assert "Finding names:" in screen
    terminal.wait_until_gone("Finding names:", timeout=120)
    terminal.send("e")
    screen = terminal.wait_for("Entities: the corpus")
    assert "so far" not in terminal.wait_for("People")
    terminal.send("q")
    assert "EXIT=0" in terminal.wait_for("EXIT=")


def test_marks_made_in_the_app_are_there_after_a_restart(terminal_for, corpus: Path, tmp_path: Path) -> None:
    """Star, tag and note the newest article in the real app, quit, open it again: a search of
    your marks finds it, and the reader shows them under its byline (issue 18)."""
    from index.library import Library, build_index

    index_dir = tmp_path / "ix"
    build_index(corpus, index_dir)
    with Library.open(index_dir) as library:
        newest = library.latest(1)[0]
    where = ["--articles", str(corpus), "--index", str(index_dir)]
    terminal = terminal_for(*where)
    terminal.wait_for("q Quit")
    terminal.send("Enter")  # the newest article, at the top of the list
    terminal.wait_for(newest.source + " · " + newest.date)
    terminal.send("F")
    terminal.wait_for("★ starred")
    terminal.send("T")
    terminal.wait_for("Enter saves, Esc cancels")
    terminal.send('oil "follow up"', literal=True)
    terminal.send("Enter")
    terminal.wait_until_gone("Enter saves, Esc cancels")
    terminal.wait_for('#"follow up"')
    terminal.send("A")
    terminal.wait_for("Enter saves, Esc cancels")
    terminal.send("ask the port authority", literal=True)
    terminal.send("Enter")
    # The typed note is on screen in the prompt too; the key after it must reach the app, not the
    # prompt that is closing, so wait for the prompt to go and the note to show under the byline.
    terminal.wait_until_gone("Enter saves, Esc cancels")
    terminal.wait_for("✎ ")
    terminal.send("q")
    assert "EXIT=0" in terminal.wait_for("EXIT=")

    again = terminal_for(*where)
    again.wait_for("q Quit")
    again.send("/")
    again.wait_until_gone("q Quit")
    again.send('is:starred tag:"follow up" note:port', literal=True)
    again.send("Enter")
    again.wait_for(f"1 of {len(list(corpus.glob('*.txt')))}")
    again.send("Enter")
    screen = again.wait_for("ask the port authority")
    assert "★ starred" in screen and "#oil" in screen and newest.title[:30] in screen
    again.send("q")
    assert "EXIT=0" in again.wait_for("EXIT=")


@pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])
def test_timeline_and_entity_pivot_in_a_real_terminal(terminal_for, corpus: Path, tmp_path: Path, size) -> None:
    """H: the list over time, Enter on the tallest period filters to it; then on the entity
    panel, p on a person: who is named with them, Enter pivots, a lists the articles (issue 19)."""
    from index.library import Library, build_index

    index_dir = tmp_path / "ix"
    build_index(corpus, index_dir)
    with Library.open(index_dir) as library:
        busiest = max(library.timeline("").buckets, key=lambda b: b.articles)
        person = library.entities("person")[0]
        pivot = library.entity_pivot(person.id)
        beside = pivot.with_[0]
    terminal = terminal_for("--articles", str(corpus), "--index", str(index_dir), size=size)
    terminal.wait_for("q Quit")
    terminal.send("H")
    terminal.wait_for("Enter filters the list to a period")
    assert busiest.period in terminal.wait_for(f"{busiest.articles} articles · {busiest.stories} stories")
    terminal.send("Enter")  # the cursor starts on the tallest bar
    terminal.wait_until_gone("Enter filters the list to a period")
    terminal.wait_for(f"date: {busiest.period}")  # the chip
    terminal.wait_for_count(f"{busiest.articles} of {len(list(corpus.glob('*.txt')))}", busiest.period)

    terminal.send("e")
    terminal.wait_for("Entities:")
    filter_entities(terminal, person.name.split()[-1])  # the panel's name filter, then back to the tree
    terminal.send("p")
    screen = terminal.wait_for("Named with it")
    assert f"{person.name} · person · {pivot.articles} articles, {pivot.stories} stories" in screen
    terminal.send("Enter")  # the first name beside it: pivot
    terminal.wait_for(f"{beside.name} · {beside.type}")
    terminal.send("a")  # its articles in the list
    terminal.wait_until_gone("Named with it")
    terminal.wait_for(beside.name)
    terminal.send("q")
    assert "EXIT=0" in terminal.wait_for("EXIT=")


@pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])
def test_an_entity_renamed_in_a_real_terminal_is_found_by_its_new_name(
    terminal_for, corpus: Path, tmp_path: Path, size
) -> None:
    """R on the entity panel, a new name, Enter: the panel shows it, and after a restart a
    person: search by the new name finds the entity's articles (issue 19)."""
    from index.library import Library, build_index

    index_dir = tmp_path / "ix"
    build_index(corpus, index_dir)
    with Library.open(index_dir) as library:
        person = library.entities("person")[0]
    where = ["--articles", str(corpus), "--index", str(index_dir)]
    terminal = terminal_for(*where, size=size)
    terminal.wait_for("q Quit")
    terminal.send("e")
    terminal.wait_for("Entities:")
    filter_entities(terminal, person.name.split()[-1])
    terminal.send("R")
    terminal.wait_for(f"Rename ‘{person.name}’ to")
    terminal.send("Zed Quorum", literal=True)
    terminal.send("Enter")
    terminal.wait_until_gone(f"Rename ‘{person.name}’ to")
    terminal.wait_for("Renamed to ‘Zed Quorum’")
    terminal.send("q")
    assert "EXIT=0" in terminal.wait_for("EXIT=")
    search = terminal_for("search", 'person:"Zed Quorum"', "--limit", "1", *where, size=size)
    assert f"{person.articles} articles" in search.wait_for("EXIT=0")
