"""An incremental run keeps files, entities and stories from the last run and changes
only what the changed articles touch: its result must be exactly what a rebuild of the
same folder gives."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

from index.build.known_files import FILES
from index.entities.entity_table import TALLY
from index.entities.resolve import Mention, Tally, resolve, shares
from index.library import Library, build_index
from index.stories.stories import LINKS, LINKS_FORMAT, STORIES
from tests.conftest import VARIANTS_DIR


def _state(index_dir: Path) -> dict:
    with Library.open(index_dir) as library:
        ids = sorted(a.id for a in library.articles())
        return {
            "entities": sorted(
                (e.id, e.name, e.type, tuple(sorted(e.aliases)), e.articles, e.mentions) for e in library.entities()
            ),
            "stories": {i: [(m.id, m.overlap, m.role) for m in library.same_story(i)] for i in ids},
            "spans": {i: library.entity_spans(i) for i in ids},
            "lavrov": sorted(h.id for h in library.search("person:lavrov", 100, snippets=False).hits),
            "ids": ids,
            # Same dates in the same order (articles of one date may come in either order).
            "newest": [a.date for a in library.latest(len(ids))],
            "newest_matches": [h.date for h in library.search("Venezuela", len(ids), False, sort="date").hits],
        }


def _change_the_folder(corpus: Path, index_dir: Path) -> None:
    """Edit, delete, add, rewrite a story member into another text, republish one."""
    with Library.open(index_dir) as library:
        in_story = [a.id for a in library.articles() if library.same_story(a.id)]
    assert len(in_story) >= 2, "the seeds hold a story with copies"
    others = sorted(p for p in corpus.glob("*.txt") if p.stem not in in_story)
    edited = others[0]
    edited.write_text(
        edited.read_text(encoding="utf-8") + "\n\nAngela Merkel met Sergei Lavrov in Berlin on Friday.\n",
        encoding="utf-8",
    )
    others[1].unlink()
    # A story member rewritten into another text must leave its story ...
    shutil.copy(VARIANTS_DIR / "v01_opinion_two_authors.txt", corpus / f"{in_story[0]}.txt")
    # ... and a re-headlined copy of another member joins it.
    member = (corpus / f"{in_story[1]}.txt").read_text(encoding="utf-8")
    (corpus / "republished-copy.txt").write_text("A new headline for an old story\n\n" + member, encoding="utf-8")
    shutil.copy(VARIANTS_DIR / "v04_cbs_style.txt", corpus / "v04_cbs_style.txt")


def test_an_incremental_run_gives_what_a_rebuild_gives(corpus: Path, tmp_path: Path) -> None:
    index_dir = tmp_path / "ix"
    build_index(corpus, index_dir)
    _change_the_folder(corpus, index_dir)
    report = build_index(corpus, index_dir)
    assert report.added and report.updated and report.removed
    fresh = tmp_path / "fresh"
    build_index(corpus, fresh)
    assert _state(index_dir) == _state(fresh)


@pytest.mark.parametrize("lost", [FILES, TALLY, LINKS])
def test_a_missing_or_stale_sidecar_is_rebuilt_from_the_index(corpus: Path, tmp_path: Path, lost: str) -> None:
    index_dir = tmp_path / "ix"
    build_index(corpus, index_dir)
    (index_dir / lost).write_text('{"format": 1, "generation": -1}', encoding="utf-8")
    _change_the_folder(corpus, index_dir)
    build_index(corpus, index_dir)
    fresh = tmp_path / "fresh"
    build_index(corpus, fresh)
    assert _state(index_dir) == _state(fresh)


def test_story_files_of_an_older_version_are_made_again(corpus: Path, tmp_path: Path) -> None:
    """Links of an older version (format 1: MinHash estimates, not measured on the texts) and
    the stories grouped from them are found and grouped again by the next run, though no
    file changed."""
    index_dir = tmp_path / "ix"
    build_index(corpus, index_dir)
    expected = _state(index_dir)
    assert any(expected["stories"].values())
    for name, old_format, emptied in ((LINKS, 1, "links"), (STORIES, 2, "stories")):
        payload = json.loads((index_dir / name).read_text(encoding="utf-8"))
        (index_dir / name).write_text(json.dumps({**payload, "format": old_format, emptied: []}), encoding="utf-8")
    report = build_index(corpus, index_dir)
    assert not (report.added or report.updated or report.removed)
    assert _state(index_dir) == expected
    assert json.loads((index_dir / LINKS).read_text(encoding="utf-8"))["format"] == LINKS_FORMAT


def test_a_file_rewritten_at_the_same_size_is_read_again(corpus: Path, tmp_path: Path) -> None:
    index_dir = tmp_path / "ix"
    build_index(corpus, index_dir)
    path = sorted(corpus.glob("*.txt"))[0]
    text = path.read_text(encoding="utf-8")
    swapped = text.replace("Venezuela", "Venezuelb", 1)
    assert swapped != text and len(swapped) == len(text)
    stat = path.stat()
    path.write_text(swapped, encoding="utf-8")
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000))
    report = build_index(corpus, index_dir)
    assert report.updated == [path.stem]


def test_an_untouched_folder_changes_nothing(corpus: Path, tmp_path: Path) -> None:
    index_dir = tmp_path / "ix"
    build_index(corpus, index_dir)
    before = {name: (index_dir / name).read_bytes() for name in (FILES, TALLY, LINKS, "entities.json")}
    report = build_index(corpus, index_dir)
    assert not (report.added or report.updated or report.removed)
    assert report.unchanged == len(list(corpus.glob("*.txt")))
    assert {name: (index_dir / name).read_bytes() for name in before} == before


def test_taking_an_article_out_of_the_tally_undoes_adding_it() -> None:
    corpus = {
        "a": [Mention("Vladimir Putin", "PERSON"), Mention("Putin", "ORG"), Mention("Moscow", "GPE")],
        "b": [Mention("Putin", "PERSON"), Mention("Sergey Lavrov", "PERSON", cue="person")],
        "c": [Mention("Sergei Lavrov", "PERSON"), Mention("U.S.", "GPE"), Mention("Gazprom", "PERSON")],
    }
    tally = Tally()
    for article_id, mentions in corpus.items():
        tally.add(article_id, shares(mentions))
    changed = [Mention("Gazprom", "ORG"), Mention("Gazprom", "ORG"), Mention("United States", "GPE")]
    tally.remove("c", shares(corpus["c"]))
    tally.add("c", shares(changed))
    tally.remove("a", shares(corpus["a"]))
    expected = resolve({"b": corpus["b"], "c": changed})
    assert tally.entities() == expected
    assert Tally.from_json(tally.to_json()).entities() == expected
