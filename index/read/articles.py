"""Read article files into `Article` records.

Two inputs: Markdown with YAML front matter (the clean format for users' own
articles), and pages copied from the web as text or Markdown, whose layout is read
with general rules (header, body, trailer, comments).
"""

from __future__ import annotations

import hashlib
import re
from datetime import date

from index.errors import ArticleError
from index.read import front_matter
from index.read.clean import clean_body, drop_leading_credits, split_trailer
from index.read.comments import split_comments
from index.read.dates import date_from_url, parse_iso
from index.read.header import parse_header, split_names
from index.read.markup import Unit, join_split_paragraphs, normalize, to_units
from index.read.publishers import canonical_publisher, from_url
from index.read.trailer import read_trailer
from index.records import Article

UNKNOWN_SOURCE = "Unknown"
_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(?P<yaml>.*?)\n(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.DOTALL)


def hash_bytes(data: bytes) -> str:
    """The content hash that decides whether a file changed."""
    return hashlib.sha256(data).hexdigest()


def parse_article(text: str, article_id: str, path: str = "", content_hash: str = "") -> Article:
    text = normalize(text)
    if not text.strip():
        raise ArticleError("empty file")
    front = _FRONT_MATTER.match(text)
    if front:
        meta = front_matter.load(front["yaml"])
        if meta is not None:
            return _from_front_matter(meta, text[front.end() :], article_id, path, content_hash)
    return _from_page(text, article_id, path, content_hash)


def _from_page(text: str, article_id: str, path: str, content_hash: str) -> Article:
    lines, section = split_comments(text.split("\n"))
    units = to_units(lines)
    header = parse_header(units)
    after_header = drop_leading_credits(units[header.end + 1 :])
    split = split_trailer(join_split_paragraphs(after_header))
    trailer = [u.text for u in split.trailer]
    facts = read_trailer(trailer, section.preamble, header.banners, text)
    credits = header.credits + facts.credits
    published = header.date or facts.date or (date_from_url(facts.url) if facts.url else None)
    body = clean_body(split.body)
    if not body:
        raise ArticleError("no article text found")
    return Article(
        id=article_id,
        title=header.title or _fallback_title(article_id),
        dek=header.dek,
        authors=header.authors,
        date=_iso(published),
        source=facts.publisher or (credits[0] if credits else UNKNOWN_SOURCE),
        url=facts.url,
        body="\n\n".join(body),
        comments=section.comments,
        content_hash=content_hash,
        path=path,
    )


def _from_front_matter(meta: dict[object, object], rest: str, article_id: str, path: str, content_hash: str) -> Article:
    title = str(meta.get("title") or "").strip()
    units: list[Unit] = to_units(rest.split("\n"))
    if units and title and units[0].heading and units[0].text.strip() == title:
        units = units[1:]
    split = split_trailer(join_split_paragraphs(units))
    body = clean_body(split.body)
    if not body:
        raise ArticleError("no article text after the front matter")
    url = str(meta["url"]).strip() if meta.get("url") else None
    source = meta.get("source") or meta.get("publisher") or (from_url(url) if url else None)
    return Article(
        id=article_id,
        title=title or _fallback_title(article_id),
        dek=str(meta.get("dek") or meta.get("subtitle") or meta.get("description") or "").strip(),
        authors=authors_from(meta.get("authors", meta.get("author"))),
        date=_iso(parse_iso(meta.get("date")) or (date_from_url(url) if url else None)),
        source=canonical_publisher(str(source)) if source else UNKNOWN_SOURCE,
        url=url,
        body="\n\n".join(body),
        comments=[],
        content_hash=content_hash,
        path=path,
    )


def authors_from(value: object) -> list[str]:
    """Authors given as a list, or as one string ('A and B, Outlet')."""
    if not value:
        return []
    if isinstance(value, str):
        people, _outlets = split_names(value)
        return people
    if isinstance(value, list):
        return [str(v).strip() for v in value if str(v).strip()]
    return [str(value).strip()]


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value else None


def _fallback_title(article_id: str) -> str:
    return re.sub(r"[_-]+", " ", article_id).strip().capitalize() or article_id
