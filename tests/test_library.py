"""The library facade: listing the newest articles without reading the whole index."""

from __future__ import annotations

from pathlib import Path

from index.library import Library, build_index


def _write(folder: Path, name: str, date: str | None) -> None:
    front = f"---\ntitle: Story {name}\n" + (f"date: {date}\n" if date else "") + "---\n\n"
    (folder / f"{name}.md").write_text(front + f"Body of story {name}, long enough to be an article.\n")


def test_latest_lists_newest_first_and_undated_last(tmp_path: Path) -> None:
    folder = tmp_path / "a"
    folder.mkdir()
    for name, date in [("old", "2020-01-01"), ("new", "2023-05-05"), ("mid", "2021-06-06"), ("nodate", None)]:
        _write(folder, name, date)
    build_index(folder, tmp_path / "ix")
    with Library.open(tmp_path / "ix") as library:
        assert [r.id for r in library.latest(10)] == ["new", "mid", "old", "nodate"]
        assert [r.id for r in library.latest(2)] == ["new", "mid"]
