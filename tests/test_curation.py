"""Your corrections of the entities (issue 19): rules applied on top of the automatic ones,
kept with your state, so that they hold after a rebuild; entity search follows them."""

from __future__ import annotations

from pathlib import Path

import pytest

from index.entities.curation import RuleError, apply, rule
from index.entities.resolve import Entity
from index.library import EntityNotFound, Library, build_index


def _entities() -> list[Entity]:
    return [
        Entity("person/sergey-lavrov", "Sergey Lavrov", "person", ["Lavrov"], {"a1": 3, "a2": 1}, ["sergey lavrov"]),
        Entity("place/moscow", "Moscow", "place", [], {"a1": 2}, ["moscow"]),
        Entity("place/kremlin", "Kremlin", "org", [], {"a2": 1, "a3": 1}, ["kremlin"]),
    ]


def test_rules_rename_merge_retype_and_hide_in_order() -> None:
    rules = [
        rule("rename", "person/sergey-lavrov", "Sergei Lavrov"),
        rule("retype", "place/kremlin", "place"),
        rule("merge", "place/moscow", ["place/kremlin", "place/moscow"]),  # itself is left out
        rule("hide", "person/sergey-lavrov"),
    ]
    curated = apply(_entities(), rules)
    (moscow,) = curated.entities
    assert (moscow.name, moscow.type, moscow.aliases) == ("Moscow", "place", ["Kremlin"])
    assert moscow.articles == {"a1": 2, "a2": 1, "a3": 1} and moscow.keys == ["moscow", "kremlin"]
    lavrov = curated.hidden["person/sergey-lavrov"]
    assert lavrov.name == "Sergei Lavrov" and "Sergey Lavrov" in lavrov.aliases
    shown = apply(_entities(), [*rules, rule("unhide", "person/sergey-lavrov")])
    assert [e.id for e in shown.entities] == ["place/moscow", "person/sergey-lavrov"]  # most articles first
    assert _entities()[0].name == "Sergey Lavrov"  # the table read is left as it was


def test_a_rule_about_an_entity_no_longer_there_is_passed_over() -> None:
    curated = apply(_entities(), [rule("rename", "person/nobody", "X"), {"action": "from-a-newer-version", "id": "x"}])
    assert sorted(e.name for e in curated.entities) == sorted(e.name for e in _entities())


def test_rules_that_cannot_be_are_refused_with_a_reason() -> None:
    for args, said in [
        (("retype", "place/moscow", "animal"), "animal is not a type"),
        (("merge", "place/moscow", ["place/moscow"]), "merge needs another entity"),
        (("rename", "place/moscow", "  "), "a new name is needed"),
        (("split", "place/moscow", None), "split is not a curation"),
    ]:
        with pytest.raises(RuleError, match=said):
            rule(*args)


def test_corrections_hold_after_a_rebuild_and_entity_search_follows_them(corpus: Path, tmp_path: Path) -> None:
    """The issue's case on a copy of the shipped articles: Sergey Lavrov renamed, two places
    merged, an entity hidden; all of it there again after a rebuild from nothing."""
    index_dir = tmp_path / "ix"
    build_index(corpus, index_dir)
    with Library.open(index_dir) as library:
        lavrov = next(e for e in library.entities("person") if "Lavrov" in e.name)
        first, second = library.entities("place")[:2]
        hidden = library.entities("org")[0]
        before = {h.id for h in library.search(f"entity:{lavrov.id}", limit=50, snippets=False).hits}
        both = {h.id for p in (first, second) for h in library.search(f"entity:{p.id}", limit=50, snippets=False).hits}
        library.curate("rename", lavrov.id, "Sergei V. Lavrov")
        library.curate("merge", first.id, [second.id])
        library.curate("hide", hidden.id)
        with pytest.raises(EntityNotFound):
            library.curate("merge", first.id, ["place/nowhere-at-all"])
        assert len(library.curation()) == 3
    build_index(corpus, index_dir, rebuild=True)
    with Library.open(index_dir) as library:
        people = {e.id: e for e in library.entities("person")}
        assert people[lavrov.id].name == "Sergei V. Lavrov" and lavrov.name in people[lavrov.id].aliases
        found = {h.id for h in library.search('person:"Sergei V. Lavrov"', limit=50, snippets=False).hits}
        assert found == before
        places = {e.id: e for e in library.entities("place")}
        assert second.id not in places and second.name in places[first.id].aliases
        assert {h.id for h in library.search(f"entity:{first.id}", limit=50, snippets=False).hits} == both
        assert places[first.id].articles == len(both)
        assert hidden.id not in {e.id for e in library.entities()}
        assert library.undo_curation() == {"action": "hide", "id": hidden.id}
        assert hidden.id in {e.id for e in library.entities()}
