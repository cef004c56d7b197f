"""Stopping an indexing run at a chosen step, as Ctrl-C would, for tests of what it leaves."""

from __future__ import annotations

from collections.abc import Callable


class StopHere(Exception):
    """What stops a run at a chosen step, as Ctrl-C would."""


def stop_at(name: str) -> Callable[[str], None]:
    """A `phase` hook for build_index that stops the run as the step starting with `name` starts."""

    def step(started: str) -> None:
        if started.startswith(name):
            raise StopHere(started)

    return step
