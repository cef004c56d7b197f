"""The folders and files that make up a corpus: its articles folder, plus whatever the
user added with `explorer add` (indexed where they are, never copied)."""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path

REGISTRY = "sources.json"


@dataclass(frozen=True)
class Root:
    path: Path
    prefix: str  # put before the ids of its articles, so that roots never collide


def roots(articles_dir: Path, index_dir: Path, adding: list[Path] = ()) -> list[Root]:
    """The articles folder first, then every added path, each with a prefix of its own:
    a folder's articles become 'name/...', a file's article 'name'."""
    found = [Root(articles_dir.resolve(), "")]
    for path in [*_registered(index_dir), *(p.resolve() for p in adding)]:
        if any(r.path == path for r in found):
            continue
        taken = {r.prefix for r in found}
        name = path.name if path.is_dir() else path.stem
        prefix, number = name, 2
        while prefix in taken or f"{prefix}/" in taken:
            prefix, number = f"{name}-{number}", number + 1
        found.append(Root(path, f"{prefix}/" if path.is_dir() else prefix))
    return found


def _registered(index_dir: Path) -> list[Path]:
    try:
        return [Path(p) for p in json.loads((index_dir / REGISTRY).read_text(encoding="utf-8"))["added"]]
    except (OSError, ValueError, KeyError, TypeError):
        return []


def register(index_dir: Path, found: list[Root]) -> None:
    added = [str(r.path) for r in found[1:]]
    temporary = index_dir / f"{REGISTRY}.tmp-{os.getpid()}"
    temporary.write_text(json.dumps({"added": added}, indent=2), encoding="utf-8")
    os.replace(temporary, index_dir / REGISTRY)
