"""The corpus-wide entity table, kept beside the Whoosh index as `entities.json`.

Entities are resolved across the whole corpus, so one changed article can rename or
merge entities named elsewhere; the table is rebuilt from every article's stored
mentions after each indexing run that changed anything, and written atomically.
"""

from __future__ import annotations

import json
import os
from dataclasses import asdict
from pathlib import Path

from index.resolve import Entity, Mention, resolve

TABLE = "entities.json"
TABLE_FORMAT = 1


def mentions_to_json(mentions: list[Mention]) -> str:
    return json.dumps([[m.text, m.label, m.field, m.start, m.end, m.cue] for m in mentions], ensure_ascii=False)


def mentions_from_json(text: str | None) -> list[Mention]:
    return [Mention(*row) for row in json.loads(text or "[]")]


def write_table(index_dir: Path, mentions_by_article: dict[str, list[Mention]]) -> list[Entity]:
    entities = resolve(mentions_by_article)
    payload = {"format": TABLE_FORMAT, "entities": [asdict(e) for e in entities]}
    target = index_dir / TABLE
    temporary = target.with_suffix(f".tmp-{os.getpid()}")
    temporary.write_text(json.dumps(payload, ensure_ascii=False), encoding="utf-8")
    os.replace(temporary, target)  # readers see the old table or the new, never half of one
    return entities


def read_table(index_dir: Path) -> list[Entity] | None:
    """The table, or None when this index has none (built before entities existed)."""
    try:
        payload = json.loads((index_dir / TABLE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(payload, dict) or payload.get("format") != TABLE_FORMAT:
        return None
    entities = []
    for row in payload["entities"]:
        row["spans"] = {article: [tuple(span) for span in spans] for article, spans in row["spans"].items()}
        entities.append(Entity(**row))
    return entities
