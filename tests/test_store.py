"""The on-disk index: incremental updates, rebuilds, interruptions and other writers."""

from __future__ import annotations

import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from index.library import IndexBusy, IndexInvalid, IndexMissing, Library, build_index, has_index

NEW_ARTICLE = """# Drought Empties the Reservoirs of Catalonia

**Farmers count the cost of a third dry winter.**

By Jordi Puig

March 3, 2024

Reservoirs across Catalonia have fallen below a fifth of their capacity, officials said on Sunday.

Farmers in the Ebro valley say the restrictions will cost them most of this year's harvest.
"""


def titles(index_dir: Path) -> set[str]:
    with Library.open(index_dir) as library:
        return {row.title for row in library.articles()}


def test_first_run_adds_every_article(corpus: Path, tmp_path: Path) -> None:
    report = build_index(corpus, tmp_path / "ix")
    assert len(report.added) == len(list(corpus.glob("*.txt")))
    assert not report.updated and not report.removed and not report.skipped
    assert has_index(tmp_path / "ix")


def test_second_run_reads_nothing_new(corpus: Path, tmp_path: Path) -> None:
    build_index(corpus, tmp_path / "ix")
    report = build_index(corpus, tmp_path / "ix")
    assert report.unchanged == len(list(corpus.glob("*.txt")))
    assert not (report.added or report.updated or report.removed)


def test_changed_added_and_deleted_files_are_applied(corpus: Path, tmp_path: Path) -> None:
    index_dir = tmp_path / "ix"
    build_index(corpus, index_dir)
    files = sorted(corpus.glob("*.txt"))
    changed, deleted = files[0], files[1]
    longest = max(changed.read_text(encoding="utf-8").splitlines(), key=len)  # a body paragraph
    changed.write_text(changed.read_text(encoding="utf-8").replace(longest, "A late addendum. " + longest))
    deleted.unlink()
    (corpus / "drought.md").write_text(NEW_ARTICLE, encoding="utf-8")

    report = build_index(corpus, index_dir)

    assert report.updated == [changed.stem]
    assert report.removed == [deleted.stem]
    assert report.added == ["drought"]
    assert report.unchanged == len(files) - 2
    with Library.open(index_dir) as library:
        assert "late addendum" in library.article(changed.stem).body
        assert library.search("Catalonia").hits[0].id == "drought"
        assert library.count() == len(files)


def test_files_in_subfolders_get_distinct_ids(corpus: Path, tmp_path: Path) -> None:
    for folder in ("a", "b"):
        (corpus / folder).mkdir()
        (corpus / folder / "story.md").write_text(NEW_ARTICLE.replace("Catalonia", folder.upper() + "land"))
    build_index(corpus, tmp_path / "ix")
    with Library.open(tmp_path / "ix") as library:
        assert {"a/story", "b/story"} <= {row.id for row in library.articles()}


def test_unreadable_article_is_skipped_with_a_reason_and_the_rest_indexed(corpus: Path, tmp_path: Path) -> None:
    (corpus / "empty.txt").write_text("  \n\n", encoding="utf-8")
    report = build_index(corpus, tmp_path / "ix")
    assert [(Path(s.path).name, s.reason) for s in report.skipped] == [("empty.txt", "empty file")]
    assert len(report.added) == len(list(corpus.glob("*.txt"))) - 1


def test_same_article_under_two_names_is_indexed_once(corpus: Path, tmp_path: Path) -> None:
    original = sorted(corpus.glob("*.txt"))[0]
    (corpus / "copy-of-it.txt").write_bytes(original.read_bytes())
    report = build_index(corpus, tmp_path / "ix")
    assert report.skipped == []  # one article at two paths is no failure
    assert [(Path(c.path).name, Path(c.same_as).name) for c in report.copies] == [("copy-of-it.txt", original.name)]
    assert original.stem in report.added and "copy-of-it" not in report.added


