"""JSON files beside the index, written so that a reader sees the old file or the new,
never half of one."""

from __future__ import annotations

import json
import os
from pathlib import Path


def write_json(target: Path, payload: object, indent: int | None = None) -> None:
    temporary = target.with_suffix(f".tmp-{os.getpid()}")
    temporary.write_text(json.dumps(payload, ensure_ascii=False, indent=indent), encoding="utf-8")
    os.replace(temporary, target)


def read_json(path: Path) -> object:
    """The file's content, or None when it is missing or not JSON."""
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
