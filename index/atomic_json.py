"""JSON files beside the index, written so that a reader sees the old file or the new,
never half of one. orjson, because at 100k articles these files run to tens of MB and
are read and written on every update."""

from __future__ import annotations

import os
from pathlib import Path

import orjson

_OPTIONS = orjson.OPT_NON_STR_KEYS | orjson.OPT_SERIALIZE_NUMPY


def write_json(target: Path, payload: object, indent: int | None = None) -> None:
    """Write `payload` (JSON values, dataclasses, numpy numbers) to `target`; `indent`
    asks for a file people read (two spaces, whatever the number)."""
    temporary = target.with_suffix(f".tmp-{os.getpid()}")
    temporary.write_bytes(orjson.dumps(payload, option=_OPTIONS | (orjson.OPT_INDENT_2 if indent else 0)))
    os.replace(temporary, target)


def read_json(path: Path) -> object:
    """The file's content, or None when it is missing or not JSON."""
    try:
        return orjson.loads(path.read_bytes())
    except (OSError, orjson.JSONDecodeError):
        return None
