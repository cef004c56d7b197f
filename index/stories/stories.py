"""Same-story detection: syndicated and near-duplicate copies of one article.

Each body becomes a set of word 5-gram shingles summarised by a MinHash; an LSH
Ensemble finds, without comparing all pairs, the articles that may *contain* most of
another's text (containment, not Jaccard, so a truncated copy still joins its story).
They propose pairs under a looser threshold than a copy's; each pair is then measured on
the texts themselves (`exact_overlap`), as the estimate is too rough at the line. A story is an original
and the copies linked to it (never chained through copies); its original is its earliest
member, else its most complete.
"""

from __future__ import annotations

import math
import os
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from index.build.atomic_json import read_json, write_json

if TYPE_CHECKING:
    from datasketch import MinHash, MinHashLSHEnsemble

NUM_PERM = 128
SCHEME = "affine32"  # datasketch's hash scheme; signatures are only comparable within one
SHINGLE_WORDS = 5
CONTAINMENT = 0.6  # share of the shorter text that must be found in the longer
# Pairs estimated at this share are proposed for the exact measure: 99% of estimates are within
# 0.19 of the truth, and the looser line proposed 2% more pairs on the syndicated bench corpus.
CANDIDATE = 0.4
MIN_SHINGLES = 20  # shorter texts are too little evidence to call a copy
FINGERPRINTS = "fingerprints.npz"
STORIES = "stories.json"
LINKS = "story-links.json"
# 2: grouped around originals; 3: from links measured on the texts. An older file is still
# read, and the next `explorer index` finds the links again and regroups.
STORIES_FORMAT = 3
LINKS_FORMAT = 2  # 2: shares measured on the texts (1: MinHash estimates)


@dataclass(frozen=True)
class Fingerprint:
    id: str
    signature: np.ndarray  # NUM_PERM uint32 MinHash values
    size: int  # number of distinct shingles
    date: str  # ISO date or ""
    source: str


@dataclass(frozen=True)
class Member:
    id: str
    source: str
    date: str | None
    overlap: float  # share of this member's text found in the original (1.0 for the original)


@dataclass(frozen=True)
class Story:
    id: str
    original: str
    members: list[Member]  # the original first, then copies, most similar first
    overlaps: list[tuple[str, str, float]]  # every pair: share of the shorter text found in the longer

    def overlap(self, a: str, b: str) -> float:
        return next((o for x, y, o in self.overlaps if {x, y} == {a, b}), 0.0)

    def role(self, article_id: str) -> str:
        return "original" if self.original == article_id else "copy"


def stories_by_article(stories: list[Story]) -> dict[str, Story]:
    """Each member's story, by the member's id."""
    return {member.id: story for story in stories for member in story.members}


def shingles(text: str) -> set[bytes]:
    """Word 5-grams of the text, folded so that quotes, accents and case do not matter."""
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    words = re.findall(r"[a-z0-9]+", folded)
    return {" ".join(words[i : i + SHINGLE_WORDS]).encode() for i in range(max(len(words) - SHINGLE_WORDS + 1, 0))}


# datasketch (and the SciPy it imports, a third of a second) is loaded only by indexing:
# the app reads stories, it never finds them.


def fingerprint(article_id: str, body: str, date: str | None, source: str) -> Fingerprint:
    from datasketch import MinHash

    grams = shingles(body)
    minhash = MinHash(num_perm=NUM_PERM, scheme=SCHEME)
    minhash.update_batch(grams)
    return Fingerprint(article_id, minhash.hashvalues.astype(np.uint32), len(grams), date or "", source)


def _minhash(fp: Fingerprint) -> MinHash:
    from datasketch import MinHash

    return MinHash(num_perm=NUM_PERM, hashvalues=fp.signature, scheme=SCHEME)


def containment(a: Fingerprint, b: Fingerprint) -> float:
    """Estimated share of a's shingles that are also b's, from the MinHash Jaccard."""
    jaccard = float(np.mean(a.signature == b.signature))
    if a.size == 0:
        return 0.0
    return min(1.0, jaccard * (a.size + b.size) / ((1 + jaccard) * a.size))


Link = tuple[str, str, float]  # two articles and the share of the shorter text found in the longer


# Articles indexed in one LSH Ensemble at a time. Its index holds about 75 KB an article (a
# set per band, for every band width it may be asked with): all 100,000 at once took 7.6 GB.
BAND_ARTICLES = 5_000
BANDS_AT_MOST = 32  # past 160,000 articles the bands grow instead: each band is asked again


