"""`explorer search QUERY --export FILE`: the results with your marks, for a report, as CSV,
JSON Lines or Markdown (by the file's name). A file is never overwritten."""

from __future__ import annotations

import csv
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any, TextIO

from index.library import Library
from index.records import ArticleState, SearchHit

FORMATS = (".csv", ".jsonl", ".md")


def check_target(path: Path) -> str | None:
    """Why the results cannot be written there (None: they can)."""
    if path.suffix.lower() not in FORMATS:
        return f"cannot tell the format of {path}: name it .csv, .jsonl or .md"
    if path.exists():
        return f"{path} exists; choose a new file (an export never overwrites one)"
    return None


def export(library: Library, query: str, sort: str, path: Path) -> int:
    """Write every match of `query` to `path`; how many."""
    total = library.search(query, limit=1, snippets=False).total
    hits = library.search(query, limit=max(total, 1), snippets=False, sort=sort).hits if total else []
    marked = set(library.work.with_state())
    states = {hit.id: library.work.state(hit.id) if hit.id in marked else ArticleState() for hit in hits}
    writer: Callable[[TextIO, str, list[SearchHit], dict[str, ArticleState]], None] = {
        ".csv": _csv,
        ".jsonl": _jsonl,
        ".md": _markdown,
    }[path.suffix.lower()]
    with path.open("x", encoding="utf-8", newline="") as out:
        writer(out, query, hits, states)
    return len(hits)


def _row(hit: SearchHit, state: ArticleState) -> dict[str, Any]:
    return {"id": hit.id, "title": hit.title, "source": hit.source, "date": hit.date, **state.to_dict()}


def _csv(out: TextIO, query: str, hits: list[SearchHit], states: dict[str, ArticleState]) -> None:
    table = csv.writer(out)
    table.writerow(["id", "title", "source", "date", "read", "starred", "tags", "notes"])
    for hit in hits:
        state = states[hit.id]
        notes = " | ".join(note.text for note in state.notes)
        marks = [str(state.read).lower(), str(state.starred).lower(), "; ".join(state.tags), notes]
        table.writerow([hit.id, hit.title, hit.source, hit.date or "", *marks])


def _jsonl(out: TextIO, query: str, hits: list[SearchHit], states: dict[str, ArticleState]) -> None:
    for hit in hits:
        out.write(json.dumps(_row(hit, states[hit.id]), ensure_ascii=False) + "\n")


def _markdown(out: TextIO, query: str, hits: list[SearchHit], states: dict[str, ArticleState]) -> None:
    read = sum(state.read for state in states.values())
    out.write(f"# {len(hits)} articles match ‘{query}’ ({read} read)\n\n")
    for hit in hits:
        state = states[hit.id]
        marks = [m for m in ("★" if state.starred else "", "read" if state.read else "unread") if m]
        marks += [f"#{tag}" for tag in state.tags]
        out.write(
            f"- **{_md(hit.title)}**, {_md(hit.source)}, {hit.date or 'undated'} · {' · '.join(marks)} (`{hit.id}`)\n"
        )
        for note in state.notes:
            out.write(f"  > {_md(note.text)}\n")


def _md(text: str) -> str:
    """Text that reads as itself in Markdown: its marks and a line break escaped."""
    escaped = "".join("\\" + c if c in "\\`*_[]<>#|" else c for c in text)
    return " ".join(escaped.split())
