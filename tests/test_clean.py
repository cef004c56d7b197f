"""Rules for separating an article body from trailer and chrome."""

from __future__ import annotations

import pytest

from index.read.clean import (
    clean_body,
    drop_leading_credits,
    drop_pull_quotes,
    is_chrome,
    is_end_marker,
    restore_drop_cap,
    split_trailer,
)
from index.read.markup import Unit

OPENING = Unit("The city council approved the new parking rules on Tuesday.")
CLOSING = Unit("The rules take effect next spring, officials said.")
LONG = Unit(
    "Residents who spoke at the hearing were divided, with shop owners on the "
    "main street saying that the new fees would drive customers away while "
    "parents near the school said the changes were overdue and would make the "
    "crossing safer for children walking home in the dark winter evenings."
)


def test_long_fixture_paragraph_is_prose_length() -> None:
    assert LONG.words >= 40


@pytest.mark.parametrize(
    "text",
    [
        "Original url: https://example.com/a",
        "Source link",
        "First published on 13 May 2019",
        "© 2019 Acme Media",
        "(c) 2019 Acme Media",
        "Copyright Acme Media",
        "Acme Media. All rights reserved.",
        "Credit: Acme News",
        "This article was originally published by Acme.",
        "The piece first appeared in Acme Weekly.",
        "Originally appeared at acme.org",
        "The views expressed are the author's own.",
        "Email this article",
        "Share this:",
        "Print on demand",
        "Community Posts",
        "Sign up for our newsletter",
        "You have successfully subscribed.",
        "Tags: politics, Moscow",
        "Filed under: Europe",
        "Our social media marketing partner will collect data.",
    ],
)
def test_lines_that_end_an_article_are_end_markers(text: str) -> None:
    assert is_end_marker(text) is True


@pytest.mark.parametrize(
    "text",
    [
        "The share price fell by a third.",
        "He shared this view with reporters.",
        "Subscribers complained about the price.",
        "The credits rolled at midnight.",
        "Tags were fitted to the birds.",
        "She first published her poems in 1990.",
        "A copy of the report was leaked.",
    ],
)
def test_ordinary_prose_is_not_an_end_marker(text: str) -> None:
    assert is_end_marker(text) is False


@pytest.mark.parametrize(
    "text",
    [
        "Related: Mayor quits after scandal",
        "Read more: The parking wars",
        "Recommended stories: three more",
        "See also: Budget talks",
        "Advertisement",
        "The mayor at the ceremony. (Photo: Anna Petrova)",
        "Protesters in the square. (Credit: Acme)",
        "Riot police in Moscow. Photo: Reuters",
        "The Kremlin on Monday. File photo / AP.",
        "Photo credit: Anna Petrova",
        "Image: Acme archive",
    ],
)
def test_chrome_lines_are_recognised(text: str) -> None:
    assert is_chrome(text) is True


@pytest.mark.parametrize(
    "text",
    [
        "Read more about the case in our archive.",
        "Related issues were raised in May.",
        "The photo was taken by a tourist.",
        "Advertisement revenue fell sharply.",
        "(Mayor Petrova declined to comment.)",
    ],
)
def test_prose_is_not_chrome(text: str) -> None:
    assert is_chrome(text) is False


def test_trailer_starts_at_the_copyright_line() -> None:
    units = [OPENING, LONG, CLOSING, Unit("© 2019 Acme Media"), Unit("Share this")]
    split = split_trailer(units)
    assert split.body == [OPENING, LONG, CLOSING]
    assert split.trailer == [Unit("© 2019 Acme Media"), Unit("Share this")]


def test_long_paragraph_after_a_copyright_line_is_not_cut_off() -> None:
    units = [OPENING, Unit("Copyright 2019 Acme Media"), LONG, CLOSING]
    split = split_trailer(units)
    assert split.body == units
    assert split.trailer == []


def test_later_end_marker_is_the_cut_when_prose_follows_the_first() -> None:
    marker = Unit("Original url: https://example.com/2019/05/13/parking")
    units = [OPENING, Unit("© 2019 Acme Media"), LONG, marker]
    split = split_trailer(units)
    assert split.body == units[:3]
    assert split.trailer == [marker]