def find_links(prints: list[Fingerprint]) -> list[Link]:
    """Every pair in the corpus that may be a copy (estimated at CANDIDATE or more), found
    through LSH Ensembles over bands of sizes, for `exact_overlap.confirmed` to measure.

    A copy is the shorter text of its pair, so an article asks only the bands of articles
    at least its size for those that contain most of it. The bands are indexed one after
    another in order of size, each asked by every article up to its own last, and let go
    before the next: memory is one band's (BAND_ARTICLES up to 160,000 articles, then a
    32nd of them). The ensemble's own partitions by size are all held at once."""
    usable = sorted((fp for fp in prints if fp.size >= MIN_SHINGLES), key=lambda fp: (fp.size, fp.id))
    if len(usable) < 2:
        return []
    links: dict[tuple[str, str], float] = {}
    width = max(BAND_ARTICLES, math.ceil(len(usable) / BANDS_AT_MOST))
    for start in range(0, len(usable), width):
        band = usable[start : start + width]
        ensemble, in_band = _ensemble(band), {fp.id: fp for fp in band}
        for fp in usable[: start + len(band)]:  # no larger than the band's largest
            for other_id in ensemble.query(_minhash(fp), fp.size):
                pair = (fp.id, other_id) if fp.id < other_id else (other_id, fp.id)
                if other_id != fp.id and pair not in links:
                    other = in_band[other_id]
                    shorter, longer = (fp, other) if fp.size <= other.size else (other, fp)
                    share = containment(shorter, longer)
                    if share >= CANDIDATE:
                        links[pair] = share
        del ensemble  # before the next band's is built
    return [(a, b, share) for (a, b), share in sorted(links.items())]


def _ensemble(band: list[Fingerprint]) -> MinHashLSHEnsemble:
    from datasketch import MinHashLSHEnsemble  # see above: loaded only to index

    ensemble = MinHashLSHEnsemble(threshold=CANDIDATE, num_perm=NUM_PERM, num_part=1)
    ensemble.index([(fp.id, _minhash(fp), fp.size) for fp in band])
    return ensemble


def links_of(fresh: list[Fingerprint], prints: list[Fingerprint]) -> list[Link]:
    """The pairs a few new or changed articles may form with the rest (estimated at
    CANDIDATE or more), by comparing each with every signature at once: no pair is missed
    as LSH may miss one, and it is cheap for a few."""
    usable = [fp for fp in prints if fp.size >= MIN_SHINGLES]
    asked = [fp for fp in fresh if fp.size >= MIN_SHINGLES]
    if not usable or not asked:
        return []
    signatures = np.stack([fp.signature for fp in usable])
    sizes = np.array([fp.size for fp in usable], dtype=np.float64)
    links: dict[tuple[str, str], float] = {}
    for fp in asked:
        jaccard = (signatures == fp.signature).mean(axis=1)
        shorter = np.minimum(sizes, fp.size)
        share = np.minimum(1.0, jaccard * (sizes + fp.size) / ((1 + jaccard) * shorter))
        for n in np.flatnonzero(share >= CANDIDATE):
            other = usable[n].id
            if other != fp.id:
                a, b = sorted((fp.id, other))
                links[a, b] = float(share[n])
    return [(a, b, share) for (a, b), share in sorted(links.items())]


def stories_from_links(prints: list[Fingerprint], links: list[Link]) -> list[Story]:
    """Stories grouped around their originals: each copy joins the story of the one original
    it shares most text with, and never a story through another copy. Wire leads reused with
    new tails link chains of articles that are not copies of each other (A's lead in B, B's
    tail in C); joining every linked pair made one story of 78,052 of 100,000 articles.

    Articles are taken in the order an original is chosen in (earliest, then most complete):
    one linked to an original already taken is its copy; one that is not starts a story of
    its own. So every member of a story is linked to its original, and the work is linear
    in the links."""
    by_id = {fp.id: fp for fp in prints}
    linked: dict[str, list[tuple[str, float]]] = {}
    for a, b, share in links:
        if a in by_id and b in by_id and a != b:
            linked.setdefault(a, []).append((b, share))
            linked.setdefault(b, []).append((a, share))
    order = sorted(linked, key=lambda article: _seniority(by_id[article]))
    rank = {article: n for n, article in enumerate(order)}
    story_of: dict[str, str] = {}  # article -> its original (an original maps to itself)
    for article in order:
        originals = [(share, other) for other, share in linked[article] if story_of.get(other) == other]
        if originals:  # all taken before this article: senior to it
            story_of[article] = max(originals, key=lambda found: (found[0], -rank[found[1]]))[1]
        else:
            story_of[article] = article
    groups: dict[str, list[Fingerprint]] = {}
    for article, original in story_of.items():
        groups.setdefault(original, []).append(by_id[article])
    shared: dict[str, list[Link]] = {}  # the links inside each story
    for a, b, share in links:
        if a in story_of and story_of[a] == story_of.get(b):
            shared.setdefault(story_of[a], []).append((a, b, share))
    return sorted(
        (
            _story(by_id[original], group, shared.get(original, []))
            for original, group in groups.items()
            if len(group) > 1
        ),
        key=lambda story: story.id,
    )


