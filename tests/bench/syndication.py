"""The heavy-syndication corpus (tests/bench/syndicated.py) at scale: its full build by the
real command, with the peak memory of the whole process tree; whether any story holds an
article that is not a copy of its original; and the search goals on its index.

    python -m tests.bench.syndication [--size 100000] [--runs 15]

Prints the rows as JSON; `make bench SYNDICATED=N` adds them to the report.
"""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import json
import re
import shutil
import subprocess
import sys
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TextIO

import psutil

from index.library import Library
from tests import synthetic
from tests.bench import syndicated
from tests.bench.app import keystroke
from tests.bench.overview import overview_rows
from tests.bench.run import CACHE, ROOT, Row, first_search_row, keystroke_row, memory_row, search_rows
from tests.bench.state_filters import state_rows

MEMORY_GOAL_MB = 2048
SAMPLE_SECONDS = 0.5


@dataclass(frozen=True)
class Build:
    seconds: float
    peak_tree_mb: float  # every process of the run at once: the writer and its workers
    peak_writer_mb: float
    # the whole tree's, in each step the run named ("fitting the topic space")
    peak_by_phase: dict[str, float] = field(default_factory=dict)


@dataclass(frozen=True)
class Grouping:
    stories: int
    largest: int
    wrong: int  # articles in a story whose original they do not derive from
    copies: int
    copies_with_original: int  # copies in the story of the original they derive from


