"""Rules for naming a page's publisher from names, domains and acronyms."""

from __future__ import annotations

import pytest

from index.read.publishers import (
    canonical_publisher,
    expand_acronym,
    from_url,
    is_known,
    looks_like_outlet,
)


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Thomson Reuters", "Reuters"),
        ("CBS Interactive Inc.", "CBS News"),
        ("The Associated Press", "Associated Press"),
        ("AP", "Associated Press"),
        ("a.f.p.", "Agence France-Presse"),
        ("bbc.co.uk", "BBC News"),
        ("Guardian News & Media Limited", "The Guardian"),
        ("nytimes.com", "The New York Times"),
        ("Bloomberg L.P.", "Bloomberg"),
        ("  Reuters. ", "Reuters"),
    ],
)
def test_known_publisher_forms_map_to_the_name_readers_know(name: str, expected: str) -> None:
    assert canonical_publisher(name) == expected


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Meduza LLC", "Meduza"),
        ("Acme Media, Inc.", "Acme Media"),
        ("Novaya Gazeta Ltd.", "Novaya Gazeta"),
        ("Beispiel GmbH", "Beispiel"),
    ],
)
def test_unknown_publisher_loses_its_corporate_suffix(name: str, expected: str) -> None:
    assert canonical_publisher(name) == expected


@pytest.mark.parametrize("name", ["Meduza", "Coda Story", "Mexico News Daily"])
def test_unknown_publisher_without_suffix_is_kept_as_written(name: str) -> None:
    assert canonical_publisher(name) == name


@pytest.mark.parametrize("name", ["", "   ", " .; "])
def test_blank_publisher_stays_blank(name: str) -> None:
    assert canonical_publisher(name) == ""


@pytest.mark.parametrize(
    ("name", "known"),
    [("Reuters Ltd", True), ("cnn.com", True), ("Meduza", False), ("Acme News", False)],
)
def test_is_known_only_for_listed_outlets(name: str, known: bool) -> None:
    assert is_known(name) is known


@pytest.mark.parametrize(
    "name",
    ["Reuters", "CBS News", "AFP", "Daily Maverick", "The Moscow Times", "Acme Radio"],
)
def test_outlet_names_look_like_outlets(name: str) -> None:
    assert looks_like_outlet(name) is True


@pytest.mark.parametrize(
    "name",
    ["Daria Litvinova", "Gavin Newsom", "Anna Smith-Jones", "Tim Postman", "Ann Timesh"],
)
def test_person_name_is_not_an_outlet(name: str) -> None:
    assert looks_like_outlet(name) is False


@pytest.mark.parametrize("name", ["Bill Press", "Emily Post"])
def test_person_whose_surname_is_an_outlet_word_is_not_an_outlet(name: str) -> None:
    assert looks_like_outlet(name) is False


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://www.reuters.com/article/x", "Reuters"),
        ("https://uk.reuters.com/article/x", "Reuters"),
        ("https://edition.cnn.com/2019/05/13/x", "CNN"),
        ("https://www.bbc.co.uk/news/world-1", "BBC News"),
        ("https://apnews.com/abc", "Associated Press"),
        ("http://WWW.NYTIMES.COM/x", "The New York Times"),
    ],
)
def test_url_of_a_known_outlet_names_that_outlet(url: str, expected: str) -> None:
    assert from_url(url) == expected


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://meduza.io/en/news", "Meduza"),
        ("https://news.example.co.uk/x", "Example"),
        ("https://www.abc.net.au/news", "Abc"),
        ("https://readersupportednews.org/opinion", "Readersupportednews"),
        ("https://localhost/x", "Localhost"),
    ],
)
def test_url_of_an_unknown_site_gives_its_readable_name(url: str, expected: str) -> None:
    assert from_url(url) == expected


@pytest.mark.parametrize("url", ["", "not a url", "/relative/path"])
def test_url_without_a_host_names_no_publisher(url: str) -> None:
    assert from_url(url) is None


@pytest.mark.parametrize(
    ("acronym", "text", "expected"),
    [
        ("RSN", "Support Reader Supported News today.", "Reader Supported News"),
        ("R.S.N.", "Reader Supported News is free.", "Reader Supported News"),
        ("RFE", "Radio Free Europe/Radio Liberty", "Radio Free Europe"),
        ("MT", "Read The Moscow Times daily.", "Moscow Times"),
    ],
)
def test_acronym_is_spelled_out_from_the_page_text(acronym: str, text: str, expected: str) -> None:
    assert expand_acronym(acronym, text) == expected


@pytest.mark.parametrize(
    ("acronym", "text"),
    [
        ("RSN", "reader supported news"),
        ("RSN", "Reader News"),
        ("rsn", "Reader Supported News"),
        ("R", "Reader"),
        ("ABCDEFG", "Alpha Beta Charlie Delta Echo Foxtrot Golf"),
        ("RSN", "Read SomethingNew"),
    ],
)
def test_acronym_without_a_matching_capitalised_phrase_is_not_expanded(acronym: str, text: str) -> None:
    assert expand_acronym(acronym, text) is None
