"""The entity table in memory: alias look-ups for `person:`-style queries, and the
entities of each article."""

from __future__ import annotations

from index.entities.names import canonical_alias, name_key
from index.entities.resolve import Entity, Mention, Share, shares
from index.stories import related as rel


class EntityIndex:
    """The entity table, indexed for alias look-ups and per-article listing."""

    def __init__(self, entities: list[Entity] | None) -> None:
        self.all = entities or []
        self._by_article: dict[str, list[Entity]] = {}
        self._by_id = {entity.id: entity for entity in self.all}
        self._by_key = {key: entity for entity in self.all for key in entity.keys}
        # alias word -> (entity, that alias's words): a look-up reads only the entities
        # sharing the first word asked for, not the whole table.
        self._by_word: dict[str, list[tuple[Entity, list[str]]]] = {}
        for entity in self.all:
            for article in entity.articles:
                self._by_article.setdefault(article, []).append(entity)
            for alias in {entity.name, *entity.aliases}:
                words = _alias_tokens(alias)
                for word in set(words):
                    self._by_word.setdefault(word, []).append((entity, words))

    def spans(self, article_id: str, mentions: list[Mention]) -> list[tuple[Entity, Share]]:
        """Which entity each of an article's (stored) mentions stands for."""
        found = []
        for share in shares(mentions):
            entity = self._by_key.get(share.key)
            if entity is not None and article_id in entity.articles:
                found.append((entity, share))
        return found

    def by_id(self, entity_id: str) -> Entity | None:
        return self._by_id.get(entity_id)

    def naming(self, article_id: str) -> list[Entity]:
        return self._by_article.get(article_id, [])

    def weighted(self, article_id: str, total: int) -> dict[str, tuple[str, str, float]]:
        """The article's entities: id -> (name, type, rarity across the corpus)."""
        return {e.id: (e.name, e.type, rel.rarity(len(e.articles), total)) for e in self.naming(article_id)}

    def sharing_rare(self, article_id: str, most: int = 50, enough: int = 30) -> set[str]:
        """Articles that name one of this article's rarer entities (common ones say little),
        the rarest first, until there are about `enough` of them."""
        others: set[str] = set()
        for entity in sorted(self.naming(article_id), key=lambda e: len(e.articles)):
            if len(entity.articles) > most or len(others) >= enough:
                break
            others.update(entity.articles)
        others.discard(article_id)
        return others

    def lookup(self, kind: str, value: str) -> set[str]:
        """Ids of articles naming an entity of `kind` ('entity': any) that `value` names:
        an entity id, or any alias, whole or a run of its words ('lavrov')."""
        exact = self._by_id.get(value)
        if exact is not None:
            return set(exact.articles) if kind in ("entity", exact.type) else set()
        wanted = _alias_tokens(value)
        ids: set[str] = set()
        for entity, words in self._by_word.get(wanted[0], []) if wanted else []:
            if kind in ("entity", entity.type) and _contains_run(words, wanted):
                ids.update(entity.articles)
        return ids


def _alias_tokens(name: str) -> list[str]:
    return name_key(canonical_alias(name)).split()


def _contains_run(words: list[str], run: list[str]) -> bool:
    return bool(run) and any(words[i : i + len(run)] == run for i in range(len(words) - len(run) + 1))
