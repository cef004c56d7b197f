"""The app's tests see the same screen however busy the machine is."""

from __future__ import annotations

import pytest

from tui import marks


@pytest.fixture(autouse=True)
def _reading_takes_long(monkeypatch: pytest.MonkeyPatch) -> None:
    """An article open for READ_AFTER seconds counts as read, and the list header then says
    how many are read: out of reach here, so that a slow run does not change what a test
    sees. The tests of reading set it themselves."""
    monkeypatch.setattr(marks, "READ_AFTER", 3600.0)
