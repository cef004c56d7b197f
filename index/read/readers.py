"""Read any supported file into articles: text and Markdown pages, HTML, JSON and JSON Lines."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from index.errors import ArticleError
from index.read.articles import hash_bytes, parse_article
from index.read.decode import decode
from index.read.file_kinds import KINDS, too_large
from index.records import Article

SPARSE_PAGE_BYTES = 1_000_000  # an HTML page this big ...
SPARSE_SHARE = 1000  # ... whose text is under a thousandth of it is mostly scripts and markup: said so


@dataclass
class FileRead:
    """What one file held: its articles, notes on what was recovered, and the records that
    were left out (each a one-line reason)."""

    articles: list[Article]
    file_hash: str
    notes: list[str] = field(default_factory=list)
    left_out: list[str] = field(default_factory=list)


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
        from index.read.html_article import parse_html  # trafilatura loads only when HTML is met

        article = parse_html(decoded.text, base_id, str(path), file_hash)
        read.articles.append(article)
        if len(data) >= SPARSE_PAGE_BYTES and len(article.body) * SPARSE_SHARE < len(data):
            read.notes.append(f"only {len(article.body):,} characters of text found in a {_size(len(data))} page")
    else:
        from index.read.json_articles import parse_json

        articles, errors = parse_json(decoded.text, base_id, str(path), jsonl=kind == "jsonl")
        read.articles.extend(articles)
        read.left_out.extend(f"{e.where}: {e.reason}" for e in errors)
    return read


def _size(size: int) -> str:
    return f"{size / 2**20:.1f} MB" if size >= 2**20 else f"{size / 2**10:.0f} KB"


def failure_reason(error: Exception, doing: str = "read") -> str:
    """One line for a file (or article) that failed in a way no reader foresaw: the
    error's class and the start of its message, never a traceback."""
    message = str(error).strip().split("\n")[0]
    if len(message) > 100:
        message = message[:99] + "\u2026"
    return f"could not be {doing} ({error.__class__.__name__}{': ' + message if message else ''})"
