"""A query as it is typed, on a real on-disk index: the word under the cursor as the start
of longer words, the finished part of an unfinished query, and each clause's count.

Expected sets come from the parsed records (a word starting with the typed letters, by
a plain regular expression), never from ids written by hand."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest

from index.build.store import open_index
from index.library import Library, QueryError, build_index
from index.search import query as q
from tests.conftest import SEEDS_DIR
from tests.reading import read_article


@pytest.fixture(scope="module")
def library(seed_index: Path):
    with Library.open(seed_index) as lib:
        yield lib


@pytest.fixture(scope="module")
def records():
    return [read_article(path) for path in sorted(SEEDS_DIR.glob("*.txt"))]


def fold(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()


def starts_a_word(article, start: str) -> bool:
    text = " ".join([article.title, article.dek, article.body, " ".join(article.authors), article.source])
    return re.search(rf"\b{re.escape(fold(start))}", fold(text)) is not None


def ids(result) -> set[str]:
    return {hit.id for hit in result.hits}


@pytest.mark.parametrize("start", ["lav", "lavro", "Lavr", "venez", "sanct", "Guaid"])
def test_the_word_being_typed_finds_every_article_with_a_word_it_starts(library, records, start: str) -> None:
    expected = {a.id for a in records if starts_a_word(a, start)}
    assert expected
    assert ids(library.search(start, limit=100, prefix_end=len(start))) == expected


def test_without_the_cursor_the_query_is_exact(library) -> None:
    assert library.search("lav").total == 0  # Enter, history, saved searches
    assert library.search("lav", prefix_end=len("lav")).total > 0


def test_the_cli_searches_exactly(seed_index: Path) -> None:
    result = subprocess.run(
        [str(Path(sys.executable).parent / "explorer"), "search", "lav", "--json", "--index", str(seed_index)],
        capture_output=True,
        text=True,
        timeout=120,
        env=os.environ.copy(),
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["total"] == 0


def test_only_the_word_at_the_cursor_is_a_start(library) -> None:
    # `lav` ends at 3: it is the typed word in "lav sanctions" only if the cursor is there.
    assert library.search("lav sanctions", prefix_end=3).total > 0
    assert library.search("lav sanctions", prefix_end=len("lav sanctions")).total == 0


@pytest.mark.parametrize(
    "text",
    ["la", '"lavro"', "lavro*", "lavro~", "date:2019", "person:lavro", "lavr^2", "title:lavr"],
)
def test_no_start_for_short_quoted_marked_or_non_text_words(library, text: str) -> None:
    # title:lavr is a word in a text field: a start there too, and no title has it.
    assert ids(library.search(text, limit=100, prefix_end=len(text))) == ids(library.search(text, limit=100))


def test_the_word_itself_ranks_above_longer_words(tmp_path: Path) -> None:
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "oil.md").write_text("# Output Rose\n\nOil output rose in March.\n", encoding="utf-8")
    (folder / "oilfields.md").write_text(
        "# Fields Reopened\n\nThe oilfields reopened; oilfields near the coast, oilfields inland.\n", encoding="utf-8"
    )
    build_index(folder, tmp_path / "ix")
    with Library.open(tmp_path / "ix") as library:
        hits = library.search("oil", prefix_end=3).hits
    assert [h.title for h in hits] == ["Output Rose", "Fields Reopened"]


def test_a_start_stands_for_its_commonest_words_only(seed_index: Path, monkeypatch) -> None:
    with open_index(seed_index).searcher() as searcher:
        reader = searcher.reader()
        every = list(reader.expand_prefix("body_exact", "sta"))
        assert len(every) > 2
        monkeypatch.setattr(q, "TYPED_SPELLINGS", 2)
        kept = q.TypedPrefix("body_exact", "sta").spellings(reader)
        frequency = {word: reader.doc_frequency("body_exact", word) for word in every}
    assert len(kept) == 2
    assert min(frequency[w] for w in kept) >= max(frequency[w] for w in every if w not in kept)


def test_a_start_is_bounded_where_a_typed_star_is_refused(library, monkeypatch) -> None:
    monkeypatch.setattr(q, "MAX_SPELLINGS", 2)
    monkeypatch.setattr(q, "TYPED_SPELLINGS", 2)
    with pytest.raises(QueryError, match="fits more than"):
        library.search("sta*")
    assert library.search("sta", prefix_end=3).total > 0


# The finished part of a query being typed ---------------------------------------------


@pytest.mark.parametrize(
    "typed, searched, prefix_end, missing",
    [
        ("lav", "lav", 3, None),
        ("lavrov ", "lavrov ", None, None),
        ("la", "la", None, None),
        ('"', "", None, "a quote is not closed"),
        ('"oil', "", None, "a quote is not closed"),
        ('"oil pri', '"oil"', None, "a quote is not closed"),
        ('"oil price ', '"oil price"', None, "a quote is not closed"),
        ('"oil price"', '"oil price"', None, None),
        ("(oil", "(oil)", 4, "a ( is not closed"),
        ("(oil OR", "(oil)", None, "OR needs a word after it"),
        ("(", "", None, "a ( needs a word after it"),
        ("title:", "", None, "title: needs a word after it"),
        ("lavrov title:", "lavrov ", None, "title: needs a word after it"),
        ("person:", "", None, "person: needs a name after it"),
        ("person:lav", "person:lav", None, None),
        ("date:", "", None, "date: needs a date after it"),
        ("date:2019-1", "", None, "date:2019-1 is not a whole date yet"),
        ("date:2019", "date:2019", None, None),
        ("date:2019-13", "date:2019-13", None, None),  # whole, and wrong: the parser says so
        ("date:[2019-04 to", "", None, "a date range needs a closing ]"),
        ("titel:", "titel:", None, None),  # the parser names the unknown field
        ("oil AND", "oil ", None, "AND needs a word after it"),
        ("title:oil", "title:oil", 9, None),
        ("lavro*", "lavro*", None, None),
    ],
)
def test_a_query_being_typed_searches_its_finished_part(
    typed: str, searched: str, prefix_end: int | None, missing: str | None
) -> None:
    found = Library.as_typed(typed)
    assert (found.searched, found.prefix_end) == (searched, prefix_end)
    assert (found.missing is None) if missing is None else (missing in found.missing)


@pytest.mark.parametrize("text", ["OR " * 20_000, '"' + "x" * 50_000, "(" * 30_000])
def test_a_query_past_the_bounds_is_left_for_the_parser_to_refuse(library, text: str) -> None:
    found = Library.as_typed(text)
    assert (found.searched, found.missing, found.prefix_end) == (text, None, None)
    with pytest.raises(QueryError, match="at most"):
        library.search(found.searched)


def test_the_shown_query_marks_the_word_being_typed() -> None:
    assert Library.as_typed("sanctions lav").shown == "sanctions lav…"
    assert Library.as_typed("(oil").shown == "(oil…)"
    assert Library.as_typed("(oil").word == "oil"


# Each clause counted ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, clauses, joined",
    [
        ("lavrov sanctions", ["lavrov", "sanctions"], "both"),
        ("lavrov OR oil", ["lavrov", "oil"], "either"),
        ("(lavrov OR oil) venezuela", ["(lavrov OR oil)", "venezuela"], "both"),
        ("lavrov title:russia date:2019", ["lavrov", "title:russia", "date:2019"], "all"),
        ('lavrov "foreign minister"', ["lavrov", '"foreign minister"'], "both"),
    ],
)
def test_each_clause_is_counted_as_a_search_of_it_alone(library, text: str, clauses: list[str], joined: str) -> None:
    counts = library.clause_counts(text)
    assert [c.clause for c in counts] == [*clauses, joined]
    assert [c.count for c in counts] == [library.search(c).total for c in clauses] + [library.search(text).total]
    assert [c.whole for c in counts] == [False] * len(clauses) + [True]


def test_the_typed_word_is_counted_as_a_start(library) -> None:
    counts = library.clause_counts("sanctions lavr", prefix_end=14)
    assert [(c.clause, c.count) for c in counts] == [
        ("sanctions", library.search("sanctions").total),
        ("lavr…", library.search("lavr", prefix_end=4).total),
        ("both", library.search("sanctions lavr", prefix_end=14).total),
    ]


@pytest.mark.parametrize("text", ["lavrov", "lavrov ANDNOT oil", "(lavrov)"])
def test_a_query_of_one_clause_has_no_clause_counts(library, text: str) -> None:
    assert library.clause_counts(text) == []


def test_a_clause_mistake_is_the_query_s_mistake(library) -> None:
    with pytest.raises(QueryError, match="did you mean title:"):
        library.clause_counts("lavrov titel:oil")
