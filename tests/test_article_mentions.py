"""Rules that read a whole article to turn the model's spans into mentions (no model here:
the spans are written by hand)."""

from __future__ import annotations

from index.entities.article_mentions import finish, is_caps_line, pieces
from index.entities.resolve import Mention


def span(parts: dict[str, str], text: str, label: str, field: str = "body", nth: int = 0) -> list[Mention]:
    """The mentions of the model span `text` (its nth occurrence) in a part."""
    start = -1
    for _ in range(nth + 1):
        start = parts[field].index(text, start + 1)
    return pieces(parts[field], start, start + len(text), label, field)


def texts(mentions: list[Mention], origin: str | None = None) -> list[str]:
    return [m.text for m in mentions if origin in (None, m.origin)]


def test_a_wire_dateline_names_a_place() -> None:
    parts = {"body": "MOSCOW (Reuters) - Russia said on Monday it would send more troops."}
    found = finish(parts, span(parts, "Russia", "GPE"))
    dateline = next(m for m in found if m.origin == "dateline")
    assert (dateline.text, dateline.label, dateline.start) == ("MOSCOW", "GPE", 0)


def test_a_dateline_may_follow_a_headline_in_capitals() -> None:
    parts = {"body": "SOCCER - LEADING RESULTS.\n\nBELGRADE 1996-08-30\n\nRed Star beat Partizan."}
    found = finish(parts, [])
    assert texts(found, "dateline") == ["BELGRADE"]


def test_a_sports_headline_is_not_a_dateline() -> None:
    parts = {"body": "CRICKET - LEICESTERSHIRE TAKE OVER AT TOP.\n\nLeicestershire beat Somerset."}
    assert texts(finish(parts, []), "dateline") == []


def test_in_a_line_of_capitals_only_names_the_article_also_writes_count() -> None:
    parts = {"body": "ATHLETICS - MITCHELL DEFEATS BAILEY IN ZURICH.\n\nDennis Mitchell beat Bailey in Zurich."}
    mentions = [
        *span(parts, "ATHLETICS - MITCHELL DEFEATS", "ORG"),
        *span(parts, "ZURICH", "GPE"),
        *span(parts, "Dennis Mitchell", "PERSON"),
        *span(parts, "Bailey", "PERSON"),
    ]
    found = finish(parts, mentions)
    caps = texts(found, "caps")
    assert "ATHLETICS" not in caps and "MITCHELL DEFEATS" not in caps
    assert "ZURICH" in caps  # a city the gazetteer knows


def test_capitalised_ordinary_words_at_a_sentence_start_are_dropped() -> None:
    parts = {"body": "Budget talks resumed. The budget was late, said Gordon Brown."}
    mentions = [*span(parts, "Budget", "ORG"), *span(parts, "Gordon Brown", "PERSON")]
    assert texts(finish(parts, mentions), "model") == ["Gordon Brown"]


def test_names_in_results_tables_are_found_where_the_model_missed_them() -> None:
    parts = {"body": "Chester-le-Street: Glamorgan 259 and 207 (A. Dale 69), Durham 114 and 81-3."}
    found = finish(parts, [])
    rows = {m.text: m.label for m in found if m.origin == "row"}
    assert rows == {"Glamorgan": "ORG", "A. Dale": "PERSON", "Durham": "ORG"}


def test_tables_of_money_hold_no_names() -> None:
    parts = {"body": "Revs 12.3 mln vs 11.1 mln\n\nNet 1,234 vs 987"}
    assert finish(parts, []) == []


def test_other_occurrences_of_a_name_are_mentions_too() -> None:
    parts = {
        "title": "Russia's Lavrov visits Caracas",
        "body": "Sergei Lavrov arrived on Monday. Officials said Lavrov would meet Maduro. Caracas was calm.",
    }
    mentions = [*span(parts, "Sergei Lavrov", "PERSON"), *span(parts, "Caracas", "GPE", "title")]
    found = finish(parts, mentions)
    echoes = [(m.field, m.text) for m in found if m.origin == "echo"]
    assert ("body", "Lavrov") in echoes  # the surname, after the full name
    assert ("title", "Lavrov") in echoes
    assert ("body", "Caracas") not in echoes  # it opens a sentence: a one-word echo there says nothing


def test_caps_lines_are_mostly_capitals() -> None:
    assert is_caps_line("CRICKET - LEICESTERSHIRE TAKE OVER AT TOP")
    assert not is_caps_line("Leicestershire beat Somerset by an innings")
