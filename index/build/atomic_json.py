"""JSON files beside the index, written so that a reader sees the old file or the new,
never half of one. At 100k articles these files run to tens of MB and are rewritten on
every update, so orjson writes and reads them; except where one key recurs across a file
(an article id named by a thousand entities), which the standard library's decoder keeps
as one string and orjson does not (about 70 MB more for the entity table at 100k)."""

from __future__ import annotations

import json
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


def read_json(path: Path, share_keys: bool = False) -> object:
    """The file's content, or None when it is missing or not JSON; `share_keys` for a file
    whose many objects repeat the same keys, held in memory for long."""
    try:
        data = path.read_bytes()
        return json.loads(data) if share_keys else orjson.loads(data)
    except (OSError, ValueError):  # orjson's decode error is a ValueError too
        return None
