"""What a stopped or failed run leaves inside an index folder, and its removal.

A Whoosh commit writes the new segment files, then a table of contents (TOC) naming them;
a run stopped (or out of disk space) before its TOC leaves segment files that no TOC
names, plus temporary files of its own. They are never read, but they hold disk space, so
a full disk stays full and the retry fails too. The writer that holds the index's lock
removes them: no other writer can be using them then. Readers only open files a TOC names.
"""

from __future__ import annotations

import contextlib
import re
import shutil
from pathlib import Path

from whoosh.filedb.filestore import FileStorage
from whoosh.index import TOC, clean_files

INDEX_NAME = "MAIN"  # Whoosh's default index name, the one this program uses
# Half-written files: a TOC before its rename (`_MAIN_7.toc.1700000000.5`), and the sidecar
# files written under a temporary name by atomic_json, stories and topic_space.
_TEMPORARY = re.compile(rf"^_{INDEX_NAME}_\d+\.toc\..+$|\.tmp-\d+(\.npz)?$")


def remove_unreferenced(index_dir: Path) -> None:
    """Remove segment files the latest TOC does not name, and half-written files.
    Best effort: a folder that cannot be written keeps them (and says so on the next write)."""
    storage = FileStorage(str(index_dir), supports_mmap=False)
    try:
        toc = TOC.read(storage, INDEX_NAME)
    except Exception:  # no readable TOC: nothing is known to be unused, so nothing goes
        return
    clean_files(storage, INDEX_NAME, toc.generation, toc.segments)  # Whoosh's own sweep after a commit
    try:
        names = [path.name for path in index_dir.iterdir()]
    except OSError:
        return
    for name in filter(_TEMPORARY.search, names):
        with contextlib.suppress(OSError):
            (index_dir / name).unlink(missing_ok=True)
    shutil.rmtree(index_dir / f"{INDEX_NAME}.tmp", ignore_errors=True)  # a writer's spill folder
