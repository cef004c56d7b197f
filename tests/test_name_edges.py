"""Where names begin and end inside the spans the model tags."""

from __future__ import annotations

import pytest

from index.entities.name_edges import is_table_line, name_pieces


def pieces(text: str, *, in_table: bool = False) -> list[str]:
    return [text[start:end] for start, end in name_pieces(text, in_table=in_table)]


@pytest.mark.parametrize(
    ("span", "expected"),
    [
        ("Alan Milburn - the", ["Alan Milburn"]),  # a spaced dash used as punctuation
        ("Roger Federer - nice", ["Roger Federer"]),
        ("Scott Draper (Australia", ["Scott Draper", "Australia"]),  # into a bracket
        ("Willie\n\nWood", ["Willie", "Wood"]),  # across a line break
        ("Grace Road, Leicestershire", ["Grace Road", "Leicestershire"]),
        ("the Federal Reserve", ["Federal Reserve"]),  # lower-case words at the edges
        ("Interfax news agency", ["Interfax"]),
        ("ex-England", ["England"]),  # a prefix glued on
        ("Lavrov's", ["Lavrov"]),
        ("9 - Hakan Sukur", ["Hakan Sukur"]),  # a seeding number
        ("Kent 108-3", ["Kent"]),  # a score
        ("de Silva 4-0-25-0", ["de Silva"]),  # bowling figures; the particle stays
    ],
)
def test_spans_are_cut_to_the_names_they_hold(span: str, expected: list[str]) -> None:
    assert pieces(span) == expected


@pytest.mark.parametrize(
    "span",
    [
        "Bank of England",
        "Bashar al-Assad",
        "Chester-le-Street",
        "First Albany Corp.",
        "U.S.",
        "Texaco, Inc.",
        "Channel 4",
        "Smith Barney, Harris Upham and Co",  # a company's full name keeps its commas
        "Borg-Warner (Australia) Ltd",  # and its brackets
    ],
)
def test_names_keep_what_belongs_to_them(span: str) -> None:
    assert pieces(span) == [span]


def test_in_a_table_numbers_separate_names() -> None:
    assert pieces("Pohang 3 Ulsan 2", in_table=True) == ["Pohang", "Ulsan"]
    assert pieces("Leicestershire 296", in_table=True) == ["Leicestershire"]


def test_a_span_with_no_name_left_gives_nothing() -> None:
    assert pieces("182nd") == []
    assert pieces("the - of") == []


def test_offsets_point_into_the_span() -> None:
    span = "the Bank of Japan's"
    assert name_pieces(span) == [(4, 17)]


@pytest.mark.parametrize(
    ("line", "table"),
    [
        ("Somerset 83 and 174 (P. Simmons 4-38), Leicestershire 296.", True),
        ("Chester 4 1 1 2 5 6 4", True),
        ("Channel 4 said on Monday it would show the film in 2005.", False),
        ("Russia has sold Venezuela arms worth billions of dollars.", False),
    ],
)
def test_table_lines_are_mostly_numbers(line: str, table: bool) -> None:
    assert is_table_line(line) is table
