"""One entity seen whole: the entities named in the same articles, counted by article and
by story (syndicated copies of one story count once). The article-entity pairs are laid out
once as arrays, so that an entity named in 20,000 articles is counted in bulk."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from index.entities.resolve import Entity
from index.records import CoMention

CO_MENTIONS = 20  # entities listed as named with one


class CoMentions:
    """Which entities each article names, and the reverse, as flat arrays."""

    def __init__(self, entities: list[Entity], story_of: Callable[[str], str]) -> None:
        self._entities = entities
        self._number = {entity.id: n for n, entity in enumerate(entities)}
        numbered: dict[str, int] = {}
        articles: list[int] = []
        starts = [0]
        for entity in entities:  # entity by entity: each one's articles are one slice
            articles.extend(numbered.setdefault(article, len(numbered)) for article in entity.articles)
            starts.append(len(articles))
        self._articles = np.array(articles, dtype=np.int32)
        self._starts = np.array(starts, dtype=np.int64)
        owners = np.repeat(np.arange(len(entities), dtype=np.int32), np.diff(self._starts))
        by_article = np.argsort(self._articles, kind="stable")
        self._named = owners[by_article]  # the entities of article a: _named[_first[a]:_first[a + 1]]
        self._first = np.searchsorted(self._articles[by_article], np.arange(len(numbered) + 1))
        stories: dict[str, int] = {}
        self._story = np.array([stories.setdefault(story_of(a), len(stories)) for a in numbered], dtype=np.int64)
        self._all_stories: dict[str, int] | None = None

    def stories(self, entity_id: str) -> int:
        """How many distinct stories name the entity."""
        return len(np.unique(self._story[self._articles_of(entity_id)]))

    def every_entity_stories(self) -> dict[str, int]:
        """Entity id -> how many distinct stories name it, for all at once (one pass over every
        article-entity pair, not a pass per entity)."""
        if self._all_stories is None:
            count, span = len(self._entities), int(self._story.max(initial=0)) + 1
            owners = np.repeat(np.arange(count, dtype=np.int64), np.diff(self._starts))
            pairs = np.unique(owners * span + self._story[self._articles])  # each (entity, story) once
            totals = np.bincount(pairs // span, minlength=count)
            self._all_stories = {entity.id: int(totals[n]) for n, entity in enumerate(self._entities)}
        return self._all_stories

    def of(self, entity_id: str, limit: int = CO_MENTIONS) -> list[CoMention]:
        """The entities most often named in the same stories as this one, most stories first
        (then most articles, then by name)."""
        own = self._number[entity_id]
        articles = self._articles_of(entity_id)
        firsts, lasts = self._first[articles], self._first[articles + 1]
        lengths = lasts - firsts
        # Every (article, entity named in it) pair of these articles, gathered in one step.
        gathered = np.repeat(firsts - np.cumsum(lengths) + lengths, lengths) + np.arange(lengths.sum())
        others = self._named[gathered].astype(np.int64)
        count = len(self._entities)
        in_articles = np.bincount(others, minlength=count)
        pairs = np.unique(np.repeat(self._story[articles], lengths) * count + others)
        in_stories = np.bincount(pairs % count, minlength=count)
        in_articles[own] = 0
        found = np.flatnonzero(in_articles)
        ranked = found[np.lexsort((-in_articles[found], -in_stories[found]))]
        # Ties at the cut are broken by name: take all that tie with the last kept, then sort.
        if len(ranked) > limit:
            last = ranked[limit - 1]
            tied = (in_stories[ranked] == in_stories[last]) & (in_articles[ranked] == in_articles[last])
            ranked = ranked[: max(limit, int(np.flatnonzero(tied).max()) + 1)]
        chosen = sorted(
            (int(n) for n in ranked),
            key=lambda n: (-in_stories[n], -in_articles[n], self._entities[n].name.casefold()),
        )[:limit]
        return [self._mention(n, int(in_articles[n]), int(in_stories[n])) for n in chosen]

    def _articles_of(self, entity_id: str) -> np.ndarray:
        n = self._number[entity_id]
        return self._articles[self._starts[n] : self._starts[n + 1]].astype(np.int64)

    def _mention(self, n: int, articles: int, stories: int) -> CoMention:
        entity = self._entities[n]
        return CoMention(entity.id, entity.name, entity.type, articles, stories)
