"""Rules for reducing raw text and Markdown to plain units."""

from __future__ import annotations

import pytest

from index.read.markup import (
    Unit,
    inline_text,
    join_split_paragraphs,
    normalize,
    strip_html,
    to_unit,
    to_units,
)


def test_normalize_unifies_line_ends() -> None:
    assert normalize("one\r\ntwo\rthree\nfour") == "one\ntwo\nthree\nfour"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Tom&nbsp;&amp;&nbsp;Jerry", "Tom & Jerry"),
        ("&quot;Yes,&quot; she said", '"Yes," she said'),
        ("zero\u200bwidth\ufeff", "zerowidth"),
        ("tab\there\u00a0and\u202fthin", "tab here and thin"),
    ],
)
def test_normalize_decodes_entities_and_odd_spaces(raw: str, expected: str) -> None:
    assert normalize(raw) == expected


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("<p>Hello <b>world</b></p>", "Hello world"),
        ("<!-- ad slot -->Text", "Text"),
        ('Line<br/>break <a href="x">link</a>', "Linebreak link"),
        ("x < y and y > z", "x < y and y > z"),
    ],
)
def test_strip_html_removes_tags_but_keeps_comparisons(line: str, expected: str) -> None:
    assert strip_html(line) == expected


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("## A Heading ##", "A Heading"),
        ("> quoted line", "quoted line"),
        ("See [the report](https://x.org/r) now", "See the report now"),
        ("![A protest in Moscow](img.jpg)", "A protest in Moscow"),
        ("**bold** and *italic* and _under_", "bold and italic and under"),
        ("***both***", "both"),
        ("**_nested_**", "nested"),
        ("<https://x.org/a>", "https://x.org/a"),
        ("snake_case_name stays", "snake_case_name stays"),
        ("2 * 3 * 4", "2 * 3 * 4"),
        (r"5\* rating", "5* rating"),
        ("too    many   spaces ", "too many spaces"),
    ],
)
def test_inline_text_reduces_markdown_to_plain_words(line: str, expected: str) -> None:
    assert inline_text(line) == expected


def test_escaped_asterisks_stay_literal() -> None:
    assert inline_text(r"\*not emphasis\*") == "*not emphasis*"


@pytest.mark.parametrize(
    ("line", "heading"),
    [("# Title", True), ("### Sub ###", True), ("#hashtag", False), ("Plain", False)],
)
def test_to_unit_marks_markdown_headings(line: str, heading: bool) -> None:
    assert to_unit(line).heading is heading


@pytest.mark.parametrize(
    ("line", "emphasis"),
    [
        ("**All bold here**", True),
        ("*All italic here*", True),
        ("_All italic here_", True),
        ("> *A quoted italic line*", True),
        ("Some **bold** words", False),
        ("**Lead:** rest of the sentence", False),
        ("plain text", False),
    ],
)
def test_to_unit_marks_wholly_emphasised_lines(line: str, emphasis: bool) -> None:
    assert to_unit(line).emphasis is emphasis


def test_line_opening_and_closing_in_bold_is_not_wholly_emphasised() -> None:
    unit = to_unit("**Update:** the minister resigned on **Friday**")
    assert unit == Unit("Update: the minister resigned on Friday", emphasis=False)


def test_hard_wrapped_block_becomes_one_unit() -> None:
    lines = [
        "The committee met on Tuesday to discuss the new",
        "budget, which had been delayed for almost three",
        "weeks.",
    ]
    assert to_units(lines) == [
        Unit("The committee met on Tuesday to discuss the new budget, which had been delayed for almost three weeks.")
    ]


def test_stack_of_short_lines_becomes_one_unit_per_line() -> None:
    lines = ["Acme News", "Mayor Quits", "By Anna Petrova", "May 13, 2019"]
    assert [u.text for u in to_units(lines)] == lines


def test_block_containing_a_heading_is_not_joined() -> None:
    lines = [
        "# A heading line that is long enough to look wrapped",
        "Then a body line that is also long enough to count.",
    ]
    units = to_units(lines)
    assert units == [
        Unit("A heading line that is long enough to look wrapped", heading=True),
        Unit("Then a body line that is also long enough to count."),
    ]


def test_blank_lines_separate_units_and_empty_units_are_dropped() -> None:
    lines = ["First paragraph.", "", "", "<br>", "", "  ", "Second paragraph."]
    assert to_units(lines) == [Unit("First paragraph."), Unit("Second paragraph.")]


def test_title_directly_above_a_dateline_stays_two_units() -> None:
    lines = ["Kremlin Critic Released After Two Weeks in Jail", "May 13, 2019"]
    assert [u.text for u in to_units(lines)] == lines


@pytest.mark.parametrize(
    ("text", "ends"),
    [
        ("It rained.", True),
        ("Did it?", True),
        ('He said "no"', True),
        ("Mayor of Moscow,", False),
        ("He said \u201cno.\u201d", True),
        ("(see above)", True),
        ("And then\u2026", True),
        ("Moscow", False),
    ],
)
def test_unit_knows_whether_it_ends_a_sentence(text: str, ends: bool) -> None:
    assert Unit(text).ends_sentence is ends


def test_unit_counts_words() -> None:
    assert Unit("  three  short words ").words == 3


def test_paragraph_broken_mid_sentence_is_rejoined() -> None:
    units = [Unit("The minister said that the"), Unit("decision was final.")]
    assert join_split_paragraphs(units) == [Unit("The minister said that the decision was final.")]


@pytest.mark.parametrize(
    "units",
    [
        [Unit("It rained all day."), Unit("then it stopped.")],
        [Unit("Moscow"), Unit("The city was quiet.")],
        [Unit("Background", heading=True), Unit("which began in May.")],
        [Unit("The vote was"), Unit("next steps", heading=True)],
    ],
    ids=["full-stop", "capital-start", "heading-before", "heading-after"],
)
def test_units_that_are_not_a_broken_paragraph_stay_apart(units: list[Unit]) -> None:
    assert join_split_paragraphs(units) == units


def test_emphasis_split_in_two_is_rejoined_and_stays_emphasised() -> None:
    units = [
        Unit("The views expressed here are not those of The Baltic", emphasis=True),
        Unit("Courier.", emphasis=True),
        Unit("Body."),
    ]
    assert join_split_paragraphs(units) == [
        Unit("The views expressed here are not those of The Baltic Courier.", emphasis=True),
        Unit("Body."),
    ]


def test_two_emphasised_sentences_in_a_row_stay_apart() -> None:
    units = [
        Unit("This article first ran in Acme Weekly", emphasis=True),
        Unit("The views are the author's own.", emphasis=True),
    ]
    assert join_split_paragraphs(units) == units


def test_lower_case_continuation_of_emphasis_loses_the_emphasis_flag() -> None:
    units = [Unit("A note that", emphasis=True), Unit("runs on in plain text.")]
    assert join_split_paragraphs(units) == [Unit("A note that runs on in plain text.", emphasis=False)]
