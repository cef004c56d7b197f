"""Each seed and each variant, field by field, against gold files written by reading them."""

from __future__ import annotations

import pytest

from tests.conftest import SEEDS_DIR, VARIANTS_DIR, load_gold
from tests.reading import read_article

SEEDS = load_gold("seeds.json")
VARIANTS = load_gold("variants.json")
CASES = [(SEEDS_DIR / f"{stem}.txt", gold) for stem, gold in SEEDS.items()] + [
    (VARIANTS_DIR / name, gold) for name, gold in VARIANTS.items()
]
IDS = [path.name for path, _ in CASES]


@pytest.fixture(params=CASES, ids=IDS)
def case(request: pytest.FixtureRequest):
    path, gold = request.param
    return read_article(path), gold


@pytest.mark.parametrize("field", ["title", "dek", "authors", "date", "source", "url"])
def test_metadata_field_matches_gold(case, field: str) -> None:
    article, gold = case
    assert getattr(article, field) == gold[field]


def test_body_starts_and_ends_where_the_article_does(case) -> None:
    article, gold = case
    paragraphs = [p for p in article.paragraphs if p not in gold["body_optional"]]
    assert paragraphs[0] == gold["body_first_paragraph"]
    assert paragraphs[-1] == gold["body_last_paragraph"]


def test_body_keeps_every_paragraph(case) -> None:
    article, gold = case
    optional = [p for p in article.paragraphs if p in gold["body_optional"]]
    assert len(article.paragraphs) - len(optional) == gold["paragraph_count"]


def test_body_keeps_article_text(case) -> None:
    article, gold = case
    body = f"\n\n{article.body}\n\n"
    missing = [s for s in gold["body_must_contain"] if s not in body]
    assert not missing


def test_body_has_no_site_chrome(case) -> None:
    article, gold = case
    leaked = [s for s in gold["body_must_not_contain"] if s in article.body]
    assert not leaked


def test_reader_comments_are_kept_apart(case) -> None:
    article, gold = case
    got = [
        {
            "author": c.author,
            "date": c.date,
            "score": c.score,
            "text_first_line": c.text.split("\n")[0],
            "text_last_line": c.text.split("\n")[-1],
        }
        for c in article.comments
    ]
    assert got == gold["comments"]
