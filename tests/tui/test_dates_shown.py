"""Dates as people read them, and no separator left dangling where a date is missing: in the
related panel and the reader's comments, at 80x24 and 120x40 (issue 15's newcomer read)."""

from __future__ import annotations

from pathlib import Path

import pytest

from index.library import build_index
from tests.conftest import SEEDS_DIR
from tests.reading import read_article
from tests.tui.test_app import settle
from tui.app import create_app
from tui.render import joined, when
from tui.widgets.related_panel import RelatedPanel

SIZES = pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])

UNDATED = """# {title}

By Ana Ruiz

Reservoirs across Catalonia have fallen below a fifth of their capacity, officials said.
Farmers in the Ebro valley say the drought and the water restrictions will cost them the harvest.
{extra}
"""


def test_joined_leaves_out_the_missing_parts() -> None:
    assert joined("Reuters", None) == "Reuters"
    assert joined("Reuters", "") == "Reuters"
    assert joined("Reuters", "2019-04-05") == "Reuters · 2019-04-05"
    assert joined(None, "") == ""


@pytest.mark.parametrize(
    ("stored", "shown"),
    [
        ("2019-04-05T09:22:00", "2019-04-05 09:22"),
        ("2019-04-05T09:22:00+03:00", "2019-04-05 09:22 UTC+03:00"),
        ("2019-04-05T09:22:00-04:30", "2019-04-05 09:22 UTC-04:30"),
        ("2019-04-05", "2019-04-05"),
        ("not a date", "not a date"),
        ("T-minus", "T-minus"),
        (None, ""),
    ],
)
def test_when_shows_a_timestamp_as_people_write_it(stored: str | None, shown: str) -> None:
    assert when(stored) == shown


@pytest.fixture(scope="module")
def undated_index(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("undated")
    articles = root / "articles"
    articles.mkdir()
    for n, extra in enumerate(["Wells are dry.", "Rain is not expected.", "Cattle are sold."]):
        (articles / f"drought-{n}.md").write_text(UNDATED.format(title=f"Drought, day {n}", extra=extra))
    build_index(articles, root / "ix")
    return root / "ix"


@SIZES
async def test_related_items_without_a_date_end_without_a_separator(undated_index: Path, size) -> None:
    async with create_app(undated_index).run_test(size=size) as pilot:
        await settle(pilot)
        pilot.app.action_open_article("drought-0")
        await settle(pilot)
        await pilot.press("r")
        await settle(pilot)
        panel = pilot.app.query_one(RelatedPanel)
        prompts = [str(panel.get_option_at_index(i).prompt) for i in range(panel.option_count)]
        assert prompts, "no related articles"
        for prompt in prompts:
            assert not any(line.rstrip().endswith("·") for line in prompt.splitlines()), prompt


@SIZES
async def test_reader_comments_show_their_time_readably(seed_index: Path, size) -> None:
    seeds = [read_article(path) for path in sorted(SEEDS_DIR.glob("*.txt"))]
    commented = next(a for a in seeds if a.comments and a.comments[0].date)
    async with create_app(seed_index).run_test(size=size) as pilot:
        await settle(pilot)
        pilot.app.action_open_article(commented.id)
        await settle(pilot)
        shown = "\n".join(str(comment.render()) for comment in pilot.app.query("#reader-comments .comment"))
        assert when(commented.comments[0].date) in shown
        assert commented.comments[0].date not in shown  # not the stored ISO stamp


def test_a_note_shows_when_it_was_written_in_this_machines_time(monkeypatch: pytest.MonkeyPatch) -> None:
    """Notes are stored in UTC; you read them in your own time, with no offset to decode."""
    import time

    from tui.render import your_time

    monkeypatch.setenv("TZ", "EST+05")  # a POSIX rule: needs no tz database on the machine
    time.tzset()
    try:
        assert your_time("2026-12-01T19:28:05+00:00") == "2026-12-01 14:28"
        assert your_time("not a time") == "not a time"
    finally:
        monkeypatch.undo()
        time.tzset()


def test_a_tag_with_a_space_reads_as_one_tag() -> None:
    from tui.render import tag_label

    assert [tag_label(t) for t in ("oil", "follow up")] == ["#oil", '#"follow up"']
