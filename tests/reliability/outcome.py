"""What a user sees of an index, what a run must not leave behind, and the folder change
every trial applies: shared by the tests and by the small-disk driver."""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

from whoosh.filedb.filestore import FileStorage
from whoosh.index import TOC

from index.library import Library
from tests.conftest import VARIANTS_DIR

QUERIES = ["Venezuela", "person:lavrov", "Merkel Berlin", "Maduro", "headline"]


def state(index_dir: Path) -> dict:
    """What a user sees of an index (JSON-shaped, so that a child's can be compared)."""
    with Library.open(index_dir) as library:
        ids = sorted(a.id for a in library.articles())
        return {
            "ids": ids,
            "entities": sorted(
                [e.id, e.name, e.type, sorted(e.aliases), e.articles, e.mentions] for e in library.entities()
            ),
            "stories": {i: sorted([m.id, m.overlap, m.role] for m in library.same_story(i)) for i in ids},
            "searches": {q: sorted(h.id for h in library.search(q, 100, snippets=False).hits) for q in QUERIES},
        }


def debris(index_dir: Path) -> list[str]:
    """Whatever a run left that no index needs: copies beside the index, half-written
    files, segment files no table of contents names."""
    beside = [p.name for p in index_dir.parent.iterdir() if re.search(r"\.(building|old)-\d+$", p.name)]
    names = os.listdir(index_dir)
    used = {segment.segment_id() for segment in TOC.read(FileStorage(str(index_dir)), "MAIN").segments}
    inside = [n for n in names if re.search(r"\.tmp-\d+|\.toc\.|^MAIN\.tmp$", n)]
    orphans = [n for n in names if re.match(r"MAIN_[0-9a-z]+\.", n) and n.split(".")[0] not in used]
    return beside + inside + orphans


def change(folder: Path) -> None:
    """Edit, delete, add; take an article out of its story and put a new copy into it."""
    edited = folder / "000_fabef78c0f05ce39.txt"
    edited.write_text(edited.read_text(encoding="utf-8") + "\n\nAngela Merkel met Sergei Lavrov in Berlin.\n")
    (folder / "001_912b70213de0d703.txt").unlink()
    shutil.copy(VARIANTS_DIR / "v01_opinion_two_authors.txt", folder / "002_0cce6a3ea6b21fc1.txt")
    member = (folder / "003_56c698ab006727bd.txt").read_text(encoding="utf-8")
    (folder / "republished.txt").write_text("A new headline for an old story\n\n" + member, encoding="utf-8")
    shutil.copy(VARIANTS_DIR / "v04_cbs_style.txt", folder / "v04_cbs_style.txt")
