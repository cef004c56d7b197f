"""An exact copy of a file under another name is one article at several paths: indexed once,
shown with all its paths, counted as a copy, and no failure (exit 0)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from index.build.known_files import COPIES, FILES
from index.library import ArticleNotFound, Library, build_index
from index.records import SameFile

EXPLORER = Path(sys.executable).parent / "explorer"

DROUGHT = """# Drought Empties the Reservoirs of Catalonia

By Jordi Puig

March 3, 2024

Reservoirs across Catalonia have fallen below a fifth of their capacity, officials said on Sunday.
"""

STRIKE = """# Harbour Strike Ends in Valparaiso

By Ana Lima

February 2, 2024

Dock workers in Valparaiso ended a nine-day strike on Friday after the port authority agreed to talks.
"""


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    root = tmp_path / "mine"
    root.mkdir()
    (root / "a.md").write_text(DROUGHT, encoding="utf-8")
    (root / "b.md").write_text(DROUGHT, encoding="utf-8")
    (root / "strike.md").write_text(STRIKE, encoding="utf-8")
    return root


def article(index_dir: Path, article_id: str):
    with Library.open(index_dir) as library:
        return library.article(article_id)


def indexed_with_a_copy(folder: Path, index_dir: Path) -> None:
    """The starting point of the changes below: 'a' indexed once, from a.md, also at b.md."""
    build_index(folder, index_dir)
    assert article(index_dir, "a").other_paths == [str(folder / "b.md")]


def test_an_exact_copy_is_one_article_at_two_paths(folder: Path, tmp_path: Path) -> None:
    report = build_index(folder, tmp_path / "ix")
    assert sorted(report.added) == ["a", "strike"]
    assert report.skipped == []
    assert report.copies == [SameFile(str(folder / "b.md"), str(folder / "a.md"))]
    drought = article(tmp_path / "ix", "a")
    assert (drought.path, drought.other_paths) == (str(folder / "a.md"), [str(folder / "b.md")])
    assert article(tmp_path / "ix", "strike").other_paths == []
    with Library.open(tmp_path / "ix") as library, pytest.raises(ArticleNotFound):
        library.article("b")


def test_a_new_copy_that_sorts_first_does_not_change_the_id(folder: Path, tmp_path: Path) -> None:
    build_index(folder, tmp_path / "ix")
    (folder / "0.md").write_text(DROUGHT, encoding="utf-8")
    report = build_index(folder, tmp_path / "ix")
    assert (report.added, report.updated, report.removed, report.skipped) == ([], [], [], [])
    assert [c.path for c in report.copies] == [str(folder / "0.md"), str(folder / "b.md")]
    assert article(tmp_path / "ix", "a").other_paths == [str(folder / "0.md"), str(folder / "b.md")]
    again = build_index(folder, tmp_path / "ix")  # and it stays so, run after run
    assert (again.added, again.removed, again.unchanged) == ([], [], 2)
    assert article(tmp_path / "ix", "a").other_paths == [str(folder / "0.md"), str(folder / "b.md")]


def test_when_the_indexed_file_goes_the_copy_keeps_the_article(folder: Path, tmp_path: Path) -> None:
    indexed_with_a_copy(folder, tmp_path / "ix")
    (folder / "a.md").unlink()
    report = build_index(folder, tmp_path / "ix")
    assert (report.added, report.removed, report.copies, report.skipped) == (["b"], ["a"], [], [])
    drought = article(tmp_path / "ix", "b")
    assert (drought.title, drought.path, drought.other_paths) == (
        "Drought Empties the Reservoirs of Catalonia",
        str(folder / "b.md"),
        [],
    )
    with Library.open(tmp_path / "ix") as library:
        assert library.count() == 2
        assert [hit.id for hit in library.search("reservoirs").hits] == ["b"]


def test_when_a_copy_goes_the_article_stays(folder: Path, tmp_path: Path) -> None:
    indexed_with_a_copy(folder, tmp_path / "ix")
    (folder / "b.md").unlink()
    report = build_index(folder, tmp_path / "ix")
    assert (report.added, report.removed, report.copies, report.unchanged) == ([], [], [], 2)
    assert article(tmp_path / "ix", "a").other_paths == []


def test_an_edited_copy_becomes_its_own_article(folder: Path, tmp_path: Path) -> None:
    indexed_with_a_copy(folder, tmp_path / "ix")
    (folder / "b.md").write_text(DROUGHT + "\nThe regional government declared an emergency.\n", encoding="utf-8")
    report = build_index(folder, tmp_path / "ix")
    assert (report.added, report.updated, report.removed, report.copies) == (["b"], [], [], [])
    assert article(tmp_path / "ix", "a").other_paths == []
    assert article(tmp_path / "ix", "b").paragraphs[-1] == "The regional government declared an emergency."


def explorer(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(EXPLORER), *args], capture_output=True, text=True, timeout=120, env=os.environ.copy())


def test_the_command_line_counts_copies_shows_their_paths_and_exits_0(folder: Path, tmp_path: Path) -> None:
    where = ["--articles", str(folder), "--index", str(tmp_path / "ix")]
    indexed = explorer("index", "--json", *where)
    assert indexed.returncode == 0, indexed.stderr
    report = json.loads(indexed.stdout)
    assert (report["skipped"], report["total"]) == ([], 2)
    assert report["copies"] == [{"path": str(folder / "b.md"), "same_as": str(folder / "a.md")}]
    again = explorer("index", *where)  # nothing changed: the copy is still no failure
    assert again.returncode == 0, again.stderr
    assert "0 skipped, 1 copy of files already indexed" in again.stdout
    assert f"copy {folder / 'b.md'}: same content as {folder / 'a.md'}" in again.stdout
    shown = json.loads(explorer("show", "a", "--json", *where).stdout)
    assert (shown["path"], shown["other_paths"]) == (str(folder / "a.md"), [str(folder / "b.md")])
    text = explorer("show", "a", *where).stdout
    assert f"file {folder / 'a.md'}" in text and f"file {folder / 'b.md'}" in text


def test_a_real_skip_beside_a_copy_still_exits_1(folder: Path, tmp_path: Path) -> None:
    (folder / "empty.md").write_bytes(b"")
    indexed = explorer("index", "--json", "--articles", str(folder), "--index", str(tmp_path / "ix"))
    assert indexed.returncode == 1
    report = json.loads(indexed.stdout)
    assert [Path(s["path"]).name for s in report["skipped"]] == ["empty.md"]
    assert [Path(c["path"]).name for c in report["copies"]] == ["b.md"]


def test_a_file_found_twice_is_not_its_own_copy(folder: Path, tmp_path: Path) -> None:
    (folder / "sub").mkdir()
    (folder / "sub" / "strike.md").write_text(STRIKE + "\nTalks begin on Monday.\n", encoding="utf-8")
    report = build_index(folder, tmp_path / "ix", add=[folder / "sub"])  # an added folder inside the articles
    assert report.skipped == []
    assert [(Path(c.path).name, Path(c.same_as).name) for c in report.copies] == [("b.md", "a.md")]
    assert "sub/strike" in report.added


def test_the_copies_are_read_from_their_own_small_file(folder: Path, tmp_path: Path) -> None:
    """Opening an article reads the copies' file, not files.json (31 MB at 100k articles,
    which took about 430 MB for a moment to parse); an index written before the copies had a
    file of their own still finds them in files.json."""
    indexed_with_a_copy(folder, tmp_path / "ix")
    whole = (tmp_path / "ix" / FILES).read_bytes()
    (tmp_path / "ix" / FILES).write_bytes(b"{}")  # what it says is no longer read by the app
    assert article(tmp_path / "ix", "a").other_paths == [str(folder / "b.md")]
    (tmp_path / "ix" / FILES).write_bytes(whole)
    (tmp_path / "ix" / COPIES).unlink()
    assert article(tmp_path / "ix", "a").other_paths == [str(folder / "b.md")]
