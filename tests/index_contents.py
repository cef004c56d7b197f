"""Everything a user sees of an index, through the library: to tell two indexes apart."""

from __future__ import annotations

from dataclasses import asdict
from pathlib import Path
from typing import Any

from index.library import Library

QUERIES = ["venezuela", "russia AND oil", '"foreign minister"', "lavrov OR maduro", "troops NOT oil", "sanction*"]


def contents(index_dir: Path) -> dict[str, Any]:
    """Everything a user sees of an index, through the library."""
    with Library.open(index_dir) as library:
        ids = [summary.id for summary in library.articles()]
        return {
            "articles": [asdict(library.article(i)) for i in ids],
            "entities": [asdict(e) for e in library.entities()],
            "names": {i: [asdict(e) for e in library.article_entities(i)] for i in ids},
            "stories": {i: [asdict(m) for m in library.same_story(i)] for i in ids},
            "related": {i: [(r.id, round(r.score, 6)) for r in library.related(i)] for i in ids[:12]},
            "searches": {
                text: [(hit.id, round(hit.score, 6)) for hit in library.search(text, limit=100, snippets=False).hits]
                for text in QUERIES
            },
        }
