"""Read one saved HTML news page into an `Article`.

A page saved from the web states its own metadata (Open Graph, JSON-LD, `<time>`) but
buries the story among menus, share bars and reader comments. trafilatura finds the main
text, the metadata and the comment section; its date is htmldate's, asked for the
original publication date. This module maps what they find onto the project's record
with the rules the text reader uses (bylines without outlets, canonical publisher
names) and cuts the comment section into one `Comment` per comment block.

Offline by construction: the HTML is parsed here and only the tree is handed on, since
htmldate downloads any input string that looks like a URL.
"""

from __future__ import annotations

import re
from collections import Counter
from copy import deepcopy
from datetime import datetime
from urllib.parse import urlparse

from lxml.html import HtmlElement
from trafilatura import bare_extraction, load_html
from trafilatura.settings import Document

from index.errors import ArticleError
from index.read.articles import UNKNOWN_SOURCE
from index.read.dates import parse_datetime_line
from index.read.header import split_names
from index.read.publishers import canonical_publisher, from_url
from index.records import Article, Comment

NO_TEXT = "no article text found in the HTML"
MIN_PROSE_WORDS = 6  # a page needs one paragraph at least this long to hold an article
_SPACES = re.compile(r"[ \t\u00a0\u2009\u200b]+")
_TITLE_SEPARATORS = (" | ", " - ", " – ", " — ", " :: ", " · ")
_HOST = re.compile(r"^[\w-]+(?:\.[\w-]+)+$")
# Tokens of id/class: the comment section, one comment's parts, and what is not comment text.
_AREA = re.compile(r"^(?:\w+-)?comment(?:s|[-_]?(?:list|area|section|thread))(?:[-_]\w+)?$|^disqus_thread$", re.I)
_SINGLE = re.compile(r"^comment(?:[-_]?\d+)?$", re.I)
_AUTHOR = re.compile(r"(?:^|[-_])(?:author|fn|user(?:name)?|nick(?:name)?|commenter|poster)(?:$|[-_])", re.I)
_DATE = re.compile(r"(?:^|[-_])(?:date|time|timestamp|posted)(?:$|[-_])", re.I)
_SCORE = re.compile(r"(?:^|[-_])(?:score|votes?|likes|points|rating|karma)(?:$|[-_])", re.I)
_JUNK = re.compile(r"(?:^|[-_])(?:reply|respond|share|report|flag|actions?|avatar|says)(?:$|[-_])", re.I)
_TEXT_TAGS = ("p", "span", "a", "b", "i", "em", "strong", "br", "time", "abbr", "small")  # never a comment block
_JUNK_TAGS = ("script", "style", "noscript", "form", "button", "textarea", "select", "input")


def parse_html(text: str, article_id: str, path: str = "", content_hash: str = "") -> Article:
    """Read one HTML page. Raises ArticleError (one-line message) when it holds no article."""
    if not text.strip():
        raise ArticleError("empty file")
    try:
        tree = load_html(text)
        doc = _extract(tree) if tree is not None else None
        comments = _comments(tree, doc.comments or "") if doc is not None else []
    except Exception as error:  # trafilatura, htmldate and lxml raise many kinds
        raise ArticleError(f"unreadable HTML ({error.__class__.__name__})") from None
    if doc is None:
        raise ArticleError(NO_TEXT)
    url = _url(doc.url)
    source = _source(doc.sitename, url)
    title = _title(doc.title, (doc.sitename or "", source))
    body = _body(doc.text or "", title)
    return Article(
        id=article_id,
        title=title,
        dek=_dek(doc.description, body),
        authors=_authors(doc.author),
        date=doc.date[:10] if doc.date else None,  # htmldate's own output format is YYYY-MM-DD
        source=source,
        url=url,
        body=body,
        comments=comments,
        content_hash=content_hash,
        path=path,
    )


def _extract(tree: HtmlElement) -> Document | None:
    """Precision mode: a bare menu page yields nothing rather than its menus."""
    dates = {"original_date": True, "extensive_search": True}  # the first publication, not the last update
    doc = bare_extraction(
        tree, favor_precision=True, include_comments=True, with_metadata=True, date_extraction_params=dates
    )
    return doc if isinstance(doc, Document) else None


def _clean(text: str | None) -> str:
    return _SPACES.sub(" ", text or "").strip()


def _key(text: str) -> str:
    return re.sub(r"[\W_]", "", text.lower())


def _site_key(name: str) -> str:
    return _key(re.sub(r"^the\s+", "", name.strip(), flags=re.I))


def _paragraphs(text: str) -> list[str]:
    return [p for line in text.splitlines() if (p := _clean(line))]


def _title(raw: str | None, site_names: tuple[str, ...]) -> str:
    title = _clean(raw)
    sites = {_site_key(name) for name in site_names if name}
    for separator in _TITLE_SEPARATORS:
        head, found, tail = title.rpartition(separator)
        if found and head.strip() and {_site_key(tail), _site_key(canonical_publisher(tail))} & sites:
            return head.strip()
    return title


