"""Rules for reading an article header: title, dek, byline, dateline, banners."""

from __future__ import annotations

from datetime import date

import pytest

from index.read.header import HEADER_WINDOW, parse_byline, parse_header, split_names
from index.read.markup import Unit

BODY = Unit("The parliament voted on Monday to approve the law by a wide margin.")


def test_heading_title_byline_and_dateline_are_read() -> None:
    units = [
        Unit("Mayor Signs New Parking Law", heading=True),
        Unit("By Anna Petrova and John Smith"),
        Unit("May 13, 2019"),
        BODY,
    ]
    header = parse_header(units)
    assert header.title == "Mayor Signs New Parking Law"
    assert header.authors == ["Anna Petrova", "John Smith"]
    assert header.date == date(2019, 5, 13)
    assert header.credits == []
    assert header.end == 2


def test_first_headline_like_line_is_the_title_without_markdown() -> None:
    units = [Unit("Mayor Signs New Parking Law"), Unit("Friday, 05 April 2019"), BODY]
    header = parse_header(units)
    assert (header.title, header.date, header.end) == (
        "Mayor Signs New Parking Law",
        date(2019, 4, 5),
        1,
    )


@pytest.mark.parametrize(
    "first",
    [BODY, Unit("Alone"), Unit(" ".join(["word"] * 31))],
    ids=["sentence", "one-word", "too-long"],
)
def test_first_line_that_does_not_read_like_a_headline_is_not_a_title(
    first: Unit,
) -> None:
    header = parse_header([first, BODY])
    assert header.title == ""
    assert header.end == -1


def test_banner_lines_above_the_title_are_noted_and_skipped() -> None:
    units = [
        Unit("RSN Fundraising Banner"),
        Unit("Advertisement"),
        Unit("Skip to main content"),
        Unit("Mayor Signs New Parking Law"),
        Unit("By Anna Petrova"),
        BODY,
    ]
    header = parse_header(units)
    assert header.banners == ["RSN"]
    assert header.title == "Mayor Signs New Parking Law"
    assert header.authors == ["Anna Petrova"]
    assert header.end == 4


def test_emphasised_line_under_the_title_is_the_dek() -> None:
    units = [
        Unit("Mayor Signs New Parking Law", heading=True),
        Unit("The bill passed in a single day.", emphasis=True),
        Unit("By Anna Petrova"),
        BODY,
    ]
    header = parse_header(units)
    assert header.dek == "The bill passed in a single day."
    assert header.end == 2


def test_plain_line_under_the_title_is_not_the_dek() -> None:
    units = [Unit("Mayor Signs New Parking Law", heading=True), BODY]
    header = parse_header(units)
    assert header.dek == ""
    assert header.end == 0


def test_byline_crediting_an_outlet_separates_people_from_outlets() -> None:
    units = [
        Unit("Mayor Signs New Parking Law", heading=True),
        Unit("By Daria Litvinova, CBS News"),
        BODY,
    ]
    header = parse_header(units)
    assert header.authors == ["Daria Litvinova"]
    assert header.credits == ["CBS News"]


def test_repeated_title_moves_the_header_end_past_the_teaser() -> None:
    units = [
        Unit("Mayor Signs New Parking Law", heading=True),
        Unit("Photo of the signing ceremony"),
        Unit("Mayor signs new parking law!"),
        Unit("By Anna Petrova"),
        BODY,
    ]
    header = parse_header(units)
    assert header.title == "Mayor Signs New Parking Law"
    assert header.authors == ["Anna Petrova"]
    assert header.end == 3


def test_first_byline_sets_the_authors_and_later_ones_only_add_credits() -> None:
    units = [
        Unit("Mayor Signs New Parking Law", heading=True),
        Unit("By Anna Petrova"),
        Unit("By John Smith, Reuters"),
        BODY,
    ]
    header = parse_header(units)
    assert header.authors == ["Anna Petrova"]
    assert header.credits == ["Reuters"]


