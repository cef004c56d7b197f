"""Which kind of thing a name names: person, organization, place, or none of them.

The type is decided once per entity, from the votes of all its mentions across the
corpus (the model's labels, and context that outweighs a label) together with evidence
in the name itself: its last word ('... Bank', '... United', '... Republic'), initials
('P. Simmons'), and the gazetteer ('Moldova' is a country whatever the model says).
"""

from __future__ import annotations

from collections import Counter

from index.entities import gazetteer
from index.entities.names import canonical_alias, table_aliases
from index.records import ENTITY_KINDS

KINDS = tuple(ENTITY_KINDS)
# spaCy labels as votes. Nationalities, events, products, works and laws vote 'misc':
# a name most often tagged so ('Welsh', 'Oscars') is not shown as a person or a place.
LABEL_KINDS = {
    "PERSON": "person", "ORG": "org", "GPE": "place", "LOC": "place", "FAC": "place",
    "NORP": "misc", "EVENT": "misc", "PRODUCT": "misc", "WORK_OF_ART": "misc", "LAW": "misc", "LANGUAGE": "misc",
}  # fmt: skip
CUE_WEIGHT = 2  # context ('analyst X', 'X said she') outweighs one label from the model
DEFINITE = "the"  # a vote key: 'the X' ('the Oscars', 'the Treasury'), which a person's name never takes

_ORG_WORDS = {
    "inc", "corp", "corporation", "co", "company", "ltd", "plc", "llc", "sa", "ag", "nv", "spa", "gmbh", "bhd",
    "group", "holdings", "bank", "bancorp", "bancshares", "financial", "securities", "capital", "partners",
    "trust", "insurance", "fund", "exchange", "industries", "systems", "technologies", "communications",
    "electronics", "pharmaceuticals", "petroleum", "oil", "energy", "telecom", "motors", "airlines", "airways",
    "party", "association", "council", "committee", "ministry", "department", "agency", "authority",
    "commission", "federation", "union", "organisation", "organization", "institute", "foundation", "board",
    "court", "police", "army", "navy", "parliament", "assembly", "congress", "senate", "office", "bureau",
    "service", "services", "university", "college", "school", "church", "front", "movement", "alliance",
    "coalition", "brigade", "club", "fc", "united", "rovers", "athletic", "wanderers", "albion", "newsroom",
    "news", "times", "post", "herald", "journal", "network", "television", "tv", "radio", "studios", "records",
}  # fmt: skip
_ORG_FIRST_WORDS = {"bank", "university", "ministry", "department", "council", "committee", "commission"}  # ... of
_ORG_LEADS = {"team", "club", "radio", "air"}  # 'Team GB', 'Club Brugge', 'Radio Free Europe', 'Air France'

_PLACE_WORDS = {
    "republic", "island", "islands", "river", "mountains", "sea", "ocean", "gulf", "bay", "lake", "valley",
    "province", "region", "peninsula", "strait", "straits", "desert", "square", "street", "avenue", "road",
    "bridge", "airport", "stadium", "park", "county", "district", "coast", "heights", "strip", "centre", "center",
}  # fmt: skip
# A compass word before a name makes a region ('West Bank', 'East Jerusalem', 'Northern Ireland').
_COMPASS = {"north", "south", "east", "west", "northern", "southern", "eastern", "western", "upper", "lower"}
# Events, competitions and prizes are names, but not of people, organizations or places.
_EVENT_WORDS = {
    "cup", "series", "championship", "championships", "open", "games", "olympics", "tour", "prix", "final",
    "finals", "trophy", "classic", "masters", "tournament", "award", "awards", "prize", "festival", "war", "day",
}  # fmt: skip
# Nationalities whose country's name does not show in them (the rest do: Kuwaiti, Russian).
_NATIONALITIES = {
    "british", "briton", "britons", "english", "welsh", "scottish", "scots", "irish", "french", "dutch", "swiss",
    "danish", "swedish", "finnish", "polish", "spanish", "greek", "greeks", "turkish", "thai", "czech", "slovak",
    "filipino", "arab", "arabs", "saudi", "saudis", "kurd", "kurds", "kurdish", "basque", "catalan", "kiwi",
}  # fmt: skip
_MAJOR = {"country", "continent", "state"}