def _body(text: str, title: str) -> str:
    paragraphs = _paragraphs(text)
    if paragraphs and title and _key(paragraphs[0]) == _key(title):
        paragraphs = paragraphs[1:]  # the headline, repeated above the story
    if not any(len(p.split()) >= MIN_PROSE_WORDS for p in paragraphs):
        raise ArticleError(NO_TEXT)
    return "\n\n".join(paragraphs)


def _dek(description: str | None, body: str) -> str:
    """The page's summary, unless it merely repeats (or cuts short) the opening of the body."""
    dek = _clean(description)
    prefix = _key(dek)  # letters and digits only, so a trailing "…" does not count
    return "" if not prefix or _key(body).startswith(prefix) else dek


def _authors(raw: str | None) -> list[str]:
    people, _outlets = split_names(_clean(raw))
    return list(dict.fromkeys(people))


def _url(raw: str | None) -> str | None:
    parsed = urlparse(_clean(raw))
    return parsed.geturl() if parsed.scheme in ("http", "https") and parsed.netloc else None


def _source(sitename: str | None, url: str | None) -> str:
    name = _clean(sitename).lstrip("@")
    if _HOST.match(name) or (not name and url):  # trafilatura's fallback is the bare domain name
        name = from_url(url or f"http://{name}") or ""
    return canonical_publisher(name) or UNKNOWN_SOURCE


def _matches(element: HtmlElement, pattern: re.Pattern[str]) -> bool:
    """Whether a token of the element's id or class matches `pattern`."""
    tokens = f"{element.get('id', '')} {element.get('class', '')}".split() if isinstance(element.tag, str) else []
    return any(pattern.search(token) for token in tokens)


def _comments(tree: HtmlElement, extracted: str) -> list[Comment]:
    """One Comment per block of the comment section trafilatura found; when the blocks
    cannot be told apart, one per paragraph of the text trafilatura extracted."""
    if not extracted.strip():
        return []
    first = _key(_paragraphs(extracted)[0])
    marked = (el for el in tree.iter() if _matches(el, _AREA))
    area = next((el for el in marked if first in _key(el.text_content())), None)
    comments = _comments_in(area) if area is not None else []
    return comments or [Comment("", None, None, p) for p in _paragraphs(extracted)]


def _comments_in(area: HtmlElement) -> list[Comment]:
    area = deepcopy(area)
    for junk in [el for el in area.iterdescendants() if el.tag in _JUNK_TAGS or _matches(el, _JUNK)]:
        junk.drop_tree()
    blocks = _blocks(area)
    comments = [_comment(block) for block in reversed(blocks)]  # replies first, then cut out of their parent
    return [c for c in reversed(comments) if c.text]


def _signature(element: HtmlElement) -> tuple[str, str]:
    return element.tag, (element.get("class") or "").split(" ")[0]


def _blocks(area: HtmlElement) -> list[HtmlElement]:
    """The comment blocks: the repeated children (same tag and class) that hold most text."""
    best: tuple[int, tuple[str, str]] | None = None
    for parent in area.iter():
        children = [c for c in parent if isinstance(c.tag, str) and c.tag not in _TEXT_TAGS]
        groups = Counter(_signature(c) for c in children if c.text_content().strip())
        for signature, count in groups.items():
            size = sum(len(c.text_content()) for c in children if _signature(c) == signature) if count >= 2 else 0
            if size and (best is None or size > best[0]):
                best = (size, signature)
    if best is None:
        return [el for el in area.iterdescendants() if _matches(el, _SINGLE)][:1]
    return [el for el in area.iter(best[1][0]) if _signature(el) == best[1]]


def _comment(block: HtmlElement) -> Comment:
    stamp = next(iter(block.xpath(".//time[@datetime]")), None)
    stamp_text = stamp.get("datetime") if stamp is not None else None
    if stamp is not None:
        stamp.drop_tree()
    stamp_text = stamp_text or _take(block, _DATE)
    author = _take(block, _AUTHOR)
    score = re.search(r"[+-]?\d+", _take(block, _SCORE))
    paragraphs = block.xpath(".//p") or [block]
    text = "\n".join(p for el in paragraphs if (p := _clean(el.text_content())))
    if block.getparent() is not None:
        block.drop_tree()
    return Comment(author, _iso_stamp(stamp_text), int(score.group()) if score else None, text)


def _take(block: HtmlElement, pattern: re.Pattern[str]) -> str:
    """The text of the first part of `block` marked by `pattern`, cut out of the block."""
    found = next((el for el in block.iterdescendants() if _matches(el, pattern)), None)
    if found is None:
        return ""
    text = _clean(found.text_content())
    found.drop_tree()
    return re.sub(r"\s*(?:says|wrote)\s*:?$", "", text)


def _iso_stamp(raw: str | None) -> str | None:
    if not raw:
        return None
    try:
        return datetime.fromisoformat(raw.strip()).isoformat()
    except ValueError:
        stamp = parse_datetime_line(raw)
        return stamp.isoformat() if stamp else None
