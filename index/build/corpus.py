"""Where articles live: the shipped corpus, the user's folders, and walking them safely.

A walk follows symbolic links to files and folders (users link in whole archives) but
never loops, and reports links that lead nowhere instead of failing on them."""

from __future__ import annotations

import errno
import hashlib
import os
import stat
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path

from index.read.file_kinds import SUFFIXES
from index.read.valid_text import encodes

_PACKAGE_DIR = Path(__file__).resolve().parents[1]  # the `index` package
# The index, its sidecar files and the terminal all store names as UTF-8; a name that is not
# would be indexed under an altered id and path that no longer lead back to the file.
NAME_NOT_UTF8 = "the {} name is not valid UTF-8; rename it"


def shipped_articles_dir() -> Path:
    """The first corpus: packaged inside `index/` in a wheel, `articles/` in a checkout."""
    for candidate in (_PACKAGE_DIR / "_corpus", _PACKAGE_DIR.parent / "articles"):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError("the shipped articles are missing from this installation")


@dataclass(frozen=True)
class SourceFile:
    id: str  # path below the root without its suffix ('2019/april/story'); stable across runs
    location: str  # the file's path as a string: a Path per file costs seconds on a 100k walk
    size: int
    mtime_ns: int = 0

    @property
    def path(self) -> Path:
        return Path(self.location)


@dataclass(frozen=True)
class Unreadable:
    path: Path
    reason: str


def discover(root: Path, prefix: str = "") -> Iterator[SourceFile | Unreadable]:
    """Article files under `root` (or `root` itself, when it is a file), sorted."""
    if not encodes(str(root)):
        yield Unreadable(root, NAME_NOT_UTF8.format("folder" if root.is_dir() else "file"))
        return
    if root.is_file():  # an added file: its one article is named by the prefix
        for entry in _entry(root, root.parent, ""):
            yield replace(entry, id=prefix or entry.id) if isinstance(entry, SourceFile) else entry
        return
    seen: set[tuple[int, int]] = set()
    yield from _walk(root, prefix, seen)


def _walk(folder: Path, prefix: str, seen: set[tuple[int, int]]) -> Iterator[SourceFile | Unreadable]:
    """Files below `folder`, each named `prefix` + its path below the root without suffix
    (string work, not pathlib: this runs once per file of a 100k corpus on every update)."""
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
        try:
            is_dir = entry.is_dir()  # follows links
        except OSError:
            is_dir = False
        stem, suffix = os.path.splitext(entry.name)
        if not encodes(entry.name) and (is_dir or suffix.lower() in SUFFIXES):
            yield Unreadable(Path(entry.path), NAME_NOT_UTF8.format("folder" if is_dir else "file"))
        elif is_dir:
            yield from _walk(Path(entry.path), f"{prefix}{entry.name}/", seen)
        elif suffix.lower() in SUFFIXES:
            yield _file(entry.path, f"{prefix}{stem}", entry.stat)


def _entry(path: Path, root: Path, prefix: str) -> Iterator[SourceFile | Unreadable]:
    yield _file(str(path), f"{prefix}{path.relative_to(root).with_suffix('').as_posix()}", path.stat)


def _file(location: str, article_id: str, stat_of: Callable[[], os.stat_result]) -> SourceFile | Unreadable:
    try:
        info = stat_of()  # follows links
    except OSError as error:
        return Unreadable(Path(location), _why(error))
    if not stat.S_ISREG(info.st_mode):
        return Unreadable(Path(location), "not a regular file")
    return SourceFile(article_id, location, info.st_size, info.st_mtime_ns)


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
