"""Read any supported file into articles: text and Markdown pages, HTML, JSON and JSON Lines."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from index.articles import hash_bytes, parse_article
from index.decode import decode
from index.errors import ArticleError
from index.file_kinds import KINDS, too_large
from index.records import Article


@dataclass
class FileRead:
    """What one file held: its articles, and notes on what was recovered or left out."""

    articles: list[Article]
    file_hash: str
    notes: list[str] = field(default_factory=list)


def read_file(path: Path, base_id: str, data: bytes) -> FileRead:
    """Parse the bytes of one file. Raises ArticleError when it holds no article at all."""
    if reason := too_large(len(data)):
        raise ArticleError(reason)
    if not data.strip():
        raise ArticleError("empty file")
    decoded = decode(data)
    file_hash = hash_bytes(data)
    read = FileRead([], file_hash, [decoded.note] if decoded.note else [])
    kind = KINDS.get(path.suffix.lower(), "text")
    if kind == "text":
        read.articles.append(parse_article(decoded.text, base_id, str(path), file_hash))
    elif kind == "html":
        from index.html_article import parse_html  # trafilatura loads only when HTML is met

        read.articles.append(parse_html(decoded.text, base_id, str(path), file_hash))
    else:
        from index.json_articles import parse_json

        articles, errors = parse_json(decoded.text, base_id, str(path), jsonl=kind == "jsonl")
        read.articles.extend(articles)
        read.notes.extend(f"{e.where}: {e.reason}" for e in errors)
    return read