def test_long_chrome_or_marker_lines_after_the_cut_do_not_block_it() -> None:
    long_tags = Unit("Tags: " + ", ".join(f"topic{n}" for n in range(45)))
    long_related = Unit("Related: " + " ".join(["headline"] * 45))
    units = [OPENING, Unit("© 2019 Acme Media"), long_tags, long_related]
    assert split_trailer(units).body == [OPENING]


def test_first_unit_is_never_the_trailer() -> None:
    units = [Unit("Copyright Wars Heat Up"), OPENING]
    assert split_trailer(units).body == units


def test_closing_sentence_about_a_story_s_first_publication_is_body() -> None:
    last = Unit("The story was first published in Novy Mir in 1962, during Khrushchev's thaw.")
    units = [OPENING, LONG, last]
    assert split_trailer(units).body == units


def test_short_unpunctuated_lines_under_the_header_are_photo_credits() -> None:
    units = [Unit("Kremlin.ru"), Unit("Zuma / TASS"), OPENING, Unit("Short one")]
    assert drop_leading_credits(units) == [OPENING, Unit("Short one")]


@pytest.mark.parametrize(
    "first",
    [Unit("He resigned."), Unit("Seven words here that are not punctuated")],
    ids=["punctuated", "seven-words"],
)
def test_body_opening_is_not_taken_for_a_credit(first: Unit) -> None:
    units = [first, OPENING]
    assert drop_leading_credits(units) == units


def test_page_of_nothing_but_short_lines_keeps_them_all() -> None:
    units = [Unit("Kremlin.ru"), Unit("Zuma / TASS")]
    assert drop_leading_credits(units) == units


def test_emphasised_repeat_of_body_text_is_a_pull_quote() -> None:
    quote = Unit("the new fees would drive customers away", emphasis=True)
    assert drop_pull_quotes([OPENING, quote, LONG]) == [OPENING, LONG]


@pytest.mark.parametrize(
    "unit",
    [
        Unit("The new fees would drive customers away"),
        Unit("Fees will ruin us, say shopkeepers", emphasis=True),
    ],
    ids=["plain-repeat", "emphasised-unique"],
)
def test_unit_that_is_not_an_emphasised_repeat_is_not_a_pull_quote(unit: Unit) -> None:
    units = [OPENING, unit, LONG]
    assert drop_pull_quotes(units) == units


def test_short_italic_subheading_is_not_a_pull_quote() -> None:
    units = [
        OPENING,
        Unit("The aftermath", emphasis=True),
        Unit("The aftermath of the vote split the council."),
    ]
    assert drop_pull_quotes(units) == units


def test_drop_cap_is_restored_from_the_word_spelled_elsewhere() -> None:
    units = [Unit("enezuela is in crisis."), Unit("Venezuela's president spoke.")]
    assert restore_drop_cap(units) == [
        Unit("Venezuela is in crisis."),
        Unit("Venezuela's president spoke."),
    ]


@pytest.mark.parametrize(
    "units",
    [
        [Unit("enezuela is in crisis."), Unit("Nobody spells it out.")],
        [Unit("Venezuela is in crisis."), Unit("Venezuela again.")],
        [Unit("iPhone sales fell."), Unit("Apple sold fewer iPhones.")],
        [Unit("1990 was a year."), Unit("Another.")],
        [],
    ],
    ids=["no-evidence", "capitalised", "camel-case", "digit-start", "empty"],
)
def test_drop_cap_is_left_alone_without_evidence(units: list[Unit]) -> None:
    assert restore_drop_cap(units) == units


def test_ambiguous_drop_cap_does_not_take_the_wrong_letter() -> None:
    units = [
        Unit("he crisis deepened on Monday."),
        Unit("She said the talks had failed."),
        Unit("The talks resume in May. The council agreed."),
    ]
    repaired = restore_drop_cap(units)[0].text
    assert repaired in {"he crisis deepened on Monday.", "The crisis deepened on Monday."}


def test_clean_body_drops_chrome_and_pull_quotes_and_restores_drop_cap() -> None:
    units = [
        Unit("he city council met on Tuesday to vote on the budget."),
        Unit("Advertisement"),
        Unit("council met on Tuesday to vote on the budget", emphasis=True),
        Unit("Related: Mayor quits"),
        Unit("The vote was close."),
    ]
    assert clean_body(units) == ["The city council met on Tuesday to vote on the budget.", "The vote was close."]
