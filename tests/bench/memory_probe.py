"""Peak memory of a session like a user's: run by the benchmark in a fresh process.

Opens the index, lists the newest articles, searches, loads the corpus entities, finds
related articles, filters by an entity, then searches for many different common words
(one after another, as typing does) so that the kept postings reach their budget.

    python -m tests.bench.memory_probe INDEX_DIR QUERY
"""

from __future__ import annotations

import re
import sys
from collections import Counter
from pathlib import Path

from index.library import Library

WORDS = 40  # distinct searches after the opening ones


def session(index_dir: Path, query: str) -> None:
    library = Library.open(index_dir)
    first = library.latest(50)
    library.search(query, 50, snippets=False)
    library.entities()
    library.related(first[0].id)
    library.search("entity:" + library.entities("person")[0].id, 50, snippets=False)
    titles = [a.title for a in library.latest(2000)]
    common = Counter(w.lower() for t in titles for w in re.findall(r"[A-Za-z]{4,}", t))
    for word, _ in common.most_common(WORDS):
        library.search(word, 50)
    library.search(f"{query.split()[0]}~", 50)


def peak_megabytes() -> float:
    """VmHWM from /proc: getrusage's maxrss survives exec, so it would report the parent's."""
    with open("/proc/self/status") as status:
        return next(int(line.split()[1]) for line in status if line.startswith("VmHWM")) / 1024


if __name__ == "__main__":
    session(Path(sys.argv[1]), sys.argv[2])
    print(f"{peak_megabytes():.1f}")
