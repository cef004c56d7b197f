"""A real small disk for an index: run inside a private mount namespace
(`unshare --mount`), so the tmpfs mounted here is gone when the run ends, whatever happens.

    python -m tests.reliability.small_disk full|readonly DISK WORK RESULT.json

Builds an index of the seeds on a 4 MB tmpfs at DISK, changes the folder (WORK/articles),
then makes the disk full (a file fills it) or read-only (a remount), runs the real
`explorer index`, lifts the fault, runs it again, and writes what it saw to RESULT.json.
"""

from __future__ import annotations

import errno
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

from index.library import build_index
from tests.conftest import SEEDS_DIR
from tests.reliability.outcome import change, debris, state


def explorer(folder: Path, index_dir: Path) -> subprocess.CompletedProcess:
    command = [sys.executable, "-m", "tui", "--articles", str(folder), "--index", str(index_dir), "index"]
    return subprocess.run(command, capture_output=True, text=True, stdin=subprocess.DEVNULL)


def fill(disk: Path) -> Path:
    filler = disk / "filler"
    with open(filler, "wb", buffering=0) as handle:  # unbuffered: nothing left to fail at close
        for size in (1 << 20, 1 << 12, 1):
            try:
                while True:
                    handle.write(b"\0" * size)
            except OSError as error:
                if error.errno != errno.ENOSPC:
                    raise
    return filler


def main(mode: str, disk: Path, work: Path, result: Path) -> None:
    subprocess.run(["mount", "-t", "tmpfs", "-o", "size=4m", "tmpfs", str(disk)], check=True)
    folder, index_dir = work / "articles", disk / "ix"
    shutil.copytree(SEEDS_DIR, folder)
    build_index(folder, index_dir)
    change(folder)
    was, listing = state(index_dir), sorted(os.listdir(index_dir))
    if mode == "full":
        filler = fill(disk)
    else:
        subprocess.run(["mount", "-o", "remount,ro", str(disk)], check=True)
    failed = explorer(folder, index_dir)
    after, listing_after = state(index_dir), sorted(os.listdir(index_dir))
    if mode == "full":
        filler.unlink()
    else:
        subprocess.run(["mount", "-o", "remount,rw", str(disk)], check=True)
    retry = explorer(folder, index_dir)
    report = {
        "index": str(index_dir),
        "code": failed.returncode,
        "stderr": failed.stderr,
        "unchanged": after == was,
        "same_files": listing_after == listing,
        "retry": retry.returncode,
        "retry_stderr": retry.stderr,
        "final": state(index_dir),
        "debris": debris(index_dir),
    }
    result.write_text(json.dumps(report), encoding="utf-8")


if __name__ == "__main__":
    main(sys.argv[1], Path(sys.argv[2]), Path(sys.argv[3]), Path(sys.argv[4]))
