"""Plain-text pieces the app shows."""

from __future__ import annotations

import pytest

from tui.render import update_progress


@pytest.mark.parametrize(
    ("done", "total", "seconds", "expected"),
    [
        (0, 10, 0.0, "Updating the index: 0 of 10 changed files…"),
        (5, 10, 2.0, "Updating the index: 5 of 10 changed files · 2.5/s · about 2s left…"),
        (2_600, 100_000, 100.0, "Updating the index: 2,600 of 100,000 changed files · 26.0/s · about 1h 02m left…"),
        (300, 1_200, 60.0, "Updating the index: 300 of 1,200 changed files · 5.0/s · about 3m 00s left…"),
    ],
)
def test_update_progress_says_how_far_how_fast_and_how_long(done, total, seconds, expected) -> None:
    assert update_progress(done, total, seconds) == expected


@pytest.mark.parametrize(
    ("done", "total", "phase", "expected"),
    [
        (0, 0, "finding files: 1,200 found", "Updating the index: finding files: 1,200 found…"),
        (
            300,
            1_200,
            "reading 1,200 files",
            "Updating the index: 300 of 1,200 changed files · 5.0/s · about 3m 00s left…",
        ),
        (
            300,
            1_200,
            "finding names in 1,200 articles",
            "Finding names: 300 of 1,200 articles (searchable already) · 5.0/s · about 3m 00s left…",
        ),
    ],
)
def test_update_progress_names_the_step_it_is_on(done, total, phase, expected) -> None:
    assert update_progress(done, total, 60.0, phase) == expected
