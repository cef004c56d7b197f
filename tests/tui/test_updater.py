"""The app's background index update: a child `explorer index`, cancelled cleanly."""

from __future__ import annotations

from pathlib import Path

from index.library import Library, build_index
from tui.updater import run_update


def test_a_cancelled_update_leaves_the_index_as_it_was(corpus: Path, tmp_path: Path) -> None:
    index_dir = tmp_path / "ix"
    build_index(corpus, index_dir)
    with Library.open(index_dir) as library:
        before = sorted(a.id for a in library.articles())
    for n, path in enumerate(sorted(corpus.glob("*.txt"))):
        (corpus / f"copy-{n}.txt").write_text(path.read_text(encoding="utf-8") + "\nA new paragraph.\n")
    seen: list[tuple[int, int]] = []
    ok, summary = run_update(
        corpus, index_dir, lambda done, total, phase: seen.append((done, total)), lambda: bool(seen)
    )
    assert (ok, summary) == (False, "index update cancelled")
    with Library.open(index_dir) as library:
        assert sorted(a.id for a in library.articles()) == before


def test_an_update_reports_what_it_changed(corpus: Path, tmp_path: Path) -> None:
    index_dir = tmp_path / "ix"
    build_index(corpus, index_dir)
    (corpus / "late.md").write_text("---\ntitle: A late note\ndate: 2019-05-01\n---\n\nSomething happened later.\n")
    ok, summary = run_update(corpus, index_dir, lambda done, total, phase: None, lambda: False)
    assert ok and summary == "Index updated: 1 added, 0 updated, 0 removed, 0 skipped; names found in 1 article"


def test_an_update_that_could_not_run_says_why_and_never_that_it_updated(corpus: Path, tmp_path: Path) -> None:
    foreign = tmp_path / "not-an-index"
    foreign.mkdir()
    (foreign / "notes.txt").write_text("a user's own file\n")
    ok, summary = run_update(corpus, foreign, lambda done, total, phase: None, lambda: False)
    assert not ok
    assert "not an explorer index" in summary and "updated" not in summary
    assert (foreign / "notes.txt").read_text() == "a user's own file\n"