def decide(votes: Counter[str], forms: Counter[str]) -> str | None:
    """person, org or place for an entity with these votes and surface forms; None when
    the evidence says it is none of them (a nationality, an event, a product)."""
    score = {kind: float(votes[kind]) for kind in (*KINDS, "misc")}
    score["person"] = max(0.0, score["person"] - CUE_WEIGHT * votes[DEFINITE])
    weight = max(1.0, sum(score.values()))
    name = max(forms, key=lambda f: (forms[f], len(f), f))
    place = _place(forms)
    shape = None if place else "misc" if is_nationality(name) else name_shape(name)
    if shape == "person" and _country(name.split()[-1]):
        shape = "place"  # 'S. Korea' is no one's initials
    if shape in KINDS and score["misc"] > score[shape]:
        shape = None  # 'South Korean' is a nationality the model knows, not a region
    if place is not None:
        if place.kind in _MAJOR:
            score["place"] += max(2.0, 1.5 * weight)
        elif place.population >= gazetteer.BIG_CITY:
            score["place"] += max(1.5, 0.5 * weight)
        else:
            score["place"] += max(1.25, 0.25 * weight)
    if shape is not None:
        score[shape] += max(2.0, weight)
    best = max(score, key=lambda k: (score[k], k == shape, k == "person", k == "org", k == "place"))
    return None if best == "misc" or score[best] <= 0 else best


def is_nationality(name: str) -> bool:
    """'Kuwaiti', 'Russians', 'Japanese', 'Welsh': a people, named after its country."""
    word = name.lower()
    if " " in word:
        return False
    if word in _NATIONALITIES:
        return True
    word = word[:-1] if word.endswith("s") and not word.endswith("ss") else word
    stems = {word + "y", word[:-1], word[:-1] + "a", word[:-2] + "a", word[:-2] + "o", word[:-2] + "y"}
    stems |= {word[:-3], word[:-3] + "a", word[:-3] + "e", word[:-3] + "y", word[:-4] + "a"}
    endings = ("i", "n", "ese", "ish", "ine")
    return word.endswith(endings) and any(len(stem) > 2 and _country(stem) for stem in stems)


def name_shape(name: str) -> str | None:
    """The kind a name's own words show: initials before a surname ('P. Simmons') a
    person; a last word like 'Bank', 'Party' or 'United' an organization; 'Republic',
    'River' or 'Square', or a compass word before ('West Bank'), a place; 'Cup' or
    'Open' an event ('misc')."""
    words = name.replace(",", " ").split()
    if len(words) < 2:
        return None
    first, last = words[0].lower().rstrip("."), words[-1].lower().rstrip(".")
    if last in _EVENT_WORDS:
        return "misc"
    if first in _COMPASS and (last not in _ORG_WORDS or last == "bank"):
        return "place"
    if last in _ORG_WORDS or first in _ORG_LEADS or (first in _ORG_FIRST_WORDS and words[1].lower() == "of"):
        return "org"
    if last in _PLACE_WORDS:
        return "place"
    abbreviation = words[0] != canonical_alias(words[0])  # U.S., U.N.: not initials
    if len(words) == 2 and _is_initials(words[0]) and not abbreviation and not _is_initials(words[1]):
        return "person" if words[1][:1].isupper() else None
    return None


def _country(word: str) -> bool:
    place = gazetteer.lookup(canonical_alias(word))
    return place is not None and place.kind == "country"


def _is_initials(word: str) -> bool:
    """'P.', 'J.J.', "T.O'": letters each followed by a dot."""
    letters = word.replace("'", "").split(".")
    return len(letters) > 1 and all(len(part) <= 1 for part in letters) and any(letters)


def _place(forms: Counter[str]) -> gazetteer.Place | None:
    """The place the entity's fullest forms name, if the gazetteer knows one (a surname
    folded into 'Anthony Washington' does not make him a city)."""
    most = max(len(form.split()) for form in forms)
    names = {canonical_alias(form) for form in forms if len(form.split()) == most}
    found = (gazetteer.lookup(name) for name in names | {a for n in names for a in table_aliases(n)})
    known = [place for place in found if place is not None]
    return max(known, key=lambda p: (p.kind in _MAJOR, p.population)) if known else None
