"""Plain records that cross the library boundary: no Whoosh object ever leaves `index/`."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, replace
from typing import Any

from index.read.valid_text import encodes, readable, valid


@dataclass(frozen=True)
class Comment:
    """One reader comment, kept apart from the article body."""

    author: str
    date: str | None  # ISO 8601 date-time, or None when the page gave none
    score: int | None
    text: str


@dataclass(frozen=True)
class Article:
    """One article as read and cleaned from a file."""

    id: str
    title: str
    dek: str
    authors: list[str]
    date: str | None  # ISO date (YYYY-MM-DD)
    source: str
    url: str | None
    body: str  # paragraphs separated by a blank line
    comments: list[Comment] = field(default_factory=list)
    content_hash: str = ""
    path: str = ""  # the file it is indexed from
    other_paths: list[str] = field(default_factory=list)  # exact copies of that file elsewhere

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, record: dict[str, Any]) -> Article:
        """The article `to_dict` gave."""
        return cls(**{**record, "comments": [Comment(**c) for c in record.get("comments", [])]})

    @property
    def paragraphs(self) -> list[str]:
        return [p for p in self.body.split("\n\n") if p]

    def with_valid_text(self) -> Article:
        """This article with no lone surrogate in any field (itself when it has none): the
        index, the sidecar files and the terminal all need UTF-8."""
        if all(encodes(text) for text in self._texts()):
            return self
        return replace(
            self,
            id=valid(self.id),
            title=valid(self.title),
            dek=valid(self.dek),
            authors=[valid(a) for a in self.authors],
            date=valid(self.date) if self.date else self.date,
            source=valid(self.source),
            url=valid(self.url) if self.url else self.url,
            body=valid(self.body),
            comments=[
                Comment(valid(c.author), valid(c.date) if c.date else None, c.score, valid(c.text))
                for c in self.comments
            ],
            content_hash=valid(self.content_hash),
            path=valid(self.path),
        )

    def _texts(self) -> list[str]:
        comments = [text for c in self.comments for text in (c.author, c.date or "", c.text)]
        fields = [self.id, self.title, self.dek, self.date or "", self.source, self.url or "", self.body]
        return [*fields, *self.authors, *comments, self.content_hash, self.path]


@dataclass(frozen=True)
class ArticleSummary:
    """A row of the article list."""

    id: str
    title: str
    source: str
    date: str | None
    authors: list[str]

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class SearchHit:
    id: str
    title: str
    source: str
    date: str | None
    score: float
    snippet: str  # matched words wrapped in <mark> and </mark>

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class WordMatch:
    """One word of a query as it matched one article, and its part of the score."""

    field: str  # title, dek, body, authors, source or comments
    word: str  # as the index holds it: the stem ('sanction'), or the form itself when exact
    exact: bool  # matched as typed (the unstemmed field), not by its stem
    score: float
    share: float  # of the article's score, 0..1

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class SearchResult:
    query: str
    total: int
    hits: list[SearchHit]
    suggestion: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "query": self.query,
            "total": self.total,
            "results": [h.to_dict() for h in self.hits],
            "suggestion": self.suggestion,
        }


@dataclass(frozen=True)
class Skipped:
    path: str
    reason: str

    def __post_init__(self) -> None:
        # Printed and written as JSON: a file name that is not UTF-8 is shown with its bytes escaped.
        object.__setattr__(self, "path", readable(self.path))
        object.__setattr__(self, "reason", readable(self.reason))


@dataclass(frozen=True)
class SameFile:
    """A file with the very bytes of one already indexed: the same article at another path."""

    path: str
    same_as: str  # the file the article is indexed from

    def __post_init__(self) -> None:
        object.__setattr__(self, "path", readable(self.path))
        object.__setattr__(self, "same_as", readable(self.same_as))


@dataclass(frozen=True)
class Workers:
    """Where an indexing run reads files and finds their names: this process alone
    (`processes=1`), a Dask cluster of `processes` worker processes started on this machine
    for the run, or the existing Dask cluster whose scheduler is at `scheduler`."""

    processes: int = 1
    scheduler: str | None = None

    @property
    def on_dask(self) -> bool:
        return self.scheduler is not None or self.processes > 1


@dataclass
class IndexReport:
    """What one indexing run did."""

    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    unchanged: int = 0
    skipped: list[Skipped] = field(default_factory=list)
    notes: list[Skipped] = field(default_factory=list)  # indexed, with something worth saying
    copies: list[SameFile] = field(default_factory=list)  # not a failure: indexed once, from `same_as`
    named: int = 0  # articles whose names this run found (new ones, and those a stopped run left)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class EntityKind:
    """One type of entity as people read it: in a sentence ("shares 2 people") and as a heading."""

    one: str
    many: str
    heading: str


# The one table of entity types, in the order they are shown; `type` fields hold its keys.
ENTITY_KINDS = {
    "person": EntityKind("person", "people", "People"),
    "org": EntityKind("organization", "organizations", "Organizations"),
    "place": EntityKind("place", "places", "Places"),
}


@dataclass(frozen=True)
class EntitySummary:
    """One canonical entity across the corpus."""

    id: str
    name: str
    type: str  # a key of ENTITY_KINDS
    aliases: list[str]
    articles: int
    mentions: int
    # The distinct stories those articles are, copies of one story counted once (None: not
    # counted, as when the corpus's entities are listed before the stories are laid out).
    stories: int | None = None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class EntityRef:
    """An entity as one article names it: `aliases` are the forms this article uses for it
    ("Lavrov" and "Sergei Lavrov" for one person)."""

    id: str
    name: str
    type: str
    count: int
    aliases: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class EntitySpan:
    """Where in an article's title, dek or body an entity is mentioned."""

    entity_id: str
    type: str
    field: str
    start: int
    end: int


