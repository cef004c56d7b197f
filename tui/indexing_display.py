"""An indexing run as people watch it: each step named on a Rich progress display, a rate and a
time left that do not swing; or, for scripts, one `progress DONE TOTAL` line per file."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from datetime import timedelta
from pathlib import Path

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    ProgressColumn,
    Task,
    TextColumn,
)
from rich.text import Text

from index.library import build_index
from index.records import IndexReport, Workers
from tui.printable import printable


def progress_line(done: int, total: int, current: str) -> None:
    sys.stdout.write(f"progress {done} {total}\n")
    sys.stdout.flush()


def phase_line(name: str) -> None:
    """The step a run starts, for the app's updater: the numbers that follow count it."""
    sys.stdout.write(f"phase {printable(name)}\n")
    sys.stdout.flush()


# Files are read in parallel and come back in bursts: the rate shown is taken over this many seconds
# (Rich's default is 30), and the time left is only said once the files have come for SETTLE seconds.
SPEED_WINDOW = 120.0
SETTLE = 5.0


def index_with_display(
    articles: Path,
    index_dir: Path,
    err: Console,
    rebuild: bool = False,
    add: Sequence[Path] = (),
    workers: Workers | None = None,
) -> IndexReport:
    if not err.is_terminal:
        return build_index(articles, index_dir, rebuild=rebuild, add=list(add), workers=workers)
    columns = [
        TextColumn("Indexing:"),
        TextColumn("{task.description}", markup=False),  # the step the run is on
        BarColumn(),
        CountColumn(),
        RateColumn(),
        TimeLeftColumn(),
        TextColumn("{task.fields[current]}", style="dim", markup=False),  # a file name, never markup
    ]
    with Progress(*columns, console=err, speed_estimate_period=SPEED_WINDOW) as progress:
        steps = Steps(progress)
        report = build_index(
            articles,
            index_dir,
            rebuild=rebuild,
            add=list(add),
            progress=steps.advance,
            phase=steps.start,
            workers=workers,
        )
        steps.finish()
        return report


class Steps:
    """An indexing run's steps on a Rich progress display, one task each: the step running now,
    drawn at once (a step may be shorter than a refresh), uncounted until it counts (never a
    finished bar at 0:00:00 while another step runs), and the counted step once done, with the
    last file it read. A step named again with more ("finding files: 1,200 found") goes on."""

    def __init__(self, progress: Progress) -> None:
        self.progress = progress
        self.task = progress.add_task("starting", total=None, current="")

    def start(self, name: str) -> None:
        shown = self.progress.tasks[-1]
        if name.partition(":")[0] != shown.description.partition(":")[0]:
            if shown.total is None:
                self.progress.update(self.task, visible=False)
            self.task = self.progress.add_task(name, total=None, current="")
        self.progress.update(self.task, description=name)
        self.progress.refresh()

    def advance(self, done: int, total: int, current: str) -> None:
        if "first" not in self.progress.tasks[-1].fields:  # when the first files came back
            self.progress.update(self.task, first=(self.progress.get_time(), done))
        self.progress.update(self.task, completed=done, total=total, current=printable(current))

    def finish(self) -> None:
        """What stays on the screen: the counted step (an uncounted last one is done)."""
        if self.progress.tasks[-1].total is None:
            self.progress.update(self.task, visible=False)


class TimeLeftColumn(ProgressColumn):
    """Time left at the step's average rate since its first file came back (not since the step began:
    the NER model loads first), once there is a rate worth the name; it does not swing with each burst."""

    def render(self, task: Task) -> Text:
        if task.finished and task.finished_time is not None:  # how long the step took
            return Text(str(timedelta(seconds=round(task.finished_time))), style="progress.elapsed")
        first = task.fields.get("first")
        left = "-:--:--"
        if task.total is not None and first is not None:
            since, done_then = first
            spent, done = task.get_time() - since, task.completed - done_then
            if spent >= SETTLE and done > 0:
                left = str(timedelta(seconds=round((task.total - task.completed) * spent / done)))
        return Text(left, style="progress.remaining")


class CountColumn(MofNCompleteColumn):
    """Done of all, once the step has a count (never "0/?")."""

    def render(self, task: Task) -> Text:
        return super().render(task) if task.total is not None else Text("")


class RateColumn(ProgressColumn):
    """Files per second, once there is a rate to show."""

    def render(self, task: Task) -> Text:
        return Text(f"{task.speed:,.0f} files/s" if task.speed else "", style="progress.data.speed")
