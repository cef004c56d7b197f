"""Where articles live: the shipped corpus, the user's folders, and walking them safely.

A walk follows symbolic links to files and folders (users link in whole archives) but
never loops, and reports links that lead nowhere instead of failing on them."""

from __future__ import annotations

import errno
import hashlib
import os
import stat
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from index.readers import SUFFIXES

_PACKAGE_DIR = Path(__file__).resolve().parent


def shipped_articles_dir() -> Path:
    """The first corpus: packaged inside `index/` in a wheel, `articles/` in a checkout."""
    for candidate in (_PACKAGE_DIR / "_corpus", _PACKAGE_DIR.parent / "articles"):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError("the shipped articles are missing from this installation")


@dataclass(frozen=True)
class SourceFile:
    id: str  # path below the root without its suffix ('2019/april/story'); stable across runs
    path: Path
    size: int


@dataclass(frozen=True)
class Unreadable:
    path: Path
    reason: str


def discover(root: Path, prefix: str = "") -> Iterator[SourceFile | Unreadable]:
    """Article files under `root` (or `root` itself, when it is a file), sorted."""
    if root.is_file():  # an added file: its one article is named by the prefix
        for entry in _entry(root, root.parent, ""):
            yield SourceFile(prefix or entry.id, entry.path, entry.size) if isinstance(entry, SourceFile) else entry
        return
    seen: set[tuple[int, int]] = set()
    yield from _walk(root, root, prefix, seen)


def _walk(folder: Path, root: Path, prefix: str, seen: set[tuple[int, int]]) -> Iterator[SourceFile | Unreadable]:
    try:
        info = folder.stat()
    except OSError as error:
        yield Unreadable(folder, _why(error))
        return
    if (info.st_dev, info.st_ino) in seen:
        return  # a link back into a folder already walked
    seen.add((info.st_dev, info.st_ino))
    try:
        entries = sorted(os.scandir(folder), key=lambda e: e.name)
    except OSError as error:
        yield Unreadable(folder, _why(error))
        return
    for entry in entries:
        if entry.name.startswith("."):
            continue
        path = Path(entry.path)
        try:
            is_dir = entry.is_dir()  # follows links
        except OSError:
            is_dir = False
        if is_dir:
            yield from _walk(path, root, prefix, seen)
        elif path.suffix.lower() in SUFFIXES:
            yield from _entry(path, root, prefix)


def _entry(path: Path, root: Path, prefix: str) -> Iterator[SourceFile | Unreadable]:
    try:
        info = path.stat()
    except OSError as error:
        yield Unreadable(path, _why(error))
        return
    if not stat.S_ISREG(info.st_mode):
        yield Unreadable(path, "not a regular file")
        return
    relative = path.relative_to(root).with_suffix("").as_posix()
    yield SourceFile(f"{prefix}{relative}", path, info.st_size)


def _why(error: OSError) -> str:
    if error.errno == errno.ELOOP:
        return "symbolic link loop"
    if error.errno == errno.ENOENT:  # listed in its folder, yet not there: a link to nothing
        return "broken symbolic link"
    return f"cannot read: {error.strerror or error}"


def corpus_key(root: Path) -> str:
    """A readable, collision-free folder name for the index of the corpus at `root`."""
    resolved = root.resolve()
    digest = hashlib.sha1(str(resolved).encode()).hexdigest()[:10]
    return f"{resolved.name or 'root'}-{digest}"
