"""The facade the app and the command line use: plain records in, plain records out.

One `Library` holds one Whoosh searcher for the life of the process and serialises
access to it, so callers may use it from a worker thread.
"""

from __future__ import annotations

import json
import threading
from pathlib import Path

from whoosh import highlight
from whoosh import query as wq
from whoosh.analysis import Token

from index import query as q
from index.query import QueryError
from index.records import Article, ArticleSummary, Comment, SearchHit, SearchResult
from index.schema import folding_analyzer
from index.store import (
    IndexBusy,
    IndexInvalid,
    IndexMissing,
    IndexProblem,
    open_index,
    read_marker,
)
from index.store import update_index as build_index

__all__ = [
    "ArticleNotFound",
    "IndexBusy",
    "IndexInvalid",
    "IndexMissing",
    "IndexProblem",
    "Library",
    "QueryError",
    "build_index",
    "has_index",
]

SNIPPET_CHARS = 240
FEW_RESULTS = 2  # at or below this many hits, a spelling suggestion is looked for


def has_index(index_dir: Path) -> bool:
    """True when `index_dir` holds an index this program built."""
    return read_marker(index_dir) is not None


class ArticleNotFound(KeyError):
    def __str__(self) -> str:
        return f"no article with id '{self.args[0]}'"


class _MarkFormatter(highlight.Formatter):
    """Wrap matched words in <mark>…</mark>; keep the rest as plain text."""

    between = " … "

    def format_token(self, text: str, token: Token, replace: bool = False) -> str:
        return f"<mark>{highlight.get_text(text, token, replace)}</mark>"

    def format_fragment(self, fragment, replace: bool = False) -> str:
        output = []
        index = fragment.startchar
        for token in fragment.matches:
            if token.startchar < index:
                continue
            output.append(fragment.text[index : token.startchar])
            output.append(self.format_token(fragment.text, token, replace))
            index = token.endchar
        output.append(fragment.text[index : fragment.endchar])
        return "".join(output).replace("\n\n", " ").strip()


class Library:
    def __init__(self, index_dir: Path) -> None:
        self.index_dir = index_dir
        self._ix = open_index(index_dir)
        self._searcher = self._ix.searcher()
        self._parser = q.build_parser(self._ix.schema)
        self._lock = threading.Lock()

    @classmethod
    def open(cls, index_dir: Path) -> Library:
        return cls(index_dir)

    def close(self) -> None:
        with self._lock:
            self._searcher.close()

    def __enter__(self) -> Library:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def refresh(self) -> None:
        """See changes another process committed since this library was opened."""
        with self._lock:
            self._searcher = self._searcher.refresh()

    def count(self) -> int:
        with self._lock:
            return self._searcher.doc_count()

    def articles(self, sort: str = "date") -> list[ArticleSummary]:
        """Every article, newest first (or by title)."""
        with self._lock:
            rows = [_summary(fields) for fields in self._searcher.all_stored_fields()]
        if sort == "title":
            return sorted(rows, key=lambda r: r.title.lower())
        return sorted(rows, key=lambda r: (r.date or "", r.title.lower()), reverse=True)

    def article(self, article_id: str) -> Article:
        with self._lock:
            fields = self._searcher.document(id=article_id)
        if fields is None:
            raise ArticleNotFound(article_id)
        return _article(json.loads(fields["record"]))

    def search(self, text: str, limit: int = 20) -> SearchResult:
        """Ranked hits with snippets; raises `q.QueryError` for a query the user must fix."""
        parsed = q.parse(self._parser, text)
        with self._lock:
            hits, total = self._run(parsed, limit)
            suggestion = self._suggest(text, total) if total <= FEW_RESULTS else None
        return SearchResult(query=text, total=total, hits=hits, suggestion=suggestion)

    def _run(self, parsed: wq.Query, limit: int) -> tuple[list[SearchHit], int]:
        results = self._searcher.search(parsed, limit=max(limit, 1), terms=True)
        results.fragmenter = highlight.ContextFragmenter(maxchars=SNIPPET_CHARS, surround=60)
        results.formatter = _MarkFormatter()
        hits = [
            SearchHit(
                id=hit["id"],
                title=hit["title"],
                source=hit["source"],
                date=_iso_date(hit.get("date")),
                score=round(float(hit.score or 0.0), 4),
                snippet=hit.highlights("body", top=2) or _lead(hit["body"]),
            )
            for hit in results[:limit]
        ]
        return hits, len(results)

    def _suggest(self, text: str, total: int) -> str | None:
        """A corrected query when some words are unknown and the correction finds more."""
        reader = self._searcher.reader()
        fold = folding_analyzer()
        replacements = {}
        for start, end, word in q.words_to_check(text):
            folded = next((t.text for t in fold(word)), word.lower())
            if reader.doc_frequency("spelling", folded):
                continue
            # The nearest spelling wins; among equally near ones, the most common.
            for distance in (1, 2):
                found = self._searcher.suggest("spelling", folded, limit=1, maxdist=distance)
                if found:
                    replacements[(start, end)] = q.match_case(found[0], word)
                    break
        if not replacements:
            return None
        corrected = q.replace_words(text, replacements)
        try:
            better = self._searcher.search(q.parse(self._parser, corrected), limit=1)
        except q.QueryError:
            return None
        return corrected if len(better) > total else None


def _lead(body: str) -> str:
    text = body.replace("\n\n", " ")
    return text if len(text) <= SNIPPET_CHARS else text[:SNIPPET_CHARS].rsplit(" ", 1)[0] + " …"


def _iso_date(value: object) -> str | None:
    return value.date().isoformat() if hasattr(value, "date") else None


def _summary(fields: dict) -> ArticleSummary:
    authors = fields.get("authors") or ""
    return ArticleSummary(
        id=fields["id"],
        title=fields["title"],
        source=fields["source"],
        date=_iso_date(fields.get("date")),
        authors=[a for a in authors.split("; ") if a],
    )


def _article(record: dict) -> Article:
    record["comments"] = [Comment(**c) for c in record.get("comments", [])]
    return Article(**record)
