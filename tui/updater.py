"""Bring the index up to date in a separate process while the app stays open.

Indexing loads the NLP model; the app must not. So the app starts `explorer index`
as a child process and reads its progress lines."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

PROGRESS_PREFIX = "progress "


def index_command(articles: Path, index_dir: Path) -> list[str]:
    return [
        sys.executable, "-m", "tui", "index", "--articles", str(articles), "--index", str(index_dir),
        "--progress-lines", "--json",
    ]  # fmt: skip


def run_update(
    articles: Path,
    index_dir: Path,
    on_progress: Callable[[int, int], None],
    cancelled: Callable[[], bool],
) -> tuple[bool, str]:
    """Run the child to the end (or until cancelled); return (succeeded, summary)."""
    child = subprocess.Popen(
        index_command(articles, index_dir),
        stdin=subprocess.DEVNULL,  # the terminal is the app's: the indexer never reads it
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,  # so that a cancel reaches its NER workers too
    )
    output: list[str] = []
    assert child.stdout is not None
    for line in child.stdout:
        if cancelled():
            # An interrupt, not a kill: the child cleans up (a rebuild removes its half-built
            # copy) and the index stays as it was, since updates commit at the end.
            os.killpg(child.pid, signal.SIGINT)
            child.wait()
            return False, "index update cancelled"
        if line.startswith(PROGRESS_PREFIX):
            done, total = (int(n) for n in line.split()[1:3])
            on_progress(done, total)
        else:
            output.append(line)
    error = child.stderr.read() if child.stderr else ""
    code = child.wait()
    if code not in (0, 1):
        return False, (error.strip().splitlines() or ["index update failed"])[-1]
    try:
        report = json.loads("".join(output))
    except ValueError:
        return code == 0, "index updated"
    changed = len(report["added"]) + len(report["updated"]) + len(report["removed"])
    summary = (
        f"Index updated: {len(report['added'])} added, {len(report['updated'])} updated, "
        f"{len(report['removed'])} removed, {len(report['skipped'])} skipped"
    )
    return True, summary if changed or report["skipped"] else ""
