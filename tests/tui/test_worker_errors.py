"""A worker that fails is told in a notification and the app goes on; no worker may exit the app."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from textual.widgets import Input
from textual.worker import WorkerFailed

from tui.app import create_app
from tui.widgets.article_list import ArticleList

ROOT = Path(__file__).resolve().parents[2]


async def test_a_failing_worker_is_told_and_the_session_goes_on(seed_index: Path) -> None:
    told: list[str] = []
    async with create_app(seed_index).run_test(size=(140, 40)) as pilot:
        app = pilot.app
        await app.workers.wait_for_complete()
        app.notify = lambda message, **_: told.append(message)  # type: ignore[method-assign]

        def broken() -> None:
            raise OSError("the disk went away")

        worker = app.run_worker(broken, thread=True, exit_on_error=False, group="search")
        with pytest.raises(WorkerFailed):
            await worker.wait()
        await pilot.pause()
        assert told == ["The search failed: the disk went away"]
        assert app.is_running
        # The session still works: a search after the failure lists its matches.
        await pilot.press("slash")
        app.query_one(Input).value = "lavrov"
        await pilot.press("enter")
        await pilot.pause(0.3)
        await app.workers.wait_for_complete()
        assert app.query_one(ArticleList)._shown


def test_every_worker_of_the_app_reports_its_errors_instead_of_exiting() -> None:
    decorators = [
        node
        for path in (ROOT / "tui").rglob("*.py")
        for node in ast.walk(ast.parse(path.read_text()))
        if isinstance(node, ast.Call) and getattr(node.func, "id", "") == "work"
    ]
    assert decorators, "the app starts its workers with @work"
    for call in decorators:
        settings = {k.arg: k.value for k in call.keywords}
        assert isinstance(settings.get("exit_on_error"), ast.Constant) and settings["exit_on_error"].value is False