# Up to this many members, a story lists the overlap of every pair of them (what the app shows
# beside each copy); past it, the pairs found linked: every pair would be quadratic work and
# memory (a story of 78,052 articles would have listed about 3 billion).
ALL_PAIRS_UP_TO = 50


def _seniority(fp: Fingerprint) -> tuple[bool, str, int, str]:
    """The order an original is chosen in: earliest; undated last; among equals, the most complete."""
    return (fp.date == "", fp.date, -fp.size, fp.id)


def _story(original: Fingerprint, group: list[Fingerprint], links: list[Link]) -> Story:
    copies = sorted(
        (fp for fp in group if fp is not original), key=lambda fp: (-containment(fp, original), fp.date, fp.id)
    )
    members = [Member(original.id, original.source, original.date or None, 1.0)] + [
        Member(fp.id, fp.source, fp.date or None, round(containment(fp, original), 3)) for fp in copies
    ]
    if len(group) <= ALL_PAIRS_UP_TO:
        overlaps = [
            (a.id, b.id, round(containment(*sorted((a, b), key=lambda fp: fp.size)), 3))
            for i, a in enumerate(group)
            for b in group[i + 1 :]
        ]
    else:
        overlaps = [(a, b, round(share, 3)) for a, b, share in links]
    return Story(f"story/{original.id}", original.id, members, overlaps)


def save_fingerprints(index_dir: Path, prints: dict[str, Fingerprint], generation: int) -> None:
    rows = sorted(prints.values(), key=lambda fp: fp.id)
    temporary = index_dir / f"fingerprints.tmp-{os.getpid()}.npz"
    np.savez(
        temporary,
        generation=np.array(generation, dtype=np.int64),
        ids=np.array([fp.id for fp in rows], dtype=str),
        signatures=np.array([fp.signature for fp in rows], dtype=np.uint32).reshape(len(rows), NUM_PERM),
        sizes=np.array([fp.size for fp in rows], dtype=np.int64),
        dates=np.array([fp.date for fp in rows], dtype=str),
        sources=np.array([fp.source for fp in rows], dtype=str),
    )
    os.replace(temporary, index_dir / FINGERPRINTS)


def load_fingerprints(index_dir: Path, generation: int) -> dict[str, Fingerprint] | None:
    """Every article's fingerprint, if they describe exactly this generation of the index
    (a run stopped after its commit leaves them one behind: they are then made again)."""
    try:
        with np.load(index_dir / FINGERPRINTS, allow_pickle=False) as data:
            if "generation" not in data.files or int(data["generation"]) != generation:
                return None
            rows = zip(data["ids"], data["signatures"], data["sizes"], data["dates"], data["sources"], strict=True)
            return {
                str(i): Fingerprint(str(i), sig, int(size), str(date), str(source))
                for i, sig, size, date, source in rows
            }
    except (OSError, ValueError, KeyError):
        return None


def save_links(index_dir: Path, links: list[Link], generation: int) -> None:
    write_json(index_dir / LINKS, {"format": LINKS_FORMAT, "generation": generation, "links": links})


def load_links(index_dir: Path, generation: int) -> list[Link] | None:
    """The pairs found so far, if they describe exactly this generation of the index."""
    payload = read_json(index_dir / LINKS)
    if not isinstance(payload, dict):
        return None
    if payload.get("format") != LINKS_FORMAT or payload.get("generation") != generation:
        return None
    return [(a, b, share) for a, b, share in payload["links"]]


def write_stories(index_dir: Path, stories: list[Story], generation: int) -> None:
    # dataclasses, written as objects; written last of the story files, so its stamp says all three are current
    write_json(index_dir / STORIES, {"format": STORIES_FORMAT, "generation": generation, "stories": stories})


def stories_current(index_dir: Path, generation: int) -> bool:
    """Whether the groups (and so the fingerprints and links written before them) describe
    exactly this generation of the index."""
    payload = read_json(index_dir / STORIES)
    return (
        isinstance(payload, dict)
        and payload.get("format") == STORIES_FORMAT
        and payload.get("generation") == generation
    )


def read_stories(index_dir: Path) -> list[Story] | None:
    payload = read_json(index_dir / STORIES)
    if not isinstance(payload, dict):
        return None
    return [
        Story(s["id"], s["original"], [Member(**m) for m in s["members"]], [tuple(o) for o in s["overlaps"]])
        for s in payload.get("stories", [])
    ]
