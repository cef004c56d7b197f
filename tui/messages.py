"""Messages widgets post upward; the app acts on them (attributes down, messages up)."""

from __future__ import annotations

from dataclasses import dataclass, field

from textual.message import Message

from index.records import ClauseCount, TypedQuery
from tui.history import Filter


@dataclass
class QueryChanged(Message):
    query: str
    submitted: bool = False  # Enter: also move to the results
    at_end: bool = True  # the cursor is at the end: the word there is the one being typed


@dataclass(frozen=True)
class Typing:
    """A search run while the query is being typed: its finished part with the filters
    (`run`), in which the word being typed ends at `typed.prefix_end`."""

    typed: TypedQuery
    run: str


@dataclass
class ArticleChosen(Message):
    article_id: str


@dataclass
class FilterAdded(Message):
    filter: Filter


@dataclass
class FilterRemoved(Message):
    filter: Filter


@dataclass
class MentionsRequested(Message):
    entity_id: str


@dataclass
class PivotRequested(Message):
    """An entity seen whole. `followed`: Enter on the panel, which also filtered the list to
    it; the overview then shows only while the list still is (a late answer must not cover
    wherever the reader went meanwhile)."""

    entity_id: str
    followed: bool = False


@dataclass
class CorrectionRequested(Message):
    """A key on the entity panel: rename, retype, hide, merge, split (the entity under the cursor),
    or undo (the newest correction)."""

    action: str
    entity_id: str
    name: str
    aliases: list[str] | None = None  # the other names it is written as in the corpus (None: not known yet)


@dataclass
class SearchCompleted(Message):
    """Results for `query`; dropped when the user has typed on since."""

    query: str
    rows: list  # list[tui.widgets.article_list.Row]
    total: int
    suggestion: str | None = None
    error: str | None = None
    offset: int = 0  # a later page of the same list, to append
    typing: Typing | None = None  # searched as typed (its finished part, the last word also as a start)
    clauses: list[ClauseCount] = field(default_factory=list)  # each clause's count, then the whole's
    read: int | None = None  # how many of all `total` you have read (None: none read, or not counted)


@dataclass
class MoreRowsWanted(Message):
    """The list was scrolled near the end of the rows it holds; `offset` is how many it has.
    `limit`: how many rows to fetch (None: a page; G asks for every row left)."""

    offset: int
    limit: int | None = None


@dataclass
class IndexProgress(Message):
    """The background index update moved on (done of total), or finished (summary set)."""

    done: int
    total: int
    summary: str | None = None
    failed: bool = False
    phase: str = ""  # the step the update is on, as it names itself ("finding names in 120 articles")
    grew: bool = False  # the library was reopened on articles the update has committed so far
    named: bool = False  # ... or on names it has found so far


@dataclass
class ArticleLoaded(Message):
    """Everything the reader, sidebar and related panel show for one article."""

    article: object  # index.records.Article
    entities: list  # list[EntityRef]
    spans: list  # list[EntitySpan]
    matches: list  # list[MatchSpan]: where the query's words are, in the comments too
    same_story: list  # list[StoryMember]
    related: list  # list[RelatedArticle]
    state: object = None  # index.records.ArticleState: your marks on it