def test_sentence_case_title_with_trailing_byline_is_split() -> None:
    unit = Unit("Kremlin critic released after two weeks in jail By Anna Petrova", heading=True)
    header = parse_header([unit, BODY])
    assert header.title == "Kremlin critic released after two weeks in jail"
    assert header.authors == ["Anna Petrova"]


def test_title_case_headline_keeps_a_trailing_by_phrase() -> None:
    # In Title Case 'By' is an ordinary word; splitting would invent an author.
    unit = Unit("Kremlin Critic Released After Two Weeks By Anna Petrova", heading=True)
    header = parse_header([unit, BODY])
    assert (header.title, header.authors) == (unit.text, [])


@pytest.mark.parametrize("title", ["Stand By Me Forever", "Stand By Me", "Stand by Me"])
def test_short_title_containing_by_is_kept_whole(title: str) -> None:
    header = parse_header([Unit(title, heading=True), BODY])
    assert header.title == title
    assert header.authors == []


def test_headline_with_stand_by_phrase_is_not_split_into_a_byline() -> None:
    title = "Why Europe Must Stand By Ukraine Now"
    header = parse_header([Unit(title, heading=True), BODY])
    assert (header.title, header.authors) == (title, [])


def test_headline_ending_in_an_abbreviation_is_a_title() -> None:
    units = [Unit("China Retaliates Against the U.S."), Unit("By Anna Petrova"), BODY]
    assert parse_header(units).title == "China Retaliates Against the U.S."


def test_header_lines_beyond_the_window_are_not_read() -> None:
    units = [Unit("Mayor Signs New Parking Law", heading=True)]
    units += [Unit(f"Paragraph number {n}.") for n in range(1, HEADER_WINDOW)]
    units += [Unit("By Anna Petrova"), Unit("May 13, 2019")]
    header = parse_header(units)
    assert header.authors == []
    assert header.date is None
    assert header.end == 0


def test_prose_mentioning_a_date_does_not_date_the_article() -> None:
    units = [
        Unit("Mayor Signs New Parking Law", heading=True),
        Unit("The law takes effect on May 13, 2019."),
    ]
    assert parse_header(units).date is None


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("By Anna Petrova", (["Anna Petrova"], [])),
        ("Written by: Anna Petrova & John Smith", (["Anna Petrova", "John Smith"], [])),
        ("by Anna Petrova | Reuters", (["Anna Petrova"], ["Reuters"])),
        ("BY ANNA PETROVA.", (["ANNA PETROVA"], [])),
        ("Story by The Associated Press", ([], ["The Associated Press"])),
    ],
)
def test_byline_forms_are_recognised(line: str, expected: tuple[list[str], list[str]]) -> None:
    assert parse_byline(line) == expected


@pytest.mark.parametrize(
    "line",
    [
        "Bypass road reopens",
        "Stand by me",
        "By",
        "Posted by admin",
        "By a long way this was the largest and most bitterly fought vote the city has held in a decade",
    ],
)
def test_lines_that_are_not_bylines(line: str) -> None:
    assert parse_byline(line) is None


@pytest.mark.parametrize(
    "line",
    [
        "By Monday, the protests had spread to five cities.",
        "By the numbers: Russia's oil exports in 2019",
    ],
)
def test_sentence_opening_with_by_is_not_a_byline(line: str) -> None:
    assert parse_byline(line) is None


@pytest.mark.parametrize(
    ("names", "expected"),
    [
        ("Daria Litvinova, CBS News", (["Daria Litvinova"], ["CBS News"])),
        ("Anna Petrova and John Smith.", (["Anna Petrova", "John Smith"], [])),
        ("Anna Petrova; AFP; Reuters", (["Anna Petrova"], ["AFP", "Reuters"])),
        (" , ", ([], [])),
    ],
)
def test_split_names_separates_people_from_outlets(names: str, expected: tuple[list[str], list[str]]) -> None:
    assert split_names(names) == expected
