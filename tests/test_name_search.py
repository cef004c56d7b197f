"""A name finds that name: a search word the index knows as a name matches its exact form,
not every word with the same stem; ordinary words still match their forms, and exact forms
rank above forms that only share the stem."""

from __future__ import annotations

import pytest

from index.entities.name_words import name_words
from index.entities.resolve import Entity
from index.library import Library, build_index

ARTICLES = {
    "tennis": "Federer wins in Basel\n\nRoger Federer beat Juan Martin del Potro in the final in Basel on Sunday. "
    "Federer said he was delighted with his form.",
    "coach": "Federer splits with coach\n\nRoger Federer has parted with his coach. The tennis federation "
    "said Federer would pick a new one before the Australian Open.",
    "budget": "Budget vote delayed\n\nThe federal budget vote was delayed on Monday. Federal spending rose "
    "and the federal deficit widened, officials said.",
    "federation": "Russia signs gas deal\n\nThe Russian Federation signed a gas deal with China. Federations "
    "of trade unions welcomed it.",
    "sanctions": "New sanctions on Moscow\n\nThe European Union sanctioned six Russian banks on Friday, "
    "and said more sanctions could follow.",
    "stem-in-title": "Russian banks sanctioned again\n\nThe European Union sanctioned two more banks. "
    "Both were sanctioned for their trade with Crimea.",
    "exact-in-body": "Moscow replies to Brussels\n\nThe Kremlin said on Monday that new sanctions would "
    "not change its course in Ukraine.",
}


@pytest.fixture(scope="module")
def library(tmp_path_factory: pytest.TempPathFactory):
    root = tmp_path_factory.mktemp("names")
    folder = root / "articles"
    folder.mkdir()
    for stem, text in ARTICLES.items():
        (folder / f"{stem}.txt").write_text(text + "\n", encoding="utf-8")
    build_index(folder, root / "ix")
    with Library.open(root / "ix") as lib:
        yield lib


def ids(library: Library, query: str) -> list[str]:
    return [hit.id for hit in library.search(query, limit=20, snippets=False).hits]


def test_a_name_finds_only_the_articles_that_name_it(library: Library) -> None:
    assert sorted(ids(library, "federer")) == ["coach", "tennis"]
    assert library.search("federer").total == 2


def test_a_name_in_a_field_finds_its_exact_form_there(library: Library) -> None:
    assert sorted(ids(library, "title:federer")) == ["coach", "tennis"]


def test_an_ordinary_word_still_matches_its_forms(library: Library) -> None:
    assert "sanctions" in ids(library, "sanction")
    assert "sanctions" in ids(library, "sanctioned")


def test_exact_forms_rank_above_forms_that_share_the_stem(library: Library) -> None:
    """'federal' stems like 'federation' and 'Federer': the articles that say 'federal' come first."""
    found = ids(library, "federal")
    assert found[0] == "budget"
    assert set(found) >= {"budget", "federation"}


def test_the_word_as_typed_outranks_its_other_forms_wherever_they_stand(library: Library) -> None:
    """'sanctions' once in a body outranks 'sanctioned' three times, in the title too."""
    found = ids(library, "sanctions")
    assert found.index("exact-in-body") < found.index("stem-in-title")
    assert set(found) >= {"sanctions", "stem-in-title", "exact-in-body"}


def test_a_name_is_marked_in_its_exact_form_only(library: Library) -> None:
    snippet = library.search("federer", limit=5).hits
    coach = next(hit for hit in snippet if hit.id == "coach").snippet
    assert "<mark>Federer</mark>" in coach and "<mark>federation</mark>" not in coach
    spans = library.match_spans("coach", "federer")
    body = library.article("coach").body
    assert {body[s.start : s.end] for s in spans if s.field == "body"} == {"Federer"}


def entity(name: str, kind: str, aliases: list[str], articles: int) -> Entity:
    return Entity(f"{kind}/{name}", name, kind, aliases, {f"a{i}": 1 for i in range(articles)})


def test_a_word_is_a_name_when_most_articles_using_it_name_an_entity_carrying_it() -> None:
    entities = [
        entity("Roger Federer", "person", ["Roger Federer", "Federer"], 20),
        entity("Bank", "org", ["Bank"], 5),  # 'the Bank': the Bank of England, now and then
        entity("Federal Reserve", "org", ["Federal Reserve"], 30),
    ]
    using = {"federer": 21, "roger": 25, "bank": 300, "federal": 90, "reserve": 60}
    words = name_words(entities, lambda word: using.get(word, 0))
    assert "federer" in words and "roger" in words  # every word of a person's name
    assert "bank" not in words  # mostly an ordinary word
    assert "federal" not in words and "reserve" not in words  # words of a longer organisation name


@pytest.mark.parametrize(
    "alias", ["Roger Federer", "Guaidó", "U.S.", "Bashar al-Assad", "O'Brien", "AT&T", "São Paulo"]
)
def test_name_words_are_the_words_the_exact_fields_index(alias: str) -> None:
    from index.entities.name_words import _carried
    from index.search.schema import exact_analyzer

    person = Entity("person/x", alias, "person", [alias], {"a": 1})
    assert _carried(person) == {token.text for token in exact_analyzer()(alias)}
