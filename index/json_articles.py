"""Articles from JSON: one object, a list of objects, or JSON Lines (one per line).

Field names (others are ignored): id, title, dek (or subtitle, description), authors (a
list or a string; or author), date, source (or publisher), url, body (or text, content),
comments (a list of {author, date, score, text} or of strings).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass

from index.articles import UNKNOWN_SOURCE, authors_from, hash_bytes
from index.dates import parse_iso
from index.errors import ArticleError
from index.markup import normalize
from index.publishers import canonical_publisher, from_url
from index.records import Article, Comment


@dataclass(frozen=True)
class RecordError:
    where: str  # "record 3" or "line 7"
    reason: str


def parse_json(text: str, base_id: str, path: str, jsonl: bool) -> tuple[list[Article], list[RecordError]]:
    """Every good record as an Article; every bad one as a one-line reason."""
    articles: list[Article] = []
    errors: list[RecordError] = []
    for where, record in _records(text, jsonl, errors):
        try:
            articles.append(_article(record, where, base_id, path))
        except ArticleError as error:
            errors.append(RecordError(where, str(error)))
    if not articles and not errors:
        raise ArticleError("no articles in this JSON file")
    return articles, errors


def _records(text: str, jsonl: bool, errors: list[RecordError]) -> Iterator[tuple[str, object]]:
    if jsonl:
        for number, line in enumerate(text.splitlines(), start=1):
            if line.strip():
                try:
                    yield f"line {number}", json.loads(line)
                except ValueError as error:
                    errors.append(RecordError(f"line {number}", f"not valid JSON ({error.msg})"))
        return
    try:
        data = json.loads(text)
    except ValueError as error:
        raise ArticleError(f"not valid JSON ({error.msg} at line {error.lineno})") from None
    records = data if isinstance(data, list) else [data]
    for number, record in enumerate(records, start=1):
        yield f"record {number}", record


def _text(record: dict, *names: str) -> str:
    for name in names:
        value = record.get(name)
        if isinstance(value, str) and value.strip():
            return normalize(value).strip()
    return ""


def _article(record: object, where: str, base_id: str, path: str) -> Article:
    if not isinstance(record, dict):
        raise ArticleError("not a JSON object")
    body = _text(record, "body", "text", "content")
    if not body:
        raise ArticleError("no body text (give it as body, text or content)")
    url = _text(record, "url", "link") or None
    source = _text(record, "source", "publisher") or (from_url(url) if url else None)
    paragraphs = [" ".join(p.split()) for p in body.replace("\r\n", "\n").split("\n\n") if p.strip()]
    record_id = _text(record, "id")
    date = parse_iso(record.get("date") or record.get("published"))
    return Article(
        id=f"{base_id}#{record_id or where.split()[-1]}",
        title=_text(record, "title", "headline") or body[:80],
        dek=_text(record, "dek", "subtitle", "description"),
        authors=authors_from(record.get("authors", record.get("author"))),
        date=date.isoformat() if date else None,
        source=canonical_publisher(source) if source else UNKNOWN_SOURCE,
        url=url,
        body="\n\n".join(paragraphs),
        comments=[_comment(c) for c in record.get("comments") or [] if c],
        content_hash=hash_bytes(json.dumps(record, sort_keys=True, ensure_ascii=False).encode()),
        path=path,
    )


def _comment(value: object) -> Comment:
    if isinstance(value, str):
        return Comment(author="", date=None, score=None, text=value)
    if not isinstance(value, dict):
        return Comment(author="", date=None, score=None, text=str(value))
    score = value.get("score")
    return Comment(
        author=str(value.get("author") or ""),
        date=str(value["date"]) if value.get("date") else None,
        score=int(score)
        if isinstance(score, (int, float)) or (isinstance(score, str) and score.lstrip("+-").isdigit())
        else None,
        text=str(value.get("text") or ""),
    )
