"""Every query form, answered on a real on-disk index of the seeds.

Expected sets come from the parsed records themselves (an independent oracle: plain
substring and date checks), never from a list of ids written by hand."""

from __future__ import annotations

import re
import unicodedata
from datetime import date
from pathlib import Path

import pytest

from index.library import Library, QueryError
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


def has_word(text: str, word: str) -> bool:
    return re.search(rf"\b{re.escape(fold(word))}", fold(text)) is not None


def searchable(article) -> str:
    return " ".join([article.title, article.dek, article.body, " ".join(article.authors), article.source])


def ids(result) -> set[str]:
    return {hit.id for hit in result.hits}


def where(records, predicate) -> set[str]:
    return {a.id for a in records if predicate(a)}


def test_keyword_finds_every_article_that_names_it(library, records) -> None:
    expected = where(records, lambda a: has_word(searchable(a), "Kalashnikov"))
    assert expected and ids(library.search("kalashnikov")) == expected


def test_accented_and_plain_spellings_find_the_same_articles(library) -> None:
    assert ids(library.search("Guaidó")) == ids(library.search("Guaido"))
    assert library.search("Guaidó").total > 0


def test_stemming_matches_other_forms_of_a_word(library, records) -> None:
    expected = where(records, lambda a: has_word(searchable(a), "sanction"))
    assert ids(library.search("sanctioning", limit=50)) == expected


def test_default_operator_is_and(library, records) -> None:
    expected = where(records, lambda a: has_word(searchable(a), "Pompeo") and has_word(searchable(a), "Menendez"))
    either = where(records, lambda a: has_word(searchable(a), "Pompeo") or has_word(searchable(a), "Menendez"))
    assert expected != either
    assert ids(library.search("Pompeo Menendez")) == expected


def test_or_widens_and_not_narrows(library, records) -> None:
    rosneft = where(records, lambda a: has_word(searchable(a), "Rosneft"))
    menendez = where(records, lambda a: has_word(searchable(a), "Menendez"))
    assert ids(library.search("Rosneft OR Menendez")) == rosneft | menendez
    assert ids(library.search("Venezuela NOT Rosneft", limit=50)) == where(records, lambda a: a.id not in rosneft)


def test_phrase_matches_words_in_order_only(library, records) -> None:
    expected = where(records, lambda a: "another syria" in fold(a.body))
    reversed_order = where(records, lambda a: "syria another" in fold(a.body))
    assert expected and ids(library.search('"another Syria"')) == expected
    assert ids(library.search('"Syria another"')) == reversed_order


def test_wildcard_matches_word_prefixes(library, records) -> None:
    expected = where(records, lambda a: re.search(r"\bkalash", fold(searchable(a))) is not None)
    assert expected and ids(library.search("kalash*")) == expected
    three = where(records, lambda a: re.search(r"\bkal", fold(searchable(a))) is not None)
    assert ids(library.search("kal*")) == three  # three letters are enough


def test_fuzzy_term_tolerates_a_typo(library, records) -> None:
    expected = where(records, lambda a: has_word(searchable(a), "Lavrov"))
    assert ids(library.search("Lavorv~", limit=50)) == expected


@pytest.mark.parametrize(("prefix", "field"), [("title:", "title"), ("author:", "authors"), ("source:", "source")])
def test_field_prefix_searches_only_that_field(library, records, prefix: str, field: str) -> None:
    sample = records[-1]
    value = getattr(sample, field)
    word = (value[0] if isinstance(value, list) else value).split()[-1]
    expected = where(
        records, lambda a: has_word(" ".join(getattr(a, field)) if field == "authors" else getattr(a, field), word)
    )
    assert sample.id in expected
    assert ids(library.search(f"{prefix}{word}", limit=50)) == expected


def test_comments_are_searched_only_when_asked(library, records) -> None:
    commented = [a for a in records if a.comments]
    word = next(
        w
        for w in re.findall(r"[A-Za-z]{6,}", commented[0].comments[0].text)
        if not any(has_word(searchable(a), w) for a in records)
    )
    assert library.search(word).total == 0
    assert ids(library.search(f"comments:{word}")) == {commented[0].id}


def test_date_month_matches_that_month(library, records) -> None:
    month = records[0].date[:7]
    expected = where(records, lambda a: a.date and a.date.startswith(month))
    assert ids(library.search(f"date:{month}", limit=50)) == expected


