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


def _many(folder: Path, count: int) -> None:
    folder.mkdir()
    for n in range(count):
        date = None if n % 7 == 0 else f"2021-{1 + n % 12:02d}-{1 + n % 27:02d}"
        _write(folder, f"s{n:03d}", date)


def test_pages_of_a_search_add_up_to_the_whole_ranked_list(tmp_path: Path) -> None:
    _many(tmp_path / "a", 45)
    build_index(tmp_path / "a", tmp_path / "ix")
    with Library.open(tmp_path / "ix") as library:
        whole = library.search("story", limit=100, snippets=False)
        assert whole.total == 45 == len(whole.hits)
        pages = [library.search("story", limit=10, snippets=False, offset=o) for o in range(0, 50, 10)]
        assert [h.id for p in pages for h in p.hits] == [h.id for h in whole.hits]
        assert all(p.total == 45 for p in pages)
        newest = [h for o in range(0, 50, 10) for h in library.search("story", 10, False, o, sort="date").hits]
        dated = [h.date for h in newest if h.date]
        assert len(newest) == 45 and dated == sorted(dated, reverse=True)
        assert all(h.date is None for h in newest[len(dated) :])  # undated last
        latest = [r.id for o in range(0, 50, 8) for r in library.latest(8, offset=o)]
        assert latest == [r.id for r in library.latest(100)] and len(latest) == 45


def test_the_total_counts_matches_the_top_ten_left_behind(tmp_path: Path) -> None:
    """Whoosh's top-N collector stops reading a weak field's matches once the top is full
    (here: the word in a title counts three times, in a body once); the count must still
    include every article that matches."""
    folder = tmp_path / "a"
    folder.mkdir()
    for n in range(60):
        title = f"Zebra note {n}" if n < 12 else f"Note {n}"
        (folder / f"s{n:02d}.md").write_text(
            f"---\ntitle: {title}\ndate: 2021-01-{1 + n % 28:02d}\n---\n\nA zebra story, long enough to count.\n"
        )
    build_index(folder, tmp_path / "ix")
    with Library.open(tmp_path / "ix") as library:
        for sort in ("relevance", "date"):
            result = library.search("zebra", limit=10, snippets=False, sort=sort)
            assert result.total == 60 and len(result.hits) == 10
