"""Bring the index up to date in a separate process while the app stays open.

Indexing loads the NLP model; the app must not. So the app starts `explorer index`
as a child process and reads its progress lines. A cancel (the app quitting) ends the
child within a couple of seconds, whatever it is doing: an interrupt first, then a kill.
Either is safe: a run stopped before its commit changed nothing, one stopped after it is
finished by the next run."""

from __future__ import annotations

import json
import os
import queue
import signal
import subprocess
import sys
import threading
from collections.abc import Callable
from pathlib import Path

PROGRESS_PREFIX = "progress "
PHASE_PREFIX = "phase "
POLL = 0.1  # seconds between looks at whether the update was cancelled
STOP_WAIT = 1.0  # seconds the child has to stop after an interrupt before it is killed


def index_command(articles: Path, index_dir: Path) -> list[str]:
    return [
        sys.executable, "-m", "tui", "index", "--articles", str(articles), "--index", str(index_dir),
        "--progress-lines", "--json",
    ]  # fmt: skip


def run_update(
    articles: Path,
    index_dir: Path,
    on_progress: Callable[[int, int, str], None],
    cancelled: Callable[[], bool],
) -> tuple[bool, str]:
    """Run the child to the end (or until cancelled); return (succeeded, summary). Each
    step it starts and each article it counts is told to `on_progress(done, total, step)`
    (0 of 0 as a step starts)."""
    child = subprocess.Popen(
        index_command(articles, index_dir),
        stdin=subprocess.DEVNULL,  # the terminal is the app's: the indexer never reads it
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,  # so that a cancel reaches its NER workers too
    )
    lines: queue.Queue[str | None] = queue.Queue()
    threading.Thread(target=_read_lines, args=(child.stdout, lines), daemon=True).start()
    errors: list[str] = []
    reading_errors = threading.Thread(target=lambda: errors.extend(child.stderr), daemon=True)
    reading_errors.start()  # as it comes: a full pipe would stall the child
    output: list[str] = []
    phase = ""
    while True:
        if cancelled():
            _stop(child)
            return False, "index update cancelled"
        try:
            line = lines.get(timeout=POLL)
        except queue.Empty:
            continue
        if line is None:
            break
        if line.startswith(PROGRESS_PREFIX):
            done, total = (int(n) for n in line.split()[1:3])
            on_progress(done, total, phase)
        elif line.startswith(PHASE_PREFIX):
            phase = line[len(PHASE_PREFIX) :].strip()
            on_progress(0, 0, phase)
        else:
            output.append(line)
    code = child.wait()
    reading_errors.join()
    error = "".join(errors)
    if code not in (0, 1):
        return False, (error.strip().splitlines() or ["index update failed"])[-1]
    try:
        report = json.loads("".join(output))
    except ValueError:  # no report: the child stopped with its one-line reason, never "updated"
        return False, (error.strip().splitlines() or ["index update failed"])[-1]
    changed = len(report["added"]) + len(report["updated"]) + len(report["removed"])
    summary = (
        f"Index updated: {len(report['added'])} added, {len(report['updated'])} updated, "
        f"{len(report['removed'])} removed, {len(report['skipped'])} skipped"
    )
    named = report.get("named", 0)
    if named:  # the names pass is the long part: its end is news, also when it was all there was
        summary += f"; names found in {named:,} {'article' if named == 1 else 'articles'}"
    return True, summary if changed or report["skipped"] or named else ""


def _read_lines(stream, lines: queue.Queue[str | None]) -> None:
    for line in stream:
        lines.put(line)
    lines.put(None)


def _stop(child: subprocess.Popen) -> None:
    """Interrupt the child and its NER workers (its own process group), then kill what is
    left once STOP_WAIT has passed."""
    for signal_number in (signal.SIGINT, signal.SIGKILL):
        try:
            os.killpg(child.pid, signal_number)
        except ProcessLookupError:
            break
        try:
            child.wait(STOP_WAIT)
            break
        except subprocess.TimeoutExpired:
            continue
    child.wait()
