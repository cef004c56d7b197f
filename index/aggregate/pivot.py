"""One entity seen whole: the entities named in the same articles, counted by article and
by story (syndicated copies of one story count once)."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from index.entities.resolve import Entity
from index.records import CoMention

CO_MENTIONS = 20  # entities listed as named with one


def co_mentions(
    entity: Entity,
    naming: Callable[[str], Iterable[Entity]],
    story_of: Callable[[str], str],
    limit: int = CO_MENTIONS,
) -> list[CoMention]:
    """The entities most often named in the same stories as `entity`, most stories first
    (then most articles, then by name). `naming`: the entities an article names;
    `story_of`: an article's story (its own id when it has no copies)."""
    articles: dict[str, int] = {}
    stories: dict[str, set[str]] = {}
    found: dict[str, Entity] = {}
    for article_id in entity.articles:
        story = story_of(article_id)
        for other in naming(article_id):
            if other.id == entity.id:
                continue
            found[other.id] = other
            articles[other.id] = articles.get(other.id, 0) + 1
            stories.setdefault(other.id, set()).add(story)
    ranked = sorted(found.values(), key=lambda e: (-len(stories[e.id]), -articles[e.id], e.name.casefold()))
    return [CoMention(e.id, e.name, e.type, articles[e.id], len(stories[e.id])) for e in ranked[:limit]]
