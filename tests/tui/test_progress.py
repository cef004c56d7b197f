"""Indexing as people see it: every step of a run named, a time left that does not swing,
and the app's machine-readable progress lines as they were."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

from rich.progress import Progress

from index.library import build_index

EXPLORER = Path(sys.executable).parent / "explorer"
AFTER_READING = ["saving the index", "writing the file and entity tables", "grouping same-story copies"]
STEPS = [
    "finding files",
    "checking which files changed",
    "reading 5 files",
    "saving the index",
    "finding names in 5 articles",
    *AFTER_READING[1:],
    "fitting the topic space",
]


def test_a_first_index_names_each_step_in_order_up_to_the_topic_space(corpus: Path, tmp_path: Path) -> None:
    steps: list[str] = []
    counted: list[tuple[int, int]] = []
    build_index(
        corpus, tmp_path / "ix", phase=steps.append, progress=lambda done, total, _: counted.append((done, total))
    )
    assert steps == STEPS
    assert counted == [(n, 5) for n in range(1, 6)] * 2  # the text pass, then the names pass, are counted


def test_an_update_names_only_the_steps_it_runs(corpus: Path, tmp_path: Path) -> None:
    build_index(corpus, tmp_path / "ix")
    (corpus / "late.md").write_text("---\ntitle: A late note\ndate: 2019-05-01\n---\n\nSomething happened later.\n")
    steps: list[str] = []
    build_index(corpus, tmp_path / "ix", phase=steps.append)
    assert steps == [*STEPS[:2], "reading 1 file", STEPS[3], "finding names in 1 article", *STEPS[5:]]
    steps.clear()
    build_index(corpus, tmp_path / "ix", phase=steps.append)  # nothing changed: nothing read, nothing regrouped
    assert steps[:5] == ["finding files", "checking which files changed", "reading 0 files", *AFTER_READING[:2]]
    assert "grouping same-story copies" not in steps


def test_discovery_says_how_many_files_it_found(tmp_path: Path) -> None:
    articles = tmp_path / "many"
    articles.mkdir()
    words = ["harbor", "grain", "bridge", "election", "storm", "market", "river", "court", "railway", "budget"]
    for n in range(230):
        text = f"The {words[n % 10]} and the {words[n * 3 % 7]} were in the news on day {n}."
        (articles / f"note-{n:03}.md").write_text(f"---\ntitle: Note {n}\n---\n\n{text}\n")
    steps: list[str] = []
    build_index(articles, tmp_path / "ix", phase=steps.append)
    assert steps[:3] == ["finding files", "finding files: 100 found", "finding files: 200 found"]


def test_the_terminal_progress_names_every_step(corpus: Path, tmp_path: Path) -> None:
    # A terminal forced by Rich's own switches: the display of a person's `explorer index`.
    env = {**os.environ, "TTY_COMPATIBLE": "1", "TTY_INTERACTIVE": "1", "COLUMNS": "120"}
    result = subprocess.run(
        [str(EXPLORER), "index", "--articles", str(corpus), "--index", str(tmp_path / "ix")],
        capture_output=True,
        text=True,
        timeout=300,
        env=env,
    )
    assert result.returncode == 0, result.stderr
    shown = re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", result.stderr)
    for step in STEPS:
        assert f"Indexing: {step}" in shown
    assert "0/?" not in shown
    assert "5 articles indexed" in result.stdout


def test_progress_lines_for_the_app_count_each_pass_and_name_its_steps(corpus: Path, tmp_path: Path) -> None:
    result = subprocess.run(
        [
            str(EXPLORER),
            "index",
            "--articles",
            str(corpus),
            "--index",
            str(tmp_path / "ix"),
            "--progress-lines",
            "--json",
        ],
        capture_output=True,
        text=True,
        timeout=300,
        env=os.environ.copy(),
    )
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    progress = [line for line in lines if line.startswith("progress ")]
    assert progress == [f"progress {n} 5" for n in range(1, 6)] * 2  # the text pass, then the names pass
    steps = [line for line in lines if line.startswith("phase ")]
    assert steps.index("phase reading 5 files") < steps.index("phase finding names in 5 articles")
    report = [line for line in lines if not line.startswith(("progress ", "phase "))]
    assert json.loads("\n".join(report))["total"] == 5  # the rest is the report alone


def test_the_time_left_waits_for_a_rate_and_then_keeps_to_the_average() -> None:
    from tui.indexing_display import TimeLeftColumn

    now = [0.0]
    progress = Progress(get_time=lambda: now[0])
    task_id = progress.add_task("reading 100 files", total=100, first=(0.0, 0))
    task = progress.tasks[0]
    column = TimeLeftColumn()
    now[0] = 2.0
    progress.update(task_id, completed=10)
    assert column.render(task).plain == "-:--:--"  # two seconds of a burst say nothing yet
    now[0] = 10.0
    progress.update(task_id, completed=50)
    assert column.render(task).plain == "0:00:10"
    now[0] = 10.5
    progress.update(task_id, completed=60)  # a burst of ten in half a second barely moves it
    assert column.render(task).plain == "0:00:07"
