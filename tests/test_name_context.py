"""What the words around a name show about its kind."""

from __future__ import annotations

import pytest

from index.entities.name_context import cue


def cue_of(text: str, name: str) -> str | None:
    start = text.index(name)
    return cue(text, start, start + len(name))


@pytest.mark.parametrize(
    ("text", "name", "expected"),
    [
        ("said analyst Vladimir Frolov on Monday.", "Vladimir Frolov", "person"),  # a role before
        ("Rusakova, an analyst at the institute, said.", "Rusakova", "person"),  # a role in apposition
        ("Rusakova said she was surprised.", "Rusakova", "person"),  # speech, then she
        ("Irina Privalova (Russia) 10.98", "Irina Privalova", "person"),  # a country in brackets
        ("Kremlin spokesman Dmitry Peskov denied it.", "Kremlin", "org"),  # a role after, then a name
        ("Lib Dem Treasury spokesman Vince Cable said.", "Lib Dem Treasury", "org"),
        ("Somerset 83 and 174 (P. Simmons 4-38), Leicestershire 296.", "Somerset", "org"),  # a score in a table
        ("She won the Oscars last year.", "Oscars", "the"),  # a definite article
        ("The minister met Putin in Moscow.", "Putin", None),
    ],
)
def test_context_shows_the_kind(text: str, name: str, expected: str | None) -> None:
    assert cue_of(text, name) == expected


def test_a_score_in_prose_says_nothing() -> None:
    assert cue_of("Channel 4 said on Monday it would show the film.", "Channel") is None


def test_a_player_in_a_table_is_not_a_team() -> None:
    """Only one word followed by a score is a team; a full name may be a golfer's."""
    assert cue_of("Colin Montgomerie 69 68 70 207", "Colin Montgomerie") is None


def test_brackets_that_are_no_country_say_nothing() -> None:
    assert cue_of("Gazprom (GAZP) fell 3 percent.", "Gazprom") is None
