"""The folders and files that make up a corpus: its articles folder, plus whatever the
user added with `explorer add` (indexed where they are, never copied)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from index.build.atomic_json import read_json, write_json

REGISTRY = "sources.json"


@dataclass(frozen=True)
class Root:
    path: Path
    prefix: str  # put before the ids of its articles, so that roots never collide


def roots(articles_dir: Path, index_dir: Path, adding: Sequence[Path] = ()) -> list[Root]:
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
    payload = read_json(index_dir / REGISTRY)
    added = payload.get("added") if isinstance(payload, dict) else None
    return [Path(p) for p in added] if isinstance(added, list) else []


def register(index_dir: Path, found: list[Root]) -> None:
    write_json(index_dir / REGISTRY, {"added": [str(r.path) for r in found[1:]]}, indent=2)
