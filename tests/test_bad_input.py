"""Users' folders: every kind of bad file is skipped with a one-line reason, the rest is
indexed, nothing the user has is touched, and the index survives."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from index.library import IndexInvalid, Library, build_index
from index.records import SameFile

ARTICLE = """# Drought Empties the Reservoirs of Catalonia

By Jordi Puig

March 3, 2024

Reservoirs across Catalonia have fallen below a fifth of their capacity, officials said on Sunday.

Farmers in the Ebro valley say the restrictions will cost them most of this year's harvest.
"""


def reasons(report) -> dict[str, str]:
    return {Path(s.path).name: s.reason for s in report.skipped}


def notes(report) -> dict[str, str]:
    return {Path(n.path).name: n.reason for n in report.notes}


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    root = tmp_path / "mine"
    root.mkdir()
    (root / "good.md").write_text(ARTICLE, encoding="utf-8")
    return root


def test_empty_and_binary_files_are_skipped_and_the_rest_indexed(folder: Path, tmp_path: Path) -> None:
    (folder / "empty.txt").write_bytes(b"")
    (folder / "blank.md").write_text("\n \n", encoding="utf-8")
    (folder / "photo.txt").write_bytes(bytes(range(256)) * 40)
    report = build_index(folder, tmp_path / "ix")
    assert reasons(report) == {
        "empty.txt": "empty file",
        "blank.md": "empty file",
        "photo.txt": "binary file, not text",
    }
    assert report.added == ["good"]


def test_legacy_encoding_is_decoded_and_noted(folder: Path, tmp_path: Path) -> None:
    text = ARTICLE.replace("Jordi Puig", "Jordi Puigdemont i Casamajó").replace(
        "officials said", "officials’ figures said"
    )
    (folder / "old.txt").write_bytes(text.encode("cp1252"))
    report = build_index(folder, tmp_path / "ix")
    assert notes(report) == {"old.txt": "decoded from cp1252"}
    with Library.open(tmp_path / "ix") as library:
        article = library.article("old")
    assert article.authors == ["Jordi Puigdemont i Casamajó"]
    assert "officials’ figures" in article.body


def test_mojibake_is_repaired_and_noted(folder: Path, tmp_path: Path) -> None:
    garbled = ARTICLE.replace("Puig", "Puigdemont i Casamajó").encode("utf-8").decode("cp1252").encode("utf-8")
    (folder / "garbled.md").write_bytes(garbled)
    report = build_index(folder, tmp_path / "ix")
    assert notes(report) == {"garbled.md": "mojibake repaired"}
    with Library.open(tmp_path / "ix") as library:
        assert library.article("garbled").authors == ["Jordi Puigdemont i Casamajó"]


def test_a_huge_file_is_skipped_without_being_read(folder: Path, tmp_path: Path) -> None:
    with open(folder / "dump.txt", "wb") as handle:
        handle.truncate(50 * 2**20)
    report = build_index(folder, tmp_path / "ix")
    assert reasons(report) == {"dump.txt": "too large (50 MB; the limit is 20 MB)"}
    assert report.added == ["good"]


def test_a_file_that_is_not_a_regular_file_is_skipped(folder: Path, tmp_path: Path) -> None:
    os.mkfifo(folder / "pipe.txt")  # reading it would block forever
    report = build_index(folder, tmp_path / "ix")
    assert reasons(report) == {"pipe.txt": "not a regular file"}


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads files whatever their permissions")
def test_an_unreadable_file_is_skipped(folder: Path, tmp_path: Path) -> None:
    secret = folder / "secret.txt"
    secret.write_text(ARTICLE, encoding="utf-8")
    secret.chmod(0)
    report = build_index(folder, tmp_path / "ix")
    assert reasons(report) == {"secret.txt": "cannot read: Permission denied"}


def test_broken_links_and_link_loops_are_skipped(folder: Path, tmp_path: Path) -> None:
    (folder / "gone.txt").symlink_to(folder / "nowhere.txt")
    (folder / "a.txt").symlink_to(folder / "b.txt")
    (folder / "b.txt").symlink_to(folder / "a.txt")
    (folder / "linked.md").symlink_to(folder / "good.md")  # a link to a real article is followed
    (folder / "sub").mkdir()
    (folder / "sub" / "up").symlink_to(folder, target_is_directory=True)  # a folder loop
    report = build_index(folder, tmp_path / "ix")
    assert reasons(report) == {
        "gone.txt": "broken symbolic link",
        "a.txt": "symbolic link loop",
        "b.txt": "symbolic link loop",
    }
    assert report.added == ["good"]  # a link to it is the same article at another path, not a failure
    assert report.copies == [SameFile(str(folder / "linked.md"), str(folder / "good.md"))]


def test_json_and_json_lines_records_become_articles(folder: Path, tmp_path: Path) -> None:
    strike = {"id": "r1", "title": "Port strike ends", "date": "2024-02-02", "source": "Port News"}
    records = [
        strike | {"body": "Dock workers ended a strike.\n\nTalks begin Monday."},
        {"title": "No body here"},
        {"title": "Rail fares rise", "authors": ["Ana Lima"], "text": "Fares rise by five percent."},
    ]
    (folder / "feed.json").write_text(json.dumps(records), encoding="utf-8")
    lines = [json.dumps(records[0] | {"id": "x"}), "{not json", json.dumps(records[2])]
    (folder / "feed2.jsonl").write_text("\n".join(lines), encoding="utf-8")
    report = build_index(folder, tmp_path / "ix")
    assert sorted(report.added) == ["feed#3", "feed#r1", "feed2#3", "feed2#x", "good"]
    assert sorted((Path(s.path).name, s.reason) for s in report.skipped) == [  # a record left out is a skip: exit 1
        ("feed.json", "record 2: no body text (give it as body, text or content)"),
        ("feed2.jsonl", "line 2: not valid JSON (Expecting property name enclosed in double quotes)"),
    ]
    with Library.open(tmp_path / "ix") as library:
        strike = library.article("feed#r1")
        assert (strike.title, strike.source, strike.date) == ("Port strike ends", "Port News", "2024-02-02")
        assert strike.paragraphs == ["Dock workers ended a strike.", "Talks begin Monday."]
        assert library.article("feed#3").authors == ["Ana Lima"]


def test_a_changed_json_lines_file_drops_records_that_are_gone(folder: Path, tmp_path: Path) -> None:
    feed = folder / "feed.jsonl"
    feed.write_text(
        "\n".join(json.dumps({"id": n, "title": n, "body": f"Story {n}."}) for n in "abc"), encoding="utf-8"
    )
    build_index(folder, tmp_path / "ix")
    feed.write_text("\n".join(json.dumps({"id": n, "title": n, "body": f"Story {n}."}) for n in "ab"), encoding="utf-8")
    report = build_index(folder, tmp_path / "ix")
    assert report.removed == ["feed#c"]


def test_add_indexes_files_where_they_are(folder: Path, tmp_path: Path) -> None:
    elsewhere = tmp_path / "archive"
    elsewhere.mkdir()
    (elsewhere / "2019").mkdir()
    (elsewhere / "2019" / "old.md").write_text(ARTICLE.replace("Catalonia", "Murcia"), encoding="utf-8")
    single = tmp_path / "one.md"
    single.write_text(ARTICLE.replace("Catalonia", "Aragon"), encoding="utf-8")
    before = sorted(p.name for p in tmp_path.rglob("*"))
    report = build_index(folder, tmp_path / "ix", add=[elsewhere, single])
    assert sorted(report.added) == ["archive/2019/old", "good", "one"]
    assert sorted(p.name for p in tmp_path.rglob("*") if "ix" not in p.parts and not p.name.startswith(".")) == before
    (elsewhere / "2019" / "old.md").unlink()
    again = build_index(folder, tmp_path / "ix")  # the added paths are remembered
    assert again.removed == ["archive/2019/old"] and again.unchanged == 2


def test_a_file_changing_while_indexed_is_caught_on_the_next_run(folder: Path, tmp_path: Path) -> None:
    for n in range(30):
        (folder / f"n{n}.md").write_text(ARTICLE.replace("Catalonia", f"Region {n}"), encoding="utf-8")
    moving = folder / "moving.md"
    versions = [ARTICLE.replace("Sunday", day) for day in ("Monday", "Tuesday")]
    moving.write_text(versions[0], encoding="utf-8")
    stop = threading.Event()

    def churn() -> None:
        while not stop.is_set():
            for version in versions:
                moving.write_text(version, encoding="utf-8")

    writer = threading.Thread(target=churn)
    writer.start()
    try:
        report = build_index(folder, tmp_path / "ix")
    finally:
        stop.set()
        writer.join()
    said = {**reasons(report), **notes(report)}
    if "moving" in report.added:  # caught between two saves: one whole version, never a mix
        with Library.open(tmp_path / "ix") as library:
            body = library.article("moving").body
        assert sum(day in body for day in ("on Monday", "on Tuesday")) == 1
    else:  # caught mid-save: empty for an instant, or never still
        assert said["moving.md"] in {"empty file", "kept changing while being indexed; index again once it is saved"}
    assert len(report.added) >= 31 - 1
    moving.write_text(ARTICLE.replace("Sunday", "Friday"), encoding="utf-8")
    build_index(folder, tmp_path / "ix")
    with Library.open(tmp_path / "ix") as library:
        assert "on Friday" in library.article("moving").body


def test_a_damaged_index_is_reported_and_rebuild_recovers(folder: Path, tmp_path: Path) -> None:
    index_dir = tmp_path / "ix"
    build_index(folder, index_dir)
    for toc in index_dir.glob("*.toc"):
        toc.write_bytes(b"garbage")
    with pytest.raises(IndexInvalid, match=r"damaged.*--rebuild"):
        Library.open(index_dir)
    build_index(folder, index_dir, rebuild=True)
    with Library.open(index_dir) as library:
        assert library.count() == 1


def test_two_processes_indexing_at_once_leave_a_sound_index(folder: Path, tmp_path: Path) -> None:
    for n in range(20):
        (folder / f"n{n}.md").write_text(ARTICLE.replace("Catalonia", f"Region {n}"), encoding="utf-8")
    command = [str(Path(sys.executable).parent / "explorer"), "index", "--rebuild", "--articles", str(folder),
               "--index", str(tmp_path / "ix")]  # fmt: skip
    first, second = (subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE) for _ in range(2))
    assert first.wait(timeout=300) == 0 and second.wait(timeout=300) == 0
    with Library.open(tmp_path / "ix") as library:
        assert library.count() == 21
