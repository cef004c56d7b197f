"""What the index holds, file by file (`files.json` beside it), so that an indexing run
learns it without reading every stored document, and can tell an unchanged file by its
size and modification time without reading it (as git and Recoll do). It also knows a
file's exact copies: one article that lives at several paths, indexed once from one of them.

Stamped with the index generation it describes; one that does not match is rebuilt from
the stored documents, and the run then hashes every file.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from whoosh.index import FileIndex

from index.build.atomic_json import read_json, write_json

FILES = "files.json"
FILES_FORMAT = 1
# The copies alone, for the app: files.json is 31 MB at 100k, and parsing it to learn a few
# copies held about 430 MB of Python objects for a moment at the first article opened.
COPIES = "file-copies.json"


@dataclass
class KnownFiles:
    file_hash: dict[str, str] = field(default_factory=dict)  # article id -> hash of its file
    path_of: dict[str, str] = field(default_factory=dict)  # article id -> its file
    # file -> (size, modification time in ns, hash) when last hashed
    stats: dict[str, tuple[int, int, str]] = field(default_factory=dict)
    # file -> the other paths of the very same bytes, sorted; worked out again on every run
    copies: dict[str, list[str]] = field(default_factory=dict)
    copies_changed: bool = False
    valid: bool = True  # False when rebuilt from the documents: save it once the run ends
    stats_changed: bool = False

    def ids_by_path(self) -> dict[str, set[str]]:
        by_path: dict[str, set[str]] = {}
        for article_id, path in self.path_of.items():
            by_path.setdefault(path, set()).add(article_id)
        return by_path

    def hash_if_untouched(self, path: str, size: int, mtime_ns: int) -> str | None:
        """The file's hash when its size and modification time are what they were."""
        known = self.stats.get(path)
        return known[2] if known and known[:2] == (size, mtime_ns) else None

    def record(self, article_id: str, path: str, file_hash: str) -> None:
        self.file_hash[article_id] = file_hash
        self.path_of[article_id] = path

    def forget(self, article_id: str) -> None:
        self.file_hash.pop(article_id, None)
        self.path_of.pop(article_id, None)


def load_known(ix: FileIndex, index_dir: Path, generation: int) -> KnownFiles:
    payload = read_json(index_dir / FILES)
    if isinstance(payload, dict) and payload.get("format") == FILES_FORMAT and payload.get("generation") == generation:
        return KnownFiles(
            file_hash={i: h for i, (_, h) in payload["articles"].items()},
            path_of={i: p for i, (p, _) in payload["articles"].items()},
            stats={p: tuple(s) for p, s in payload["stats"].items()},
            copies=_copies(payload),
        )
    return _from_documents(ix)


def load_copies(index_dir: Path, generation: int) -> dict[str, list[str]]:
    """The other paths of each indexed file that has exact copies; none when the side file
    does not describe this generation of the index. (An index written before the copies
    had a file of their own has them in files.json.)"""
    for name in (COPIES, FILES):
        payload = read_json(index_dir / name)
        stamp = (payload.get("format"), payload.get("generation")) if isinstance(payload, dict) else None
        if isinstance(payload, dict) and stamp == (FILES_FORMAT, generation):
            return _copies(payload)
    return {}


def _copies(payload: dict[str, Any]) -> dict[str, list[str]]:
    copies = payload.get("copies")  # absent from a file written before copies were kept
    return {p: list(others) for p, others in copies.items()} if isinstance(copies, dict) else {}


def _from_documents(ix: FileIndex) -> KnownFiles:
    known = KnownFiles(valid=False)
    with ix.searcher() as searcher:
        for fields in searcher.all_stored_fields():
            known.record(fields["id"], fields["path"], fields.get("file_hash") or fields["content_hash"])
    return known


def save_known(index_dir: Path, known: KnownFiles, generation: int) -> None:
    payload = {
        "format": FILES_FORMAT,
        "generation": generation,
        "articles": {i: [known.path_of[i], h] for i, h in known.file_hash.items()},
        "stats": {p: list(s) for p, s in known.stats.items()},
        "copies": known.copies,
    }
    write_json(index_dir / FILES, payload)
    write_json(index_dir / COPIES, {"format": FILES_FORMAT, "generation": generation, "copies": known.copies})
