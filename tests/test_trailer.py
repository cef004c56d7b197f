"""Rules for reading page facts (URL, publisher, credits, date) from a trailer."""

from __future__ import annotations

from datetime import date

import pytest

from index.read.trailer import PageFacts, read_trailer


def facts(trailer: list[str], banners: list[str] | None = None, page: str = "") -> PageFacts:
    return read_trailer(trailer, [], banners or [], page)


def test_empty_trailer_states_no_facts() -> None:
    assert facts([]) == PageFacts()


def test_labelled_original_url_is_read_and_names_the_publisher() -> None:
    result = facts(["Original url: https://www.example.com/2019/05/13/parking."])
    assert result.url == "https://www.example.com/2019/05/13/parking"
    assert result.publisher == "Example"


def test_url_on_the_line_after_its_label_is_read() -> None:
    result = facts(["Share this", "Source link:", "https://meduza.io/en/feature/x"])
    assert result.url == "https://meduza.io/en/feature/x"
    assert result.publisher == "Meduza"


def test_labelled_url_wins_over_other_footer_urls() -> None:
    trailer = [
        "Follow us at https://social.example.org/acme",
        "Original URL: https://acme.org/story",
    ]
    assert facts(trailer).url == "https://acme.org/story"


def test_single_unlabelled_url_in_the_footer_is_the_url() -> None:
    trailer = ["Read it at https://acme.org/a, or https://acme.org/a."]
    assert facts(trailer).url == "https://acme.org/a"


def test_several_unlabelled_urls_give_no_url() -> None:
    trailer = ["Visit https://acme.org/a", "Or https://other.org/b"]
    assert facts(trailer) == PageFacts()


def test_opinion_disclaimer_names_the_publisher_ahead_of_copyright() -> None:
    trailer = [
        "The views expressed in this article are the author's own and do not "
        "necessarily reflect the position of Al Jazeera.",
        "© 2019 Thomson Reuters",
    ]
    assert facts(trailer).publisher == "Al Jazeera"


def test_disclaimer_naming_the_editorial_policy_names_the_publisher() -> None:
    trailer = [
        "The opinions expressed here do not necessarily reflect the editorial policy of Acme Weekly.",
        "© 2019 Acme Holdings",
    ]
    assert facts(trailer).publisher == "Acme Weekly"


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("© 2019 Thomson Reuters. All rights reserved.", "Reuters"),
        ("Copyright (c) 2019 Acme Media Ltd.", "Acme Media"),
        ("Copyright © 2019 Acme Media, Inc. All rights reserved.", "Acme Media"),
        ("(c) 2018-2019 The Associated Press | Terms of use", "Associated Press"),
        ("© 2019 Bloomberg L.P.", "Bloomberg"),
        ("Copyright Acme Weekly all rights reserved", "Acme Weekly"),
    ],
)
def test_copyright_holder_is_the_publisher(line: str, expected: str) -> None:
    assert facts([line]).publisher == expected


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("© Copyright 2019, Acme Media", "Acme Media"),
        ("Copyright 2019. All rights reserved.", None),
        ("© 2019 All rights reserved.", None),
    ],
)
def test_copyright_line_without_a_plain_holder_names_no_odd_publisher(line: str, expected: str | None) -> None:
    assert facts([line]).publisher == expected


def test_credit_and_originally_published_lines_are_collected_as_credits() -> None:
    trailer = [
        "Credit: The Associated Press.",
        "This article originally appeared in The Moscow Times.",
        "Originally published by the website of Meduza",
    ]
    result = facts(trailer)
    assert result.credits == ["Associated Press", "The Moscow Times", "Meduza"]
    assert result.publisher is None


def test_first_published_line_gives_the_date() -> None:
    assert facts(["First published on 13 May 2019."]).date == date(2019, 5, 13)


def test_date_on_another_trailer_line_is_not_the_publication_date() -> None:
    assert facts(["Updated 2019-06-01", "Share this"]).date is None


@pytest.mark.parametrize(
    ("banner", "page", "expected"),
    [
        ("RSN Summer Fund Drive", "Donate to Reader Supported News.", "Reader Supported News"),
        ("XYZ Fund Drive", "No expansion here.", "XYZ"),
        ("Meduza Annual Fundraising Appeal", "", "Meduza"),
    ],
)
def test_banner_names_the_publisher_without_campaign_words(banner: str, page: str, expected: str) -> None:
    assert facts([], [banner], page).publisher == expected


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Mexico News Daily publishes news about Mexico every day.", "Mexico News Daily"),
        ("Acme Weekly is an independent outlet.", "Acme Weekly"),
        ("Founder, Reader Supported News", "Reader Supported News"),
    ],
)
def test_promo_and_signature_lines_name_the_publisher(line: str, expected: str) -> None:
    assert facts([line]).publisher == expected


@pytest.mark.parametrize(
    ("trailer", "banners", "expected"),
    [
        (
            ["Acme Daily publishes news.", "© 2019 Bar Media", "https://baz.org/x"],
            ["Qux Banner"],
            "Bar Media",
        ),
        (["Acme Daily publishes news.", "https://baz.org/x"], ["Qux Media"], "Qux Media"),
        (["Acme Daily publishes news.", "https://baz.org/x"], [], "Acme Daily"),
        (["https://baz.org/x"], [], "Baz"),
    ],
    ids=["copyright", "banner", "promo", "url"],
)
def test_publisher_prefers_copyright_then_banner_then_promo_then_url(
    trailer: list[str], banners: list[str], expected: str
) -> None:
    assert facts(trailer, banners).publisher == expected


def test_comment_preamble_is_read_for_the_publisher() -> None:
    result = read_trailer([], ["Please be civil.", "© 2019 Acme Media"], [], "")
    assert result.publisher == "Acme Media"
