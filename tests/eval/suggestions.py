"""Did-you-mean on real newswire: words typed unfinished and words with a slip, on reuters-dev.

From the index's own spellings (words of 6+ letters in 5+ stories, a deterministic sample):
- unfinished: the first 4 or 5 letters, searched as is (Enter before the word was done); a
  suggestion counts as right when it is a word those letters start;
- a slip: two neighbouring letters swapped; right when it is the word itself.
Only what is not itself a word of the index is asked (the rest gets no suggestion by design).

    python -m tests.eval.suggestions [--sample 300]
"""

from __future__ import annotations

import argparse
import random
from pathlib import Path

import platformdirs

from index.library import Library, build_index, has_index

ARTICLES = Path(__file__).resolve().parents[3] / "shared" / "eval" / "reuters-dev" / "articles"
INDEX = Path(platformdirs.user_cache_dir("explorer-bench")) / "reuters-dev" / "ix"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sample", type=int, default=300)
    args = parser.parse_args()
    if not has_index(INDEX):
        build_index(ARTICLES, INDEX)
    with Library.open(INDEX) as library:
        searcher = library._searching.searcher  # the eval reads the vocabulary; the app never does
        reader = searcher.reader()
        words = sorted(
            term.decode() if isinstance(term, bytes) else term
            for term in reader.lexicon("spelling")
            if len(term) >= 6 and term.isalpha() and reader.doc_frequency("spelling", term) >= 5
        )
        known = set(words) | {t.decode() if isinstance(t, bytes) else t for t in reader.lexicon("spelling")}
        rng = random.Random(7)
        sample = rng.sample(words, min(args.sample, len(words)))
        unfinished = right_unfinished = slips = right_slips = 0
        for word in sample:
            start = word[: rng.choice((4, 5))]
            if start not in known:
                unfinished += 1
                said = library.search(start, limit=1).suggestion
                right_unfinished += bool(said and said.lower().startswith(start))
            at = rng.randrange(1, len(word) - 2)
            slip = word[:at] + word[at + 1] + word[at] + word[at + 2 :]
            if slip not in known:
                slips += 1
                said = library.search(slip, limit=1).suggestion
                right_slips += bool(said and said.lower() == word)
    share = right_unfinished / max(unfinished, 1)
    print(f"unfinished words: {right_unfinished}/{unfinished} suggestions complete them ({share:.3f})")
    print(f"slips: {right_slips}/{slips} suggestions are the word meant ({right_slips / max(slips, 1):.3f})")


if __name__ == "__main__":
    main()
