"""The facade the app and the command line use: plain records in, plain records out.

One `Library` holds two Whoosh searchers for the life of the process, one for searches
and one for everything else (articles, entities, related stories), and serialises access
to each, so callers may use it from worker threads and a long search never keeps an
article from opening.
"""

from __future__ import annotations

import json
import sqlite3
import threading
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import replace
from pathlib import Path
from typing import Any

import numpy as np
from whoosh import query as wq
from whoosh.qparser import QueryParser
from whoosh.searching import Searcher

from index.aggregate.document_facts import DocumentFacts
from index.aggregate.pivot import CO_MENTIONS, CoMentions
from index.aggregate.timeline import timeline as timeline_of
from index.build.corpus import shipped_articles_dir
from index.build.known_files import load_copies
from index.build.store import create_empty as create_index
from index.build.store import is_outdated, open_index, read_marker, recorded_articles
from index.build.store import update_index as build_index
from index.entities import curation, name_words
from index.entities.curation import RuleError
from index.entities.entity_index import EntityIndex
from index.entities.entity_table import TABLE, load_tally, mentions_from_json, read_table
from index.entities.resolve import Entity, Share
from index.errors import IndexBusy, IndexInvalid, IndexMissing, IndexProblem, StateUnavailable
from index.locations import default_index_dir
from index.read.dates import iso_day
from index.records import (
    Article,
    ArticleSummary,
    ClauseCount,
    EntityPivot,
    EntityRef,
    EntitySpan,
    EntitySummary,
    MatchSpan,
    RelatedArticle,
    SearchResult,
    StoryMember,
    Timeline,
    TypedQuery,
    WordMatch,
)
from index.search import query as q
from index.search import query_help
from index.search.bulk_search import BulkScorer
from index.search.deadline import SEARCH_BUDGET, Deadline, SearchCancelled, SearchTooSlow
from index.search.doc_sets import Filters
from index.search.match_words import body_words, expanded, marked, query_words
from index.search.newest import NewestOrder
from index.search.pending import waiting_for_names
from index.search.query import QueryError
from index.search.schema import EXACT_FIELDS
from index.search.search_side import SearchSide, hit
from index.search.snippets import Snippets
from index.search.suggestion import FEW_RESULTS, suggestion
from index.state import exchange
from index.state.exchange import ImportReport, StateFileError
from index.state.exchange import read as read_state_file
from index.state.exchange import write as write_state_file
from index.state.reader_work import ReaderWork, entity_rules
from index.state.store import StateStore, default_state_file
from index.stories.key_terms import TermVectors
from index.stories.related_search import find_related, one_per_story, relation
from index.stories.stories import read_stories, stories_by_article
from index.stories.topic_space import Positions, load_positions

__all__ = [
    "ArticleNotFound",
    "EntityNotFound",
    "IndexBusy",
    "IndexInvalid",
    "IndexMissing",
    "IndexProblem",
    "Library",
    "QueryError",
    "RuleError",
    "SearchCancelled",
    "SearchTooSlow",
    "StateFileError",
    "StateUnavailable",
    "build_index",
    "create_index",
    "default_index_dir",
    "has_index",
    "is_outdated",
    "read_state_file",
    "recorded_articles",
    "shipped_articles_dir",
    "write_state_file",
]


def has_index(index_dir: Path) -> bool:
    """True when `index_dir` holds an index this program built."""
    return read_marker(index_dir) is not None


class ArticleNotFound(KeyError):
    def __str__(self) -> str:
        return f"no article with id '{self.args[0]}'"


class EntityNotFound(KeyError):
    """No entity has this id; `why` says where it went when a correction took it (merged
    into another, hidden)."""

    def __init__(self, entity_id: str, why: str = "") -> None:
        super().__init__(entity_id, why)

    def __str__(self) -> str:
        entity_id, why = self.args
        return why or f"no entity with id '{entity_id}' (explorer entities lists them)"