@dataclass(frozen=True)
class MatchSpan:
    """Where a query's word occurs in an article: `field` is title, dek, body or comments;
    `start` and `end` count within that field's text, or, in the comments, within the text of
    comment number `comment` (each comment is shown apart, so each has its own offsets)."""

    field: str
    start: int
    end: int
    comment: int | None = None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class StoryMember:
    """Another copy of the same story, as seen from one article."""

    id: str
    source: str
    date: str | None
    overlap: float  # share of the copy's text found in the original
    role: str  # original or copy

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class Copy:
    """Another outlet's copy of a story, as a related item lists it."""

    id: str
    source: str
    date: str | None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class RelatedArticle:
    """A story related to an article, shown once: its best-matching copy, with the others."""

    id: str
    title: str
    source: str
    date: str | None
    score: float
    relation: str  # "related" (the article's own copies are `Library.same_story`)
    reasons: list[str]
    copies: list[Copy] = field(default_factory=list)  # the story's other copies, by other outlets

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class TypedQuery:
    """A query as it is being typed (the cursor at its end): the part of it finished enough
    to search meanwhile, and what the rest still needs."""

    text: str  # as typed
    searched: str  # what to search meanwhile; "" when nothing is finished yet (keep what is shown)
    missing: str | None  # what the unfinished part still needs, in words
    prefix_end: int | None  # where the word being typed ends in `searched`: it also matches longer words

    @property
    def shown(self) -> str:
        """`searched` as the list header names it: the word being typed marked `lav…`."""
        text = self.searched.strip()
        if self.prefix_end is None:
            return text
        return self.searched[: self.prefix_end] + "…" + self.searched[self.prefix_end :].rstrip()

    @property
    def word(self) -> str | None:
        """The word being typed, when it also matches longer words."""
        if self.prefix_end is None:
            return None
        last = self.searched[: self.prefix_end].split()[-1]
        return last.rsplit(":", 1)[-1].lstrip("(")


@dataclass(frozen=True)
class ClauseCount:
    """How many articles one clause of a query matches (`whole`: the query as a whole,
    its clause named for how they combine: both, all, either or any)."""

    clause: str
    count: int
    whole: bool = False

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class Note:
    text: str
    written: str  # ISO 8601 date-time, UTC


@dataclass(frozen=True)
class ArticleState:
    """The reader's own marks on one article: kept apart from the index, in the state store."""

    read: bool = False
    starred: bool = False
    tags: tuple[str, ...] = ()
    notes: tuple[Note, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "read": self.read,
            "starred": self.starred,
            "tags": list(self.tags),
            "notes": [asdict(n) for n in self.notes],
        }


@dataclass(frozen=True)
class SavedSearch:
    """A search kept by name: the app's view (query, filters, sort) and the articles it
    matched when it was last opened, so that new ones can be counted."""

    name: str
    view: dict[str, Any]
    seen: frozenset[str]


TIMELINE_PERIODS = ("day", "week", "month", "year")


@dataclass(frozen=True)
class TimelineBucket:
    """One period of a timeline: `period` as the date filter writes it (2019-04), or
    "undated"; `stories` counts syndicated copies once."""

    period: str
    articles: int
    stories: int


@dataclass(frozen=True)
class Timeline:
    """A query's matches per period, every period from the first to the last."""

    query: str
    by: str  # day, week, month or year
    buckets: list[TimelineBucket]
    undated: TimelineBucket | None = None  # the matches without a date, if any

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class CoMention:
    """An entity named in the same articles as another: in how many, and in how many stories."""

    id: str
    name: str
    type: str
    articles: int
    stories: int


@dataclass(frozen=True)
class EntityPivot:
    """One entity seen whole: its articles and stories, who is named with it, and when."""

    id: str
    name: str
    type: str
    aliases: list[str]
    articles: int
    stories: int
    with_: list[CoMention]  # most stories in common first
    timeline: Timeline

    def to_dict(self) -> dict[str, Any]:
        found = asdict(self)
        found["with"] = found.pop("with_")
        return found
