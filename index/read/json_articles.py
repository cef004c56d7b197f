"""Articles from JSON: one object, a list of objects, or JSON Lines (one per line).

Field names (others are ignored): id, title, dek (or subtitle, description), authors (a
list or a string; or author), date, source (or publisher), url, body (or text, content),
comments (a list of {author, date, score, text} or of strings).

A record whose fields have the wrong JSON type (a title that is a list, comments that are
a number) is not guessed at: it is left out with a one-line reason naming the field.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterator
from dataclasses import dataclass

from index.errors import ArticleError
from index.read.articles import UNKNOWN_SOURCE, authors_from, hash_bytes
from index.read.dates import parse_iso
from index.read.markup import normalize
from index.read.publishers import canonical_publisher, from_url
from index.read.valid_text import valid
from index.records import Article, Comment

_TEXT_FIELDS = ("title", "headline", "dek", "subtitle", "description", "url", "link", "source", "publisher",
               "body", "text", "content", "date", "published")  # fmt: skip


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
                    yield f"line {number}", _loads(line, at_line=False)
                except ArticleError as error:
                    errors.append(RecordError(f"line {number}", str(error)))
        return
    data = _loads(text)
    records = data if isinstance(data, list) else [data]
    for number, record in enumerate(records, start=1):
        yield f"record {number}", record


def _loads(text: str, at_line: bool = True) -> object:
    try:
        return json.loads(text)
    except RecursionError:
        raise ArticleError("not valid JSON (nested too deeply)") from None
    except ValueError as error:  # JSONDecodeError, or a number too long to convert
        where = f" at line {error.lineno}" if at_line and isinstance(error, json.JSONDecodeError) else ""
        message = error.msg if isinstance(error, json.JSONDecodeError) else str(error).split(";")[0]
        raise ArticleError(f"not valid JSON ({message}{where})") from None


def _kind(value: object) -> str:
    """A JSON value's type, as a reason names it."""
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, dict):
        return "an object"
    if isinstance(value, list):
        return "a list"
    return "text" if isinstance(value, str) else type(value).__name__


def _checked(record: dict[str, object]) -> None:
    """Raise for the first known field that holds the wrong type of JSON value."""
    for name in _TEXT_FIELDS:
        value = record.get(name)
        if value is not None and not isinstance(value, str):
            raise ArticleError(f"{name} should be text, not {_kind(value)}")
    identifier = record.get("id")
    if identifier is not None and (isinstance(identifier, bool) or not isinstance(identifier, (str, int, float))):
        raise ArticleError(f"id should be text or a number, not {_kind(identifier)}")
    for name in ("authors", "author"):
        value = record.get(name)
        names = value if isinstance(value, list) else [value]
        if value is not None and not all(isinstance(v, str) for v in names):
            raise ArticleError(f"{name} should be text or a list of text, not {_kind(value)}")
    comments = record.get("comments")
    if comments is not None and not isinstance(comments, list):
        raise ArticleError(f"comments should be a list, not {_kind(comments)}")


def _text(record: dict[str, object], *names: str) -> str:
    for name in names:
        value = record.get(name)
        if isinstance(value, str) and value.strip():
            return valid(normalize(value).strip())
    return ""


def _article(record: object, where: str, base_id: str, path: str) -> Article:
    if not isinstance(record, dict):
        raise ArticleError(f"not a JSON object but {_kind(record)}")
    _checked(record)
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
        authors=[valid(a) for a in authors_from(record.get("authors", record.get("author")))],
        date=date.isoformat() if date else None,
        source=canonical_publisher(source) if source else UNKNOWN_SOURCE,
        url=url,
        body="\n\n".join(paragraphs),
        comments=[_comment(c, number) for number, c in enumerate(record.get("comments") or [], start=1) if c],
        content_hash=hash_bytes(
            json.dumps(record, sort_keys=True, ensure_ascii=False).encode("utf-8", "surrogatepass")
        ),
        path=path,
    )


def _comment(value: object, number: int) -> Comment:
    if isinstance(value, str):
        return Comment(author="", date=None, score=None, text=valid(value))
    if not isinstance(value, dict):
        raise ArticleError(f"comment {number} should be text or an object, not {_kind(value)}")
    for name in ("author", "date", "text"):
        if value.get(name) is not None and not isinstance(value[name], str):
            raise ArticleError(f"comment {number}: {name} should be text, not {_kind(value[name])}")
    return Comment(
        author=valid(value.get("author") or ""),
        date=valid(value["date"]) if value.get("date") else None,
        score=_score(value.get("score")),
        text=valid(value.get("text") or ""),
    )


def _score(value: object) -> int | None:
    """A comment's score when it is a whole number, or text that is one ('+12'); scores are
    a detail, so any other value (1e999, 'n/a') is left out rather than the record."""
    if isinstance(value, str) and value.lstrip("+-").isdigit() and len(value) <= 18:
        return int(value)
    if isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value) and abs(value) < 1e18:
        return int(value)
    return None