class Library:
    def __init__(self, index_dir: Path) -> None:
        self.index_dir = index_dir
        self._seen = _folder_state(index_dir)  # before opening: a change made meanwhile is seen next time
        self._ix = open_index(index_dir)
        self._searcher = self._ix.searcher()
        self._searching = SearchSide(self._ix.searcher())
        self._search_lock = threading.Lock()
        self._prepare_lock = threading.Lock()  # one reading of the facts overviews need at a time
        self._vectors = TermVectors(self._searcher)
        self._bulk = BulkScorer(self._searcher)
        self._snippets = Snippets()
        self._newest: NewestOrder | None = None  # worked out on first use, per searcher
        self._lock = threading.Lock()
        self._entity_lock = threading.Lock()
        self._entity_index: EntityIndex | None = None  # read on first use: it is the slowest part of opening
        self._co_mentions: CoMentions | None = None  # laid out on the first entity pivot
        self._hidden: dict[str, Entity] = {}  # entities you hid, by id
        self._stories = stories_by_article(read_stories(index_dir) or [])
        self._positions: Positions | None = None  # the topic space, read on first use
        self._positions_read = False
        self._copies: dict[str, list[str]] | None = None  # each file's exact copies, read on first use
        self._work: ReaderWork | None = None  # the reader's marks, opened on first use
        self._work_lock = threading.Lock()
        self._store: StateStore | None = None  # the state database, opened on first use
        self._store_lock = threading.Lock()
        self._parser = self._build_parser()

    def _build_parser(self) -> QueryParser:
        has_entities = (self.index_dir / TABLE).exists()
        names = name_words.load(self.index_dir, self._searcher.reader().generation()) or frozenset()
        filters = Filters(
            self._lookup_entity if has_entities else None, lambda kind, value: self.work.hashes(kind, value)
        )
        return q.build_parser(self._ix.schema, filters, names.__contains__)

    @property
    def _entities(self) -> EntityIndex:
        with self._entity_lock:
            if self._entity_index is None:
                table = read_table(self.index_dir)
                curated = curation.apply(table or [], self._entity_rules(), self._spellings)
                self._hidden = curated.hidden
                self._entity_index = EntityIndex(curated.entities if table is not None else None)
            return self._entity_index

    def _entity_rules(self) -> list[dict[str, Any]]:
        try:
            return entity_rules(self._state_store())
        except StateUnavailable:  # no state: the entities as found
            return []

    def curate(self, action: str, entity_id: str, value: str | list[str] | None = None) -> dict[str, Any]:
        """Correct the entities (rename, merge, split, retype, hide, unhide), kept with your
        state and applied at once; the rule written. Raises EntityNotFound for an id that is
        not there and RuleError (a ValueError) for a rule that cannot be made."""
        made = curation.rule(action, entity_id, value)
        entities = self._entities
        hidden = entity_id in self._hidden
        if action == "hide" and hidden:
            raise RuleError(f"{entity_id} is hidden already (explorer entities unhide {entity_id})")
        if action == "unhide" and not hidden:
            raise RuleError(f"{entity_id} is not hidden")
        for one in [entity_id, *made.get("with", [])] if action != "unhide" else []:
            if entities.by_id(one) is None:
                raise self._entity_missing(one)
        if action == "split":  # refused now, not passed over later
            curation.split_off(curation.copy(entities.by_id(entity_id)), made["alias"], self._spellings(), {})
        self.work.add_entity_rule(made)
        self._entities_changed()
        return made

    def _entity_missing(self, entity_id: str) -> EntityNotFound:
        """Why an id names no entity now: your merge took it into another, or you hid it."""
        if entity_id in self._hidden:
            return EntityNotFound(entity_id, f"{entity_id} is hidden (explorer entities unhide {entity_id})")
        into = curation.merged_into(entity_id, self._entity_rules())
        if into is not None and self._entities.by_id(into) is not None:
            return EntityNotFound(entity_id, f"{entity_id} was merged into {into} (explorer entity {into})")
        return EntityNotFound(entity_id)

    def _spellings(self) -> dict[str, curation.Spelling]:
        """Each spelling key's forms and articles, from the index's tally (only a split needs
        them; an index still finding names has none yet). The tally of the last names pass
        even if a commit came after it: a split passed over would seem lost to its reader."""
        tally = load_tally(self.index_dir, None)
        if tally is None:
            return {}
        return {key: curation.Spelling(dict(g.forms), dict(g.articles)) for key, g in tally.groups.items()}

    def curation(self) -> list[dict[str, Any]]:
        """Your corrections of the entities, oldest first."""
        return self.work.entity_rules()

    def undo_curation(self) -> dict[str, Any] | None:
        """The newest correction taken back (None: there was none)."""
        undone = self.work.undo_entity_rule()
        self._entities_changed()
        return undone

    def _entities_changed(self) -> None:
        """The entities as corrected, read again, and the filters built on them."""
        with self._entity_lock:
            self._entity_index, self._co_mentions = None, None
        with self._lock:
            self._parser = self._build_parser()

    def _lookup_entity(self, kind: str, value: str) -> set[str]:
        return self._entities.lookup(kind, value)

    @property
    def work(self) -> ReaderWork:
        """The reader's marks (read, stars, tags, notes) on this index's articles."""
        with self._work_lock:
            if self._work is None:
                self._work = ReaderWork(self._state_store(), self._content_hash, self._with_hashes, ArticleNotFound)
            return self._work

    def _state_store(self) -> StateStore:
        """The state database alone: the entity corrections are read from it while the library's
        own locks may be held, which opening the marks (they look articles up) would wait for."""
        with self._store_lock:
            if self._store is None:
                where = default_state_file()
                try:
                    self._store = StateStore(where, str(self.index_dir.resolve()))
                except (OSError, sqlite3.Error) as error:
                    raise StateUnavailable(f"cannot open your marks at {where}: {error}") from None
            return self._store

    def export_state(self) -> list[dict[str, Any]]:
        """Your marks on this index's articles, one record each (`index.state.exchange`)."""
        return exchange.records(self.work, self._title)

    def import_state(self, rows: list[dict[str, Any]]) -> ImportReport:
        """Merge exported marks into this index's articles, matched by text, else by id, and
        the exported corrections of the entities into this index's."""
        report = exchange.merge(self.work, rows, self._with_hashes)
        if report.entity_rules:
            self._entities_changed()
        return report

    def _with_hashes(self, hashes: set[str]) -> dict[str, str]:
        found: dict[str, str] = {}
        with self._lock:
            for text in hashes:
                for fields in self._searcher.documents(content_hash=text):
                    found[fields["id"]] = text
        return found

    def _content_hash(self, article_id: str) -> str | None:
        with self._lock:
            fields = self._searcher.document(id=article_id)
        return str(fields["content_hash"]) if fields else None

    @classmethod
    def open(cls, index_dir: Path) -> Library:
        return cls(index_dir)

    def close(self) -> None:
        with self._lock:
            self._searcher.close()
        with self._search_lock:
            self._searching.searcher.close()
        with self._store_lock:
            if self._store is not None:
                self._store.close()

    def __enter__(self) -> Library:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def refresh(self) -> None:
        """See changes another process committed since this library was opened."""
        with self._search_lock:
            self._searching = SearchSide(self._refreshed(self._searching.searcher))
        with self._lock:
            self._searcher = self._refreshed(self._searcher)
            self._reload()

    def _refreshed(self, searcher: Searcher) -> Searcher:
        # Whoosh cannot refresh a searcher of an empty index (there is no segment to reuse),
        # and a new folder's index is empty until its first batch is committed.
        if searcher.doc_count_all():
            return searcher.refresh()
        searcher.close()
        return self._ix.searcher()

    def _reload(self) -> None:
        """What is derived from the searcher and the side files, made again (under `_lock`)."""
        self._vectors = TermVectors(self._searcher)
        self._bulk = BulkScorer(self._searcher)
        self._newest = None
        with self._entity_lock:
            self._entity_index = None
            self._co_mentions = None
        self._stories = stories_by_article(read_stories(self.index_dir) or [])
        self._positions, self._positions_read = None, False
        self._copies = None
        self._parser = self._build_parser()

    def reopen_if_changed(self) -> bool:
        """Reopen if another process changed the index since it was opened: an update, the side
        files a later run finished, or a rebuild that replaced the whole folder (which a refresh
        alone would not see). Costs one stat of the folder; says whether it reopened."""
        seen = _folder_state(self.index_dir)
        if seen is None or seen == self._seen:
            return False
        try:
            ix = open_index(self.index_dir)
        except IndexProblem:
            return False  # caught between a rebuild's renames: the next call tries again
        with self._search_lock:
            old_searching, self._searching = self._searching, SearchSide(ix.searcher())
            old_searching.searcher.close()
        with self._lock:
            old, self._ix, self._searcher = self._searcher, ix, ix.searcher()
            old.close()
            self._reload()
        self._seen = seen
        return True

    def entities(self, kind: str | None = None, stories: bool = True) -> list[EntitySummary]:
        """Corpus-wide entities, most widely named first; `kind` is person, org or place. The
        stories each is named in are counted when `stories` is true (the first time, seconds at
        100k articles), else only if they were laid out already."""
        counted = self.prepare_pivots().every_entity_stories() if stories or self._co_mentions else {}
        return [
            EntitySummary(e.id, e.name, e.type, list(e.aliases), len(e.articles), e.mentions, counted.get(e.id))
            for e in self._entities.all
            if kind is None or e.type == kind
        ]

    def entities_in(self, article_ids: Iterable[str]) -> list[EntitySummary]:
        """The entities some articles name (a page of search results), counted over them alone:
        `articles` is how many of them name it, `stories` how many stories those are and
        `mentions` how often; most widely named first."""
        entities = self._entities
        named: dict[str, tuple[Entity, int, int]] = {}
        stories: dict[str, set[str]] = {}
        for article_id in dict.fromkeys(article_ids):  # each article once
            story = self._story_key(article_id)
            for entity in entities.naming(article_id):
                _, articles, mentions = named.get(entity.id, (entity, 0, 0))
                named[entity.id] = (entity, articles + 1, mentions + entity.articles[article_id])
                stories.setdefault(entity.id, set()).add(story)
        rows = [
            EntitySummary(e.id, e.name, e.type, list(e.aliases), articles, mentions, len(stories[e.id]))
            for e, articles, mentions in named.values()
        ]
        return sorted(rows, key=lambda r: (-r.articles, -r.mentions, r.name))

    def article_entities(self, article_id: str) -> list[EntityRef]:
        """The entities one article names, most mentioned first."""
        forms: dict[str, Counter[str]] = {}
        for entity, share in self._mentioned(article_id):
            forms.setdefault(entity.id, Counter())[share.form] += 1
        refs = [
            EntityRef(e.id, e.name, e.type, e.articles[article_id], _by_use(forms.get(e.id, Counter())))
            for e in self._entities.naming(article_id)
        ]
        return sorted(refs, key=lambda r: (-r.count, r.name))

    def entity_pivot(self, entity_id: str, limit: int = CO_MENTIONS, by: str | None = None) -> EntityPivot:
        """One entity seen whole: its articles and stories, the `limit` entities most often named
        with it (by story), and its timeline (`by` a period, or chosen from the span)."""
        entity = self._entities.by_id(entity_id)
        if entity is None:
            raise self._entity_missing(entity_id)
        table = self.prepare_pivots()
        return EntityPivot(
            entity.id,
            entity.name,
            entity.type,
            list(entity.aliases),
            len(entity.articles),
            table.stories(entity.id),
            table.of(entity.id, limit),
            self.timeline(f"entity:{entity.id}", by),
        )

    def prepare_pivots(self) -> CoMentions:
        """Every entity's articles and stories laid out for the pivot (seconds at 100k
        articles), once per set of entities."""
        entities = self._entities  # the corrected table (read under the same lock, so first)
        with self._entity_lock:
            if self._co_mentions is None:
                self._co_mentions = CoMentions(entities.all, self._story_key)
            return self._co_mentions

    def timeline(self, text: str, by: str | None = None) -> Timeline:
        """A query's matches (every article for an empty one) per period: articles, and
        stories with copies counted once. Raises `QueryError` as `search` does, and ValueError
        for a period that is not day, week, month or year."""
        days, stories = self._facts_of_matches(text)
        return timeline_of(text, days, stories, by)

    def stories_among(self, text: str, prefix_end: int | None = None) -> int:
        """How many distinct stories a query's matches (every article for an empty query) are,
        the copies of one story counted once; `prefix_end` as in `search`."""
        return len(np.unique(self._facts_of_matches(text, prefix_end)[1]))

    def prepare_overviews(self) -> bool:
        """Read what timelines and story counts need (a second or so at 100k articles) through
        a searcher of its own, so that searches go on meanwhile; one reading at a time. False if
        the index changed under it: they are then read when first asked for."""
        with self._prepare_lock:
            with self._search_lock:
                side = self._searching
                if side.has_facts:
                    return True
                generation = side.searcher.reader().generation()
            with self._ix.searcher() as own:
                if own.reader().generation() != generation:
                    return False
                facts = DocumentFacts(own, self.story_of, side.bulk.reads)
            with self._search_lock:
                if self._searching is not side:
                    return False
                side.keep_facts(facts)
                return True

    def _facts_of_matches(self, text: str, prefix_end: int | None = None) -> tuple[np.ndarray, np.ndarray]:
        """The day and the story number of each match."""
        parsed = q.parse(self._parser_for(prefix_end), text) if text.strip() else None
        with self._search_lock:
            side = self._searching
            if parsed is None:
                docnums = np.sort(side.newest_order().order)
            else:
                q.check_spellings(parsed, side.searcher.reader())
                docnums = side.every_match(parsed, Deadline())
            facts = side.document_facts(self.story_of)
            return facts.days[docnums], facts.stories[docnums]

    def _story_key(self, article_id: str) -> str:
        """What counts as one story: the story an article is a copy of, or the article itself."""
        story = self._stories.get(article_id)
        return story.id if story else article_id

    def story_of(self, article_id: str) -> str | None:
        """The id of the story this article is a copy (or the original) of, if any."""
        story = self._stories.get(article_id)
        return story.id if story else None

    def match_spans(self, article_id: str, text: str, prefix_end: int | None = None) -> list[MatchSpan]:
        """Where the words of query `text` occur in the article's title, dek, body and comments.

        Uses the index's own analysis, so 'sanctions' marks 'sanctioned', 'Guaido' marks
        'Guaidó', and a name marks only itself; a word with * or ~ marks each word of the index
        it stands for. `prefix_end` as in `search`. A query the user must fix marks nothing."""
        try:
            parsed = q.parse(self._parser_for(prefix_end), text)
        except QueryError:
            return []
        twins = {exact: field for field, exact in EXACT_FIELDS.items()}
        wanted: dict[str, list[tuple[str, str]]] = {}
        # Under the lock throughout: a refresh closes the reader it replaces, and a closed
        # reader read on fails deep in Whoosh ("unpack requires a buffer of 4 bytes").
        with self._search_lock:
            for field, term in expanded(parsed, self._searching.searcher.reader()):
                word = term.decode() if isinstance(term, bytes) else term
                if field in EXACT_FIELDS or field in twins or field == "comments":
                    wanted.setdefault(twins.get(field, field), []).append((field, word))
        article = self.article(article_id)
        spans: list[MatchSpan] = []
        for field, terms in wanted.items():
            words = query_words(terms)
            if field == "comments":  # indexed as one text, but shown (and so marked) one comment at a time
                for number, comment in enumerate(article.comments):
                    spans.extend(MatchSpan(field, s, e, number) for s, e in marked(words, comment.text))
            else:
                spans.extend(MatchSpan(field, s, e) for s, e in marked(words, getattr(article, field)))
        return sorted(spans, key=lambda s: (s.field, -1 if s.comment is None else s.comment, s.start, s.end))

    def same_story(self, article_id: str) -> list[StoryMember]:
        """Other copies of the article's story (the original first), with the share of text in common."""
        self.article(article_id)
        story = self._stories.get(article_id)
        if story is None:
            return []
        return [
            StoryMember(m.id, m.source, m.date, story.overlap(article_id, m.id), story.role(m.id))
            for m in story.members
            if m.id != article_id
        ]

    def related(self, article_id: str, limit: int = 10) -> list[RelatedArticle]:
        """Other stories related to the article, best first, each once: its best-matching
        copy, with the story's other copies. Never the article's own story, whose copies
        are `same_story`."""
        self.article(article_id)
        own = self._stories.get(article_id)
        excluded = {article_id} | ({m.id for m in own.members} if own else set())
        with self._lock:
            self._read_positions()
            # Copies of one story fold into one item: ask for enough to fill `limit` stories.
            found = find_related(
                self._vectors, self._bulk, self._entities, self._positions, article_id, excluded, 3 * limit
            )
        return one_per_story(found, self._stories, limit)

    def why_related(self, article_id: str, other_id: str) -> list[str]:
        """Everything that relates two articles, said in full (what a related item's reasons
        sum up): how alike they are, every shared name, the shared words, the days between."""
        self.article(article_id)
        self.article(other_id)
        with self._lock:
            self._read_positions()
            return relation(self._vectors, self._entities, self._positions, article_id, other_id)

    def _read_positions(self) -> None:
        if not self._positions_read:
            self._positions = load_positions(self.index_dir, self._searcher.reader().generation())
            self._positions_read = True

    def _title(self, article_id: str) -> str:
        with self._lock:
            fields = self._searcher.document(id=article_id)
        return fields["title"] if fields else article_id

    def entity_spans(self, article_id: str) -> list[EntitySpan]:
        """Where each entity is mentioned in an article, for highlighting (worked out from
        the article's stored mentions: the table keeps no offsets)."""
        spans = [
            EntitySpan(entity.id, entity.type, share.field, share.start, share.end)
            for entity, share in self._mentioned(article_id)
        ]
        return sorted(spans, key=lambda s: (s.field, s.start))

    def _mentioned(self, article_id: str) -> list[tuple[Entity, Share]]:
        """Each of an article's stored mentions with the entity it stands for."""
        with self._lock:
            fields = self._searcher.document(id=article_id)
        if fields is None:
            raise ArticleNotFound(article_id)
        return self._entities.spans(article_id, mentions_from_json(fields.get("mentions")))

    def count(self) -> int:
        with self._lock:
            count: int = self._searcher.doc_count()
        return count

    def names_pending(self) -> int:
        """How many articles are searchable by their text but have no names found yet: an
        indexing run is on its second pass (or was stopped in it; the next one finishes)."""
        with self._lock:
            return len(waiting_for_names(self._searcher))

    def articles(self, sort: str = "date") -> list[ArticleSummary]:
        """Every article, newest first (or by title)."""
        with self._lock:
            rows = [_summary(fields) for fields in self._searcher.all_stored_fields()]
        if sort == "title":
            return sorted(rows, key=lambda r: r.title.lower())
        return sorted(rows, key=lambda r: (r.date or "", r.title.lower()), reverse=True)

    def latest(self, limit: int, offset: int = 0) -> list[ArticleSummary]:
        """The newest articles (undated ones last), `limit` of them from `offset` on,
        without reading the rest."""
        with self._lock:
            return [_summary(self._searcher.stored_fields(n)) for n in self._newest_order().page(limit, offset)]

    def _newest_order(self) -> NewestOrder:
        if self._newest is None:
            self._newest = NewestOrder(self._searcher, self._bulk.reads)
        return self._newest

    def article(self, article_id: str) -> Article:
        """The article, with the paths of its file's exact copies (`other_paths`)."""
        with self._lock:
            fields = self._searcher.document(id=article_id)
            if fields is None:
                raise ArticleNotFound(article_id)
            if self._copies is None:
                self._copies = load_copies(self.index_dir, self._searcher.reader().generation())
            copies = self._copies
        article = Article.from_dict(json.loads(fields["record"]))
        return replace(article, other_paths=copies.get(article.path, []))

    def search(
        self,
        text: str,
        limit: int = 20,
        snippets: bool = True,
        offset: int = 0,
        sort: str = "relevance",
        cancelled: Callable[[], bool] | None = None,
        budget: float = SEARCH_BUDGET,
        prefix_end: int | None = None,
    ) -> SearchResult:
        """Ranked hits, `limit` of them from `offset` on (a list pages through them), best
        first or, with sort="date", newest first; with snippets unless told not to (a list
        needs none). Raises `q.QueryError` for a query the user must fix, or one that runs
        past `budget` seconds; `SearchCancelled` as soon as `cancelled()` says the caller no
        longer wants the result. `prefix_end` (a query being typed, `TypedQuery.prefix_end`):
        the word ending there also matches the longer words it begins."""
        deadline = Deadline(budget, cancelled)
        parsed = q.parse(self._parser_for(prefix_end), text)
        with self._search_lock:
            side = self._searching
            q.check_spellings(parsed, side.searcher.reader())
            hits, total = side.page(parsed, deadline, limit, self._snippets if snippets else None, offset, sort)
            few = total <= FEW_RESULTS and not offset
            better = suggestion(side, self._parser, text, total, deadline) if few else None
        return SearchResult(query=text, total=total, hits=hits, suggestion=better)

    def match_ids(self, text: str) -> list[str]:
        """Every article the query matches (for a saved search: what it matched when opened)."""
        total = self.search(text, limit=1, snippets=False).total
        return [hit.id for hit in self.search(text, limit=total, snippets=False).hits] if total else []

    def read_among(self, text: str, prefix_end: int | None = None) -> int:
        """How many of a query's matches are marked read (`search --json`'s "read"; the
        list's header); `prefix_end` as in `search`."""
        end = None if prefix_end is None else prefix_end + 1
        return self.search(f"({text}) AND is:read", limit=1, snippets=False, prefix_end=end).total

    def snippets(
        self,
        text: str,
        article_ids: list[str],
        cancelled: Callable[[], bool] | None = None,
        prefix_end: int | None = None,
    ) -> dict[str, str]:
        """The snippet of each of `article_ids` for query `text`, by id. Snippets cost ten
        times the search itself, so a list asks for them only for the rows it shows.
        `prefix_end` as in `search`: the word being typed is marked where it starts a word."""
        if not article_ids:
            return {}
        deadline = Deadline(SEARCH_BUDGET, cancelled)
        parsed = q.parse(self._parser_for(prefix_end), text)
        with self._search_lock:
            side = self._searching
            if not side.bulk.can_score(parsed):  # the query's words come from Whoosh's own matching
                only = wq.And([parsed, wq.Or([wq.Term("id", article_id) for article_id in article_ids])])
                hits, _ = side.page(only, deadline, len(article_ids), self._snippets)
                return {found.id: found.snippet for found in hits}
            words = body_words(side.bulk.matches(parsed, deadline).words)
            found = {}
            for article_id in article_ids:
                deadline.check()
                docnum = side.searcher.document_number(id=article_id)
                if docnum is not None:
                    found[article_id] = hit(side.searcher.stored_fields(docnum), None, words, self._snippets).snippet
        return found

    def query_problem(self, text: str) -> str | None:
        """What is wrong with query `text` as written (an unknown field, an unclosed quote, a
        field with nothing after it), or None: it is read, not searched, so it is cheap."""
        try:
            q.parse(self._parser, text)
        except QueryError as error:
            return str(error)
        return None

    @staticmethod
    def as_typed(text: str) -> TypedQuery:
        """What to search while `text` is typed (the cursor at its end): its finished part, the
        word being typed (which also matches longer words), and what the rest still needs."""
        return query_help.as_typed(text)

    def clause_counts(
        self,
        text: str,
        prefix_end: int | None = None,
        cancelled: Callable[[], bool] | None = None,
        budget: float = SEARCH_BUDGET,
    ) -> list[ClauseCount]:
        """How many articles each top-level clause of `text` matches, then the query as a
        whole (last, `whole`); none for a query of one clause. `prefix_end` as in `search`.
        Raises as `search` does."""
        deadline = Deadline(budget, cancelled)
        parser = self._parser_for(prefix_end)
        found = query_help.clauses(parser, text, prefix_end)
        if found is None:
            return []
        parts, joined = found
        whole = q.parse(parser, text)
        with self._search_lock:
            side = self._searching
            counts = [ClauseCount(label, side.matching(query, deadline)) for label, query in parts]
            counts.append(ClauseCount(joined, side.matching(whole, deadline), whole=True))
        return counts

    def _parser_for(self, prefix_end: int | None) -> QueryParser:
        return self._parser if prefix_end is None else q.typing_parser(self._parser, prefix_end)

    def explain(self, text: str, article_id: str) -> list[WordMatch]:
        """Why `article_id` matches query `text`: each word it holds, where, whether as
        typed or by its stem, and its share of the score; the largest first. Raises
        `q.QueryError` for a query the user must fix, or one past its time budget."""
        deadline = Deadline()
        parsed = q.parse(self._parser, text)
        twins = {exact: field for field, exact in EXACT_FIELDS.items()}
        with self._search_lock:
            side = self._searching
            q.check_spellings(parsed, side.searcher.reader())
            docnum = side.searcher.document_number(id=article_id)
            if docnum is None:
                raise ArticleNotFound(article_id)
            found = side.bulk.contributions(parsed, docnum, deadline)
        total = sum(score for _, _, score in found) or 1.0
        matches = [
            WordMatch(twins.get(field, field), word, field in twins, round(score, 4), round(score / total, 4))
            for field, word, score in found
        ]
        return sorted(matches, key=lambda m: (-m.score, m.field, m.word))


def _folder_state(index_dir: Path) -> tuple[int, int] | None:
    """Which folder it is and when a file in it last came or went: every commit and side file
    write renames a file into place, a rebuild puts a new folder there."""
    try:
        info = index_dir.stat()
    except OSError:
        return None
    return info.st_ino, info.st_mtime_ns


def _by_use(forms: Counter[str]) -> list[str]:
    """Forms, most used first."""
    return sorted(forms, key=lambda f: (-forms[f], f))


def _summary(fields: dict[str, Any]) -> ArticleSummary:
    authors = fields.get("authors") or ""
    return ArticleSummary(
        id=fields["id"],
        title=fields["title"],
        source=fields["source"],
        date=iso_day(fields.get("date")),
        authors=[a for a in authors.split("; ") if a],
    )
