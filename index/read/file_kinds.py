"""Which files are articles: by suffix, and not too large. Kept apart from the readers
themselves so that walking a folder (which the app's start-up does) imports no parser."""

from __future__ import annotations

KINDS = {
    ".txt": "text", ".md": "text", ".markdown": "text",
    ".html": "html", ".htm": "html",
    ".json": "json", ".jsonl": "jsonl", ".ndjson": "jsonl",
}  # fmt: skip
SUFFIXES = tuple(KINDS)
MAX_BYTES = 20 * 1024 * 1024  # larger files are not articles (dumps, archives, logs)


def too_large(size: int) -> str | None:
    if size > MAX_BYTES:
        return f"too large ({size / 2**20:.0f} MB; the limit is {MAX_BYTES // 2**20} MB)"
    return None
