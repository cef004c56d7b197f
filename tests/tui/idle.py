"""Waiting for the app in Pilot tests: on its state, not for a fixed time."""

from __future__ import annotations

from textual.app import App
from textual.pilot import Pilot
from textual.worker import WorkerState

_BUSY = (WorkerState.PENDING, WorkerState.RUNNING)


def busy(app: App) -> bool:
    """A worker still at work: a search (its debounce included), an article load, snippets."""
    return any(worker.state in _BUSY for worker in app.workers)


async def settle(pilot: Pilot) -> None:
    """Until the app is idle: every key handled, every worker done (a search sleeps out its
    debounce in its worker), what they posted shown, and nothing new started by showing it."""
    app = pilot.app
    for _ in range(100):
        await pilot.pause()
        if not busy(app):
            await pilot.pause()  # messages the last worker posted, and any worker they start
            if not busy(app):
                return
        await app.workers.wait_for_complete()
    raise AssertionError("the app never settled: a worker starts another without end")
