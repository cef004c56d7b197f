"""Text first, names after: a new article is searchable as soon as its text is written;
the names pass follows, and a run stopped between the two (or in either) is finished by
the next without reading a file again, ending where an uninterrupted run ends."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from whoosh.filedb.filestore import FileStorage
from whoosh.writing import SegmentWriter

from index.build import commits
from index.library import Library, build_index, create_index
from tests.conftest import SEEDS_DIR, VARIANTS_DIR
from tests.index_contents import contents
from tests.stops import StopHere, stop_at
from tests.synthetic import generate


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("folder")
    shutil.copytree(SEEDS_DIR, root / "shipped")
    shutil.copytree(VARIANTS_DIR, root / "variants")
    (root / "generated").mkdir()
    generate(root / "generated", 30, topics=4)
    return root


@pytest.fixture(scope="module")
def uninterrupted(folder: Path, tmp_path_factory: pytest.TempPathFactory) -> dict:
    index_dir = tmp_path_factory.mktemp("whole") / "index"
    build_index(folder, index_dir)
    return contents(index_dir)


def test_after_the_text_pass_every_article_is_searchable_and_its_names_are_still_to_find(
    folder: Path, tmp_path: Path
) -> None:
    index_dir = tmp_path / "index"
    with pytest.raises(StopHere) as stopped:
        build_index(folder, index_dir, phase=stop_at("finding names"))
    assert "the index was updated; the next run will finish the names" in " ".join(stopped.value.__notes__)
    with Library.open(index_dir) as library:
        total = library.count()
        assert total > 40 and library.names_pending() == total
        assert library.search("venezuela", snippets=False).total > 0
        assert library.entities() == []


def test_the_next_run_finds_the_names_without_reading_a_file_again_and_ends_as_one_run_does(
    folder: Path, uninterrupted: dict, tmp_path: Path
) -> None:
    index_dir = tmp_path / "index"
    with pytest.raises(StopHere):
        build_index(folder, index_dir, phase=stop_at("finding names"))
    steps: list[str] = []
    report = build_index(folder, index_dir, phase=steps.append)
    assert report.added == [] and report.updated == [] and report.unchanged == len(uninterrupted["articles"])
    assert "reading 0 files" in steps and f"finding names in {report.unchanged} articles" in steps
    with Library.open(index_dir) as library:
        assert library.names_pending() == 0
    assert contents(index_dir) == uninterrupted


def test_a_run_stopped_in_the_names_pass_keeps_what_it_named_and_the_next_finishes(
    folder: Path, uninterrupted: dict, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(commits, "NAMES_COMMIT_EVERY", 10)
    index_dir = tmp_path / "index"
    total = len(uninterrupted["articles"])

    def stop_in_names(done: int, of: int, current: str) -> None:
        if of == total and done == 25 and names_started:
            raise StopHere(current)

    names_started: list[str] = []
    with pytest.raises(StopHere):
        build_index(
            folder, index_dir, progress=stop_in_names, phase=lambda s: names_started.append(s) if "names" in s else None
        )
    with Library.open(index_dir) as library:
        assert library.count() == total and library.names_pending() == total - 20  # two batches of 10 were committed
        assert library.entities()  # and their names are listed already
    build_index(folder, index_dir)
    # Ranking reads field lengths that Whoosh's merges keep to a byte per article, so the
    # end is the same as that of a run that commits where this one did.
    build_index(folder, tmp_path / "whole")
    assert contents(index_dir) == contents(tmp_path / "whole")


def test_the_text_pass_commits_as_it_goes_and_each_batch_is_searchable_at_once(
    folder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(commits, "COMMIT_EVERY", 10)
    monkeypatch.setattr(commits, "COMMIT_SECONDS", 3600.0)
    index_dir = tmp_path / "index"
    seen: list[int] = []

    def look(done: int, total: int, current: str) -> None:
        if done == 25 and not seen:  # what the app sees while the text pass goes on
            with Library.open(index_dir) as library:
                seen.append(library.count())

    build_index(folder, index_dir, progress=look)
    assert seen == [20]


def test_an_index_written_before_the_names_pass_existed_is_updated_in_place(folder: Path, tmp_path: Path) -> None:
    index_dir = tmp_path / "index"
    create_index(folder, index_dir)
    ix = FileStorage(str(index_dir)).open_index()
    with ix.writer() as writer:
        writer.remove_field("pending")
    assert "pending" not in FileStorage(str(index_dir)).open_index().schema
    build_index(folder, index_dir)
    with Library.open(index_dir) as library:
        assert library.count() > 40 and library.names_pending() == 0 and library.entities()


def test_a_slow_pass_commits_on_time_too(folder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(commits, "COMMIT_SECONDS", 0.0)  # every article is "a while" after the last commit
    index_dir = tmp_path / "index"

    def stop_at_the_fifth(done: int, total: int, current: str) -> None:
        if done == 5:
            raise StopHere(current)

    with pytest.raises(StopHere):
        build_index(folder, index_dir, progress=stop_at_the_fifth)
    with Library.open(index_dir) as library:
        assert library.count() == 4  # committed one by one; the fifth was being written


def test_a_big_pass_commits_in_batches_that_grow_with_what_it_wrote() -> None:
    batches = commits.Batches(10, None, grow=0.5)
    commits_at = [n for n in range(1, 120) if batches.due()]
    # 10 each until 20 are written; then half of what was written: 10, 15, 22, 33...
    assert commits_at == [10, 20, 30, 45, 67, 100]


def test_the_names_pass_copies_no_article_waiting_for_its_names_and_leaves_none_replaced(
    folder: Path, uninterrupted: dict, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The text pass's segments wait until the names pass has replaced all of them, then go
    unread: none of their articles is copied into a merged segment (to be written again a
    moment later), and the index ends with no replaced article counted in its field lengths."""
    monkeypatch.setattr(commits, "COMMIT_EVERY", 10)
    monkeypatch.setattr(commits, "COMMIT_SECONDS", 3600.0)
    monkeypatch.setattr(commits, "NAMES_COMMIT_EVERY", 7)  # so batches of the two passes overlap
    copied_waiting: list[int] = []
    add_reader = SegmentWriter.add_reader

    def watched(writer: SegmentWriter, reader) -> None:
        waiting = set(reader.postings("pending", "names").all_ids()) if ("pending", "names") in reader else set()
        copied_waiting.append(len([n for n in waiting if not reader.is_deleted(n)]))
        add_reader(writer, reader)

    monkeypatch.setattr(SegmentWriter, "add_reader", watched)
    index_dir = tmp_path / "index"
    build_index(folder, index_dir)
    assert copied_waiting and sum(copied_waiting) == 0  # segments were merged, none holding a waiting article
    with FileStorage(str(index_dir)).open_index().searcher() as searcher:
        assert not searcher.reader().has_deletions()
        assert searcher.doc_count() == len(uninterrupted["articles"])
