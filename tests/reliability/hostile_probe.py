"""Runs each hostile query through the real CLI, one process each, and prints its exit
code, wall time and peak RSS (for RELIABILITY.md). Not a test: a measurement.

    PYTHONPATH=$PWD python -m tests.reliability.hostile_probe /tmp/rq-index [timeout-seconds]
"""

from __future__ import annotations

import os
import random
import shutil
import signal
import string
import subprocess
import sys
import threading
import time

WORDS = ["oil", "price", "bank", "trade", "shares", "profit", "market", "dollar", "company", "year", "tonnes", "wheat"]


def hostile_queries() -> dict[str, str]:
    rng = random.Random(14)
    junk = ["".join(rng.choices(string.ascii_lowercase, k=rng.randint(5, 12))) for _ in range(5000)]
    return {
        "word~9": "word~9",
        "electionfilmbank~9": "electionfilmbank~9",
        "electionfilmbank~2/0": "electionfilmbank~2/0",
        "lavorv~2/0": "lavorv~2/0",
        "oil~2/0": "oil~2/0",
        "one 10,000-letter word": "a" * 10_000,
        "10,000-letter word~2/0": "a" * 10_000 + "~2/0",
        "10,000 chars of real words": " ".join(WORDS * 200)[:10_000],
        "5,000 real words OR": " OR ".join(rng.choice(WORDS) for _ in range(5000)),
        "5,000 unknown words": " ".join(junk),
        "5,000 unknown words OR": " OR ".join(junk),
        "phrase of 2,000 words": '"' + " ".join(rng.choice(WORDS) for _ in range(2000)) + '"',
        "*": "*",
        "a*": "a*",
        "?*": "?*",
        "e*~2": "e*~2",
        "con*": "con*",
        "sha* OR pri* OR mar* OR com*": "sha* OR pri* OR mar* OR com*",
        "(( x10,000": "(" * 10_000 + "oil" + ")" * 10_000,
        "NOT x5,000 oil": "NOT " * 5000 + "oil",
        "unbalanced quote": '"oil price',
        "unbalanced (": "(oil price",
        "unbalanced [": "date:[1987 to",
        "control characters": "oil\x01\x1b[31mprice\x7f",
        "AND OR NOT": "AND OR NOT",
        "nosuchfield:x": "nosuchfield:x",
        "date:[0001 to 9999]": "date:[0001 to 9999] oil",
        "date:99999": "date:99999",
        "oil ANDMAYBE x1,000": " ANDMAYBE ".join(rng.choice(WORDS) for _ in range(1000)),
        # Within the bounds (at most 1,000 characters and 100 words), as costly as can be typed:
        "50 common words OR": " OR ".join(rng.choice(WORDS) for _ in range(50)),
        "phrase of 100 words": '"' + " ".join(rng.choice(WORDS) for _ in range(100))[:990] + '"',
        "ANDMAYBE x50": " ANDMAYBE ".join(rng.choice(WORDS) for _ in range(50))[:1000],
        "50 wildcards OR": " OR ".join(w[:3] + "*" for w in rng.choices(WORDS, k=50)),
        "30 fuzzy ~2/0 OR": " OR ".join(w + "~2/0" for w in rng.choices(WORDS, k=30))[:1000],
        "20 nested ORs": "(" * 20 + " OR ".join(WORDS) + ")" * 20,
    }


def run(index: str, query: str, timeout: float) -> tuple[int | str, float, float, str]:
    explorer = shutil.which("explorer") or os.path.join(os.path.dirname(sys.executable), "explorer")
    start = time.monotonic()
    process = subprocess.Popen(
        [explorer, "search", "--index", index, "--limit", "10", "--", query],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )
    timer = threading.Timer(timeout, lambda: os.killpg(process.pid, signal.SIGKILL))
    timer.start()
    stderr = process.stderr.read().decode(errors="replace")
    _, status, usage = os.wait4(process.pid, 0)
    timer.cancel()
    elapsed = time.monotonic() - start
    code: int | str = os.waitstatus_to_exitcode(status)
    if code == -signal.SIGKILL:
        code = f"killed at {timeout:.0f}s"
    return code, elapsed, usage.ru_maxrss / 1024, stderr.strip().splitlines()[-1][:100] if stderr.strip() else ""


def main() -> None:
    index = sys.argv[1]
    timeout = float(sys.argv[2]) if len(sys.argv) > 2 else 120.0
    only = sys.argv[3:]
    for name, query in hostile_queries().items():
        if only and name not in only:
            continue
        code, elapsed, rss, last = run(index, query, timeout)
        print(f"{name:32} exit={code!s:16} {elapsed:7.2f}s {rss:7.0f} MB  {last}", flush=True)


if __name__ == "__main__":
    main()