def test_interrupted_update_leaves_the_previous_index_usable(corpus: Path, tmp_path: Path) -> None:
    index_dir = tmp_path / "ix"
    build_index(corpus, index_dir)
    before = titles(index_dir)
    (corpus / "drought.md").write_text(NEW_ARTICLE, encoding="utf-8")
    for path in corpus.glob("0*.txt"):
        path.write_text(path.read_text(encoding="utf-8") + "\nEdited.\n", encoding="utf-8")

    def interrupt(done: int, total: int, current: str) -> None:
        if done == 3:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        build_index(corpus, index_dir, progress=interrupt)
    assert titles(index_dir) == before
    assert len(build_index(corpus, index_dir).updated) == len(list(corpus.glob("0*.txt")))


def test_interrupted_rebuild_keeps_the_old_index_and_leaves_no_debris(corpus: Path, tmp_path: Path) -> None:
    index_dir = tmp_path / "ix"
    build_index(corpus, index_dir)
    before = titles(index_dir)

    def interrupt(done: int, total: int, current: str) -> None:
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        build_index(corpus, index_dir, rebuild=True, progress=interrupt)
    assert titles(index_dir) == before
    assert sorted(p.name for p in tmp_path.iterdir() if not p.name.startswith(".")) == ["articles", "ix"]


def test_a_rebuild_clears_what_a_killed_rebuild_left(corpus: Path, tmp_path: Path) -> None:
    index_dir = tmp_path / "ix"
    build_index(corpus, index_dir)
    leftover = tmp_path / "ix.building-4242"  # a rebuild killed outright runs no cleanup
    leftover.mkdir()
    (leftover / "MAIN_x.seg").write_bytes(b"half an index")
    build_index(corpus, index_dir, rebuild=True)
    assert not leftover.exists()
    assert sorted(p.name for p in tmp_path.iterdir() if not p.name.startswith(".")) == ["articles", "ix"]


def test_rebuild_replaces_the_index(corpus: Path, tmp_path: Path) -> None:
    index_dir = tmp_path / "ix"
    build_index(corpus, index_dir)
    report = build_index(corpus, index_dir, rebuild=True)
    assert len(report.added) == len(list(corpus.glob("*.txt")))
    assert sorted(p.name for p in tmp_path.iterdir() if not p.name.startswith(".")) == ["articles", "ix"]


def test_a_folder_that_is_not_our_index_is_never_written_or_opened(corpus: Path, tmp_path: Path) -> None:
    foreign = tmp_path / "photos"
    foreign.mkdir()
    (foreign / "holiday.jpg").write_bytes(b"\xff\xd8\xff")
    with pytest.raises(IndexInvalid, match="not an explorer index"):
        build_index(corpus, foreign)
    with pytest.raises(IndexInvalid, match="not an explorer index"):
        build_index(corpus, foreign, rebuild=True)
    with pytest.raises(IndexInvalid, match="not an explorer index"):
        Library.open(foreign)
    assert [p.name for p in foreign.iterdir()] == ["holiday.jpg"]


def test_opening_a_missing_index_says_how_to_make_one(tmp_path: Path) -> None:
    with pytest.raises(IndexMissing, match="explorer index"):
        Library.open(tmp_path / "nothing-here")


def test_a_second_writer_waits_then_gets_a_clear_error(corpus: Path, tmp_path: Path) -> None:
    index_dir = tmp_path / "ix"
    build_index(corpus, index_dir)
    (corpus / "drought.md").write_text(NEW_ARTICLE, encoding="utf-8")
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            textwrap.dedent(f"""
                import sys, time
                from whoosh.filedb.filestore import FileStorage
                writer = FileStorage({str(index_dir)!r}, supports_mmap=False).open_index().writer()
                print("locked", flush=True)
                time.sleep(30)
            """),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "locked"
        started = time.monotonic()
        with pytest.raises(IndexBusy, match="another explorer process"):
            build_index(corpus, index_dir, lock_wait=1.0)
        assert time.monotonic() - started >= 0.9  # it waited before giving up
    finally:
        holder.kill()
        holder.wait()
    assert build_index(corpus, index_dir).added == ["drought"]
