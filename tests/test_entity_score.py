"""The name-level scorer `make eval` uses, checked on a case worked out by hand."""

from __future__ import annotations

import pytest

from tests.eval.entity_score import Reported, fold, score

GOLD = {
    "d1": {
        "person": ["Sergei Lavrov", "Lavrov"],
        "org": ["Rosneft"],
        "place": ["Caracas", "CARACAS"],
        "misc": ["Russian"],
    },
    "d2": {"person": [], "org": ["Gazprom"], "place": ["Moscow"], "misc": []},
}


def test_aliases_match_gold_names_of_the_same_type_after_folding() -> None:
    reported = {
        "d1": [
            Reported("Sergey Lavrov", "person", ("Sergei Lavrov", "Lavrov")),  # right, two gold names
            Reported("Rosneft", "place"),  # wrong type: wrong, and Rosneft stays missed
            Reported("caracas", "place"),  # right after case folding; CARACAS is the same name
            Reported("Russian", "misc"),  # misc is not scored
        ],
        "d2": [Reported("Móscow", "place")],  # accents fold; Gazprom missed
    }
    scores = score(reported, GOLD)
    assert (scores.right["person"], scores.reported["person"]) == (1, 1)
    assert (scores.right["place"], scores.reported["place"]) == (2, 3)
    assert (scores.matched["person"], scores.gold["person"]) == (2, 2)
    assert (scores.matched["org"], scores.gold["org"]) == (0, 2)
    assert (scores.matched["place"], scores.gold["place"]) == (2, 2)  # Caracas and CARACAS fold to one name
    assert scores.precision() == pytest.approx(3 / 4)
    assert scores.recall() == pytest.approx(4 / 6)
    assert scores.wrong == ["d1: place Rosneft"]


def test_a_document_reporting_nothing_misses_all_its_names() -> None:
    scores = score({}, GOLD)
    assert scores.recall() == 0.0 and scores.precision() == 0.0 and scores.f1() == 0.0


def test_folding_is_case_and_accent_blind() -> None:
    assert fold("Guaidó  GUAIDO") == fold("guaido guaido")
