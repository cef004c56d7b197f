"""Rules for recognising printed dates: datelines, dates inside text, URL dates."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from index.read.dates import (
    date_from_url,
    find_date,
    parse_dateline,
    parse_datetime_line,
    parse_iso,
)


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("May 13, 2019", date(2019, 5, 13)),
        ("Monday, May 13, 2019", date(2019, 5, 13)),
        ("Tues. May 14, 2019", date(2019, 5, 14)),
        ("Sept. 5, 2019", date(2019, 9, 5)),
        ("Apr 6 2019", date(2019, 4, 6)),
        ("May 13th, 2019", date(2019, 5, 13)),
        ("  december 1, 2018  ", date(2018, 12, 1)),
    ],
)
def test_month_first_dateline_parses_to_its_date(line: str, expected: date) -> None:
    assert parse_dateline(line) == expected


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("05 April 2019", date(2019, 4, 5)),
        ("Wednesday, 1st May 2019", date(2019, 5, 1)),
        ("5 Apr 19", date(2019, 4, 5)),
        ("1 Jan 85", date(1985, 1, 1)),
    ],
)
def test_day_first_dateline_parses_to_its_date(line: str, expected: date) -> None:
    assert parse_dateline(line) == expected


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("2019-04-05", date(2019, 4, 5)),
        ("2019/04/05", date(2019, 4, 5)),
        ("2019-4-5", date(2019, 4, 5)),
    ],
)
def test_numeric_dateline_parses_to_its_date(line: str, expected: date) -> None:
    assert parse_dateline(line) == expected


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Monday, May 13, 2019 9:10 AM EDT", datetime(2019, 5, 13, 9, 10)),
        ("April 4, 2019 at 9:10 p.m.", datetime(2019, 4, 4, 21, 10)),
        ("May 13, 2019 - 12:05 AM", datetime(2019, 5, 13, 0, 5)),
        ("May 13, 2019 12:30 PM", datetime(2019, 5, 13, 12, 30)),
        ("Friday, 05 April 2019 08:31", datetime(2019, 4, 5, 8, 31)),
        ("05 April 2019 08:31:45 GMT", datetime(2019, 4, 5, 8, 31, 45)),
        ("2019/04/05 09:22", datetime(2019, 4, 5, 9, 22)),
        ("2019-04-05T09:22:07", datetime(2019, 4, 5, 9, 22, 7)),
    ],
)
def test_weekday_dateline_with_time_parses_to_its_date_and_time(line: str, expected: datetime) -> None:
    assert parse_datetime_line(line) == expected
    assert parse_dateline(line) == expected.date()


@pytest.mark.parametrize(
    "line",
    [
        "The talks ended on May 13, 2019.",
        "May 13, 2019 was a turning point",
        "Published May 13, 2019",
        "May 2019",
        "13 May",
        "By Anna Petrova",
        "12:30",
        "",
    ],
)
def test_ordinary_prose_is_not_a_dateline(line: str) -> None:
    assert parse_dateline(line) is None
    assert parse_datetime_line(line) is None


@pytest.mark.parametrize(
    "line",
    ["February 30, 2019", "31 April 2019", "2019-13-01", "May 13, 2019 25:00"],
)
def test_impossible_calendar_date_is_not_a_dateline(line: str) -> None:
    assert parse_dateline(line) is None


def test_dateline_with_dotted_time_parses_to_its_date() -> None:
    assert parse_dateline("Sat 6 Apr 2019 08.00 BST") == date(2019, 4, 6)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("First published on 13 May 2019 by Acme.", date(2019, 5, 13)),
        ("Posted 2019-04-05 and updated later", date(2019, 4, 5)),
        ("The vote, held on Sept. 5, 2019, was close.", date(2019, 9, 5)),
    ],
)
def test_find_date_finds_a_date_inside_text(text: str, expected: date) -> None:
    assert find_date(text) == expected


def test_find_date_returns_the_earliest_date_written() -> None:
    text = "Updated 2019-06-01; first published May 13, 2019"
    assert find_date(text) == date(2019, 6, 1)


def test_find_date_skips_an_impossible_date_for_a_later_real_one() -> None:
    assert find_date("February 30, 2019 or else March 3, 2019") == date(2019, 3, 3)


@pytest.mark.parametrize("text", ["Nothing here but 2019 and May.", "ref id2019-04-05x", ""])
def test_find_date_without_a_date_is_none(text: str) -> None:
    assert find_date(text) is None


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (date(2019, 5, 13), date(2019, 5, 13)),
        (datetime(2019, 5, 13, 23, 59), date(2019, 5, 13)),
        ("2019-05-13", date(2019, 5, 13)),
        ("May 13, 2019", date(2019, 5, 13)),
        (None, None),
        ("", None),
        (20190513, date(2019, 5, 13)),  # ISO 8601 basic form, as YAML reads an unquoted 20190513
        ("soon", None),
    ],
)
def test_parse_iso_reads_front_matter_dates(value: object, expected: date | None) -> None:
    assert parse_iso(value) == expected


@pytest.mark.parametrize("value", ["2019-05-13T09:10:00Z", "2019-05-13T09:10:00+03:00"])
def test_parse_iso_reads_timestamp_with_zone(value: str) -> None:
    assert parse_iso(value) == date(2019, 5, 13)


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://example.com/2019/05/13/some-slug", date(2019, 5, 13)),
        ("https://example.com/news/2019/5/3/", date(2019, 5, 3)),
        ("https://example.com/2019/05/13", date(2019, 5, 13)),
    ],
)
def test_date_from_url_reads_year_month_day_path(url: str, expected: date) -> None:
    assert date_from_url(url) == expected


@pytest.mark.parametrize(
    "url",
    [
        "https://example.com/2019/05/some-slug",
        "https://example.com/2019/13/40/x",
        "https://example.com/1850/05/13/x",
        "https://example.com/story-2019-05-13",
        "https://example.com/2019/05/13x/",
    ],
)
def test_url_without_a_full_date_path_gives_no_date(url: str) -> None:
    assert date_from_url(url) is None
