"""One article file read the way the indexer reads it (index.read.readers), for tests, the eval
and the bench: they check the same parsing the product runs, not a second path to it."""

from __future__ import annotations

from pathlib import Path

from index.read.readers import read_file
from index.records import Article


def read_article(path: Path, article_id: str | None = None) -> Article:
    """The one article of a text, Markdown or HTML file. Raises ArticleError as the indexer would."""
    return read_file(path, article_id or path.stem, path.read_bytes()).articles[0]
