"""The corpus-wide entity table, kept beside the Whoosh index as `entities.json`, and the
tally it is made from (`entity-tally.json`).

Entities are resolved across the whole corpus, so one changed article can rename or
merge entities named elsewhere. The tally of every article's shares is kept between
runs: a run takes out the old shares of the articles it changes and adds their new ones,
then derives the table again. Both files are written atomically and stamped with the
index generation they describe, so a tally that does not match the index is never used.
"""

from __future__ import annotations

import json
from pathlib import Path

from index.build.atomic_json import read_json, write_json
from index.entities.resolve import Entity, Mention, Tally

TABLE = "entities.json"
TABLE_FORMAT = 3  # 2: entities name their spelling keys; spans are worked out per article; 3: resolution v2
TALLY = "entity-tally.json"
TALLY_FORMAT = 2  # 2: mentions vote by origin; keys fold transliterations in full names only


def mentions_to_json(mentions: list[Mention]) -> str:
    return json.dumps(
        [[m.text, m.label, m.field, m.start, m.end, m.cue, m.origin, m.place] for m in mentions], ensure_ascii=False
    )


def mentions_from_json(text: str | None) -> list[Mention]:
    return [Mention(*row) for row in json.loads(text or "[]")]


def write_table(index_dir: Path, entities: list[Entity], generation: int) -> None:
    rows = [  # by hand: dataclasses.asdict deep-copies, which costs seconds on a large corpus
        {"id": e.id, "name": e.name, "type": e.type, "aliases": e.aliases, "articles": e.articles, "keys": e.keys}
        for e in entities
    ]
    write_json(index_dir / TABLE, {"format": TABLE_FORMAT, "generation": generation, "entities": rows})


def read_table(index_dir: Path) -> list[Entity] | None:
    """The table, or None when this index has none (or one from an older version, which
    the next indexing run replaces)."""
    payload = read_json(index_dir / TABLE, share_keys=True)  # it stays in memory while the app runs
    if not isinstance(payload, dict) or payload.get("format") != TABLE_FORMAT:
        return None
    return [Entity(**row) for row in payload["entities"]]


def save_tally(index_dir: Path, tally: Tally, generation: int) -> None:
    write_json(index_dir / TALLY, {"format": TALLY_FORMAT, "generation": generation, "groups": tally.to_json()})


def load_tally(index_dir: Path, generation: int | None) -> Tally | None:
    """The tally, if it describes exactly this generation of the index (None: whichever it
    describes, for a reader who can do with one a commit behind)."""
    payload = read_json(index_dir / TALLY)
    if not isinstance(payload, dict) or payload.get("format") != TALLY_FORMAT:
        return None
    if generation is not None and payload.get("generation") != generation:
        return None
    return Tally.from_json(payload["groups"])