def prepare(size: int) -> tuple[Path, Path, dict[str, str]]:
    home = CACHE / f"syndicated-{size}"
    corpus, marker, truth_file = home / "articles", home / "corpus.json", home / "truth.json"
    version = hashlib.sha256(Path(syndicated.__file__).read_bytes() + Path(synthetic.__file__).read_bytes())
    wanted = {"size": size, "generator": version.hexdigest()[:16]}
    if not marker.exists() or json.loads(marker.read_text(encoding="utf-8")) != wanted:
        shutil.rmtree(home, ignore_errors=True)
        corpus.mkdir(parents=True)
        truth = syndicated.generate_syndicated(corpus, size, topics=max(4, size // 25))
        truth_file.write_text(json.dumps(truth), encoding="utf-8")
        marker.write_text(json.dumps(wanted), encoding="utf-8")
    return corpus, home / "ix", json.loads(truth_file.read_text(encoding="utf-8"))


def build(corpus: Path, index_dir: Path) -> Build:
    """`explorer index --rebuild` as a user runs it, its memory sampled twice a second (RSS
    of each process: the workers are fresh interpreters, not forks, so little is shared)."""
    command = [sys.executable, "-m", "tui", "index", "--rebuild", "--progress-lines"]
    start = time.perf_counter()
    log = (index_dir.parent / "build.log").open("w", encoding="utf-8")  # its progress, to follow it
    child = psutil.Popen(
        [*command, "--articles", str(corpus), "--index", str(index_dir)],
        cwd=ROOT,
        stdin=subprocess.DEVNULL,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    tree = writer = 0.0
    by_phase: dict[str, float] = {}
    phase = "starting"
    with (index_dir.parent / "build.log").open(encoding="utf-8") as following:
        while child.poll() is None:
            now = _last_phase(following, phase)
            if now != phase:  # to follow a run of hours as it goes
                print(f"{time.perf_counter() - start:7.0f} s  peak {by_phase.get(phase, 0):6,.0f} MB  {phase}",
                      file=sys.stderr, flush=True)  # fmt: skip
                phase = now
            try:
                sizes = [child.memory_info().rss] + [p.memory_info().rss for p in child.children(recursive=True)]
            except psutil.NoSuchProcess:  # one ended between the listing and the reading
                continue
            tree, writer = max(tree, sum(sizes) / 2**20), max(writer, sizes[0] / 2**20)
            by_phase[phase] = max(by_phase.get(phase, 0.0), sum(sizes) / 2**20)
            time.sleep(SAMPLE_SECONDS)
    log.close()
    if child.returncode != 0:
        raise SystemExit(f"explorer index exited with {child.returncode}")
    return Build(time.perf_counter() - start, tree, writer, by_phase)


def _last_phase(log: TextIO, phase: str) -> str:
    """The step the run is in, from the lines its log gained since last asked ("phase
    reading 100,000 files"), its counts left out."""
    for line in log.readlines():
        if line.startswith("phase "):
            phase = re.sub(r"[:\s]*[\d,]+( found)?", "", line.removeprefix("phase ").strip()).strip()
    return phase


def grouping(index_dir: Path, truth: dict[str, str]) -> Grouping:
    members: dict[str, list[str]] = {}
    with Library.open(index_dir) as library:
        for article in truth:
            story = library.story_of(article)
            if story is not None:
                members.setdefault(story, []).append(article)
    original_of = {a: story.removeprefix("story/") for story, group in members.items() for a in group}
    wrong = sum(truth[a] != truth[original] for a, original in original_of.items())
    copies = [a for a, root in truth.items() if a != root]
    found = sum(original_of.get(a) == truth[a] for a in copies)
    largest = max((len(group) for group in members.values()), default=0)
    return Grouping(len(members), largest, wrong, len(copies), found)


def measure(size: int, runs: int, rebuild: bool = True) -> tuple[list[Row], list[str]]:
    """With `rebuild` false, the search goals are measured again on the index the last run
    built, and its build's figures are reported again."""
    corpus, index_dir, truth = prepare(size)
    record = index_dir.parent / "build.json"
    if rebuild or not record.exists():
        built = build(corpus, index_dir)
        record.write_text(json.dumps(asdict(built)), encoding="utf-8")
    built = Build(**json.loads(record.read_text(encoding="utf-8")))
    grouped = grouping(index_dir, truth)
    label = f"{size:,} with heavy syndication"
    rows = [
        Row(size, "syndicated: full index, peak memory of all its processes (MB)", f"≤ {MEMORY_GOAL_MB} MB",
            built.peak_tree_mb, None, None, built.peak_tree_mb <= MEMORY_GOAL_MB),
        Row(size, "syndicated: articles in a story that are not copies of its original", "≤ 0",
            grouped.wrong, None, None, grouped.wrong == 0),
    ]  # fmt: skip
    searches, query = search_rows(index_dir, size, runs)
    rows += searches
    rows += state_rows(index_dir, size, runs, query)
    overview, overview_notes = overview_rows(index_dir, size, runs, query)
    rows += overview
    rows.append(first_search_row(index_dir, size, query, max(5, runs // 3)))
    keys = [asyncio.run(keystroke(index_dir, query.split()[0])) for _ in range(max(5, runs // 3))]
    rows.append(keystroke_row(size, keys))
    rows.append(memory_row(index_dir, size, query))
    notes = [
        f"{label}: {len(truth):,} articles, full index with NER in {built.seconds:.0f} s "
        "by `explorer index --rebuild`; "
        f"peak memory {built.peak_tree_mb:.0f} MB for all its processes, {built.peak_writer_mb:.0f} MB in the writer"
        + "".join(f"; {mb:,.0f} MB {phase}" for phase, mb in built.peak_by_phase.items()),
        f"{label}: {grouped.stories:,} stories, the largest {grouped.largest}; {grouped.wrong} articles in a story "
        f"not derived from its original; {grouped.copies_with_original:,} of {grouped.copies:,} copies "
        f"in their original's story",
        *overview_notes,
    ]
    return rows, notes


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--size", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--searches-only", action="store_true", help="measure again on the index built last")
    args = parser.parse_args()
    rows, notes = measure(args.size, args.runs, rebuild=not args.searches_only)
    print(json.dumps({"rows": [asdict(row) for row in rows], "notes": notes}, indent=1))


if __name__ == "__main__":
    main()
