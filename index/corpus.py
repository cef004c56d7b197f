"""Where articles live: the shipped corpus, a user's folder, and file discovery."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from index.articles import SUFFIXES

_PACKAGE_DIR = Path(__file__).resolve().parent


def shipped_articles_dir() -> Path:
    """The first corpus: packaged inside `index/` in a wheel, `articles/` in a checkout."""
    for candidate in (_PACKAGE_DIR / "_corpus", _PACKAGE_DIR.parent / "articles"):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError("the shipped articles are missing from this installation")


@dataclass(frozen=True)
class SourceFile:
    id: str
    path: Path


def discover(root: Path) -> Iterator[SourceFile]:
    """Article files under `root`, sorted, each with an id stable across runs.

    The id is the path below `root` without its suffix, so files in subfolders never
    collide; a top-level file's id is its stem."""
    for path in sorted(root.rglob("*")):
        hidden = any(part.startswith(".") for part in path.relative_to(root).parts)
        if path.suffix.lower() in SUFFIXES and not hidden and path.is_file():
            yield SourceFile(path.relative_to(root).with_suffix("").as_posix(), path)


def corpus_key(root: Path) -> str:
    """A readable, collision-free folder name for the index of the corpus at `root`."""
    resolved = root.resolve()
    digest = hashlib.sha1(str(resolved).encode()).hexdigest()[:10]
    return f"{resolved.name or 'root'}-{digest}"