def test_date_range_is_inclusive_at_both_ends(library, records) -> None:
    dates = sorted({a.date for a in records if a.date})
    low, high = dates[1], dates[-2]
    expected = where(records, lambda a: a.date and low <= a.date <= high)
    assert ids(library.search(f"date:[{low} to {high}]", limit=50)) == expected


def test_open_ended_date_range(library, records) -> None:
    cutoff = sorted(a.date for a in records if a.date)[2]
    expected = where(records, lambda a: a.date and a.date >= cutoff)
    assert ids(library.search(f"date:[{cutoff} to]", limit=50)) == expected


def test_date_combines_with_words(library, records) -> None:
    target = records[0]
    expected = where(records, lambda a: has_word(searchable(a), "Venezuela") and a.date == target.date)
    assert ids(library.search(f"Venezuela date:{target.date}")) == expected


def test_snippet_marks_the_matched_words(library) -> None:
    hit = library.search("Kalashnikov").hits[0]
    assert "<mark>Kalashnikov</mark>" in hit.snippet


def test_title_matches_rank_above_body_matches(library, records) -> None:
    in_title = where(records, lambda a: has_word(a.title, "Putin"))
    only_body = where(records, lambda a: has_word(a.body, "Putin") and not has_word(a.title, "Putin"))
    assert in_title and only_body
    ranked = [hit.id for hit in library.search("Putin", limit=50).hits]
    assert max(ranked.index(i) for i in in_title) < min(ranked.index(i) for i in only_body)


def test_misspelled_query_gets_a_suggestion_that_finds_more(library) -> None:
    result = library.search("Venezeula")
    assert result.total == 0
    assert result.suggestion == "Venezuela"
    assert library.search(result.suggestion).total > 0


def test_a_word_searched_unfinished_is_offered_the_word_it_starts(library) -> None:
    """'Lavr' then Enter: the nearest spelling ('lava'?) is no help; the word it starts is."""
    assert library.search("Lavr").suggestion == "Lavrov"
    assert library.search("Venezeula").suggestion == "Venezuela"  # a slip still gets the nearest spelling


def test_correct_query_gets_no_suggestion(library) -> None:
    assert library.search("Venezuela").suggestion is None


@pytest.mark.parametrize(
    ("query", "says"),
    [
        ('"another Syria', "quote"),
        ("(Lavrov OR Putin", "("),
        ("Lavrov)", ")"),
        ("publisher:cbs", "unknown field"),
        ("date:2019-13", "not a date"),
        ("date:yesterday", "not a date"),
        ("date:[2019-05-01 to 2019-04-01]", "ends before it starts"),
        ("date:[2019-04-01", "closing ]"),
        ("Lavrov AND", "both sides"),
        ("OR Lavrov", "both sides"),
        ("", "no words"),
        ("*ov", "at least 3 letters before"),
        ("ka*", "at least 3 letters before"),
        ("title:k?lash", "at least 3 letters before"),
        ("Lavrov OR (sa*)", "at least 3 letters before"),
        ("title:", "title: needs a word after it"),  # not a search for the word 'title'
        ("Lavrov (title:)", "title: needs a word after it"),
        ("person:", "person: needs a name after it"),
        ("Lavrov date:", "date: needs a date after it"),
    ],
)
def test_query_mistakes_get_a_plain_message(library, query: str, says: str) -> None:
    with pytest.raises(QueryError) as error:
        library.search(query)
    message = str(error.value)
    assert says in message and "\n" not in message and "Traceback" not in message


def test_a_field_before_a_quoted_phrase_is_not_empty(library) -> None:
    assert library.search('title:"Syrian Playbook"').total == 1


@pytest.mark.parametrize(
    "query", ['"another Syria" OR Rosneft', 'Rosneft OR "another Syria"', 'Venezuela ANDMAYBE "another Syria"']
)
def test_a_quoted_phrase_counts_as_words_beside_an_operator(library, records, query: str) -> None:
    """An operator with a phrase on one side has words on both sides."""
    phrase = where(records, lambda a: "another syria" in fold(a.body))
    assert phrase and phrase <= ids(library.search(query, limit=50))


def test_dates_are_stored_as_dates(library, records) -> None:
    for record in records:
        stored = library.article(record.id)
        assert stored.date == record.date
        assert date.fromisoformat(stored.date)
