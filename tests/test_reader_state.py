"""The reader's marks: read, stars, tags and notes, kept in the state store across runs,
rebuilt indexes, moved folders and edited articles, and searchable with is:, tag:, note:."""

from __future__ import annotations

import multiprocessing
import shutil
from pathlib import Path

import pytest

from index.library import ArticleNotFound, Library, QueryError, build_index


def _ids(library: Library, query: str) -> set[str]:
    return {hit.id for hit in library.search(query, limit=1000, snippets=False).hits}


@pytest.fixture
def built(corpus: Path, tmp_path: Path) -> Path:
    index_dir = tmp_path / "ix"
    build_index(corpus, index_dir)
    return index_dir


def test_marks_last_after_the_library_is_closed(built: Path) -> None:
    with Library.open(built) as library:
        first, second = sorted(a.id for a in library.articles())[:2]
        library.work.mark(first, read=True, starred=True)
        library.work.tag(first, ["sources", "Follow up"])
        library.work.note(first, "Check the tanker figures with the port authority.")
        library.work.mark(second, read=True)
        library.work.mark(second, read=False)
    with Library.open(built) as library:
        state = library.work.state(first)
        assert (state.read, state.starred, state.tags) == (True, True, ("Follow up", "sources"))
        assert [n.text for n in state.notes] == ["Check the tanker figures with the port authority."]
        assert not library.work.state(second).read
        assert library.work.state(second).to_dict() == {"read": False, "starred": False, "tags": [], "notes": []}


def test_state_filters_combine_with_words_and_entities(built: Path) -> None:
    with Library.open(built) as library:
        everything = {a.id for a in library.articles()}
        rosneft = _ids(library, "Rosneft")
        assert 2 <= len(rosneft) < len(everything)
        read = sorted(rosneft)[:1] + sorted(everything - rosneft)[:1]
        for article in read:
            library.work.mark(article, read=True)
        library.work.tag(read[0], ["oil"])
        library.work.note(read[1], "Ask about the Rosneft deal")
        assert _ids(library, "is:read") == set(read)
        assert _ids(library, "is:unread") == everything - set(read)
        assert _ids(library, "Rosneft is:unread") == rosneft - set(read)
        assert _ids(library, "Rosneft AND is:read") == {read[0]}
        assert _ids(library, "NOT is:read") == everything - set(read)
        assert _ids(library, "tag:OIL") == {read[0]}
        assert _ids(library, "note:rosneft") == {read[1]}
        assert _ids(library, "note:rosn*") == {read[1]}
        assert _ids(library, 'note:"the rosneft deal"') == {read[1]}
        assert _ids(library, "note:tanker") == set()
        assert _ids(library, "is:tagged OR is:noted") == set(read)
        lavrov = _ids(library, "person:lavrov")
        assert _ids(library, "person:lavrov is:unread") == lavrov - set(read)


def test_a_filter_follows_a_change_of_state(built: Path) -> None:
    with Library.open(built) as library:
        ids = sorted(a.id for a in library.articles())
        assert _ids(library, "is:starred") == set()
        library.work.mark(ids[0], starred=True)
        assert _ids(library, "is:starred") == {ids[0]}
        library.work.mark(ids[1], starred=True)
        library.work.mark(ids[0], starred=False)
        assert _ids(library, "is:starred") == {ids[1]}
        assert _ids(library, "is:unstarred") == set(ids) - {ids[1]}


def test_another_process_sees_the_marks(built: Path) -> None:
    """Two windows on one corpus: what one marks, the other's next search finds."""
    with Library.open(built) as one, Library.open(built) as other:
        article = sorted(a.id for a in one.articles())[0]
        assert _ids(other, "tag:later") == set()
        one.work.tag(article, ["later"])
        assert _ids(other, "tag:later") == {article}


def test_unknown_states_and_articles_are_refused(built: Path) -> None:
    with Library.open(built) as library:
        with pytest.raises(QueryError, match="is:done is not a state"):
            library.search("is:done")
        with pytest.raises(QueryError, match="needs a tag"):
            library.search("tag:")
        with pytest.raises(ArticleNotFound):
            library.work.mark("no-such-article", read=True)


def test_state_survives_a_rebuild_a_moved_folder_and_an_edit(corpus: Path, built: Path, tmp_path: Path) -> None:
    with Library.open(built) as library:
        ids = sorted(a.id for a in library.articles())
        library.work.mark(ids[0], starred=True)
        library.work.tag(ids[1], ["edited-later"])
    moved = tmp_path / "elsewhere" / "articles"
    shutil.copytree(corpus, moved)
    shutil.rmtree(corpus)
    fresh = tmp_path / "fresh-ix"  # an empty index, as on a new machine's first run
    build_index(moved, fresh)
    with Library.open(fresh) as library:
        assert _ids(library, "is:starred") == {ids[0]}
        assert _ids(library, "tag:edited-later") == {ids[1]}
    edited = next(p for p in moved.iterdir() if p.stem == ids[1])
    edited.write_text(edited.read_text(encoding="utf-8") + "\n\nA paragraph added later.\n", encoding="utf-8")
    build_index(moved, fresh)
    with Library.open(fresh) as library:
        assert library.work.state(ids[1]).tags == ("edited-later",)
        assert _ids(library, "tag:edited-later") == {ids[1]}


def _tag_many(index_dir: Path, article: str, prefix: str, count: int) -> None:
    with Library.open(index_dir) as library:
        for n in range(count):
            library.work.tag(article, [f"{prefix}{n}"])
            library.work.mark(article, read=n % 2 == 0)


def test_two_processes_writing_at_once_lose_nothing(built: Path) -> None:
    with Library.open(built) as library:
        article = sorted(a.id for a in library.articles())[0]
    context = multiprocessing.get_context("spawn")
    writers = [context.Process(target=_tag_many, args=(built, article, prefix, 60)) for prefix in ("a", "b")]
    for writer in writers:
        writer.start()
    for writer in writers:
        writer.join(120)
        assert writer.exitcode == 0
    with Library.open(built) as library:
        assert set(library.work.state(article).tags) == {f"{p}{n}" for p in "ab" for n in range(60)}


def test_filters_joined_by_and_are_read(built: Path) -> None:
    """Whoosh copies each side of an AND to boost it; a filter once failed to copy, and
    `Rosneft AND person:lavrov` was refused as a query it could not read."""
    with Library.open(built) as library:
        article = sorted(_ids(library, "Rosneft"))[0]
        library.work.mark(article, starred=True)
        assert _ids(library, "Rosneft AND person:lavrov") == _ids(library, "Rosneft person:lavrov")
        assert _ids(library, "Rosneft AND date:2019") == _ids(library, "Rosneft date:2019")
        assert _ids(library, "Rosneft AND is:starred") == {article}


def test_a_saved_search_is_renamed_but_never_onto_another(built: Path) -> None:
    with Library.open(built) as library:
        library.work.save_search("oil", {"query": "oil"}, [])
        library.work.save_search("gas", {"query": "gas"}, [])
        assert not library.work.rename_search("oil", "gas")  # taken: both kept as they were
        assert library.work.rename_search("oil", "crude")
        assert not library.work.rename_search("nothing", "else")
        kept = {s.name: s.view["query"] for s in library.work.saved_searches()}
        assert kept == {"crude": "oil", "gas": "gas"}
