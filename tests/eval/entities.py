"""`make eval`: entity quality on real newswire with hand-labelled names.

Two development sets, each indexed from scratch with the product's real pipeline:
- conll-dev: `../shared/eval/conll-dev/`, 216 Reuters stories of August 1996 (CoNLL-2003's
  development split), heavy on sports results;
- reuters-40: 40 Reuters stories of 1987 from `../shared/eval/reuters-dev/` (business,
  markets, politics), labelled by hand for this project in `tests/gold/reuters-entities.json`.
The entities each article names (what `explorer entities ID --json` prints) are scored
at the level of names (`tests/eval/entity_score.py`). Beside them, in the same run, the
baseline: the raw NER model's spans with no resolution, scored the same way.

    python -m tests.eval.entities [--write] [--errors N] [--no-baseline]
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from index.entities import ner
from index.library import Library, build_index
from tests.eval.entity_score import Reported, Scores, score
from tests.reading import read_article

LABEL_TYPES = {"PERSON": "person", "ORG": "org", "GPE": "place", "LOC": "place"}  # as the README scores the raw model

ROOT = Path(__file__).resolve().parents[2]
SHARED = ROOT.parent / "shared" / "eval"
REPORT = ROOT / "EVAL.md"


@dataclass(frozen=True)
class DevSet:
    name: str
    articles: Path  # a folder of Markdown articles named STEM.md
    gold_file: Path  # {stem: {type: [names]}}

    def gold(self) -> dict[str, dict[str, list[str]]]:
        gold: dict[str, dict[str, list[str]]] = json.loads(self.gold_file.read_text(encoding="utf-8"))
        return gold

    def files(self) -> list[Path]:
        return [self.articles / f"{stem}.md" for stem in sorted(self.gold())]


CONLL_DEV = DevSet("conll-dev", SHARED / "conll-dev" / "articles", SHARED / "conll-dev" / "gold.json")
REUTERS_40 = DevSet(
    "reuters-40", SHARED / "reuters-dev" / "articles", ROOT / "tests" / "gold" / "reuters-entities.json"
)
SETS = (CONLL_DEV, REUTERS_40)


def product_entities(dev: DevSet, workdir: Path) -> dict[str, list[Reported]]:
    """What the product reports for each article of the set, indexed from scratch (the
    set's files are copied to a folder of their own: a set may be part of a larger one)."""
    corpus, index_dir = workdir / "articles", workdir / "ix"
    corpus.mkdir()
    for path in dev.files():
        shutil.copy(path, corpus / path.name)
    build_index(corpus, index_dir)
    with Library.open(index_dir) as library:
        return {
            article.id: [Reported(r.name, r.type, tuple(r.aliases)) for r in library.article_entities(article.id)]
            for article in library.articles()
        }


def raw_entities(dev: DevSet) -> dict[str, list[Reported]]:
    """The model's own spans over each article's title and body: one entity per distinct
    (text, type), no cleaning, no resolution."""
    articles = [read_article(path, path.stem) for path in dev.files()]
    nlp = ner.pipeline()
    found: dict[str, list[Reported]] = {}
    for article in articles:
        spans = {
            (ent.text, LABEL_TYPES[ent.label_])
            for text in (article.title, article.body)
            for ent in nlp(text).ents
            if ent.label_ in LABEL_TYPES
        }
        found[article.id] = [Reported(text, kind) for text, kind in sorted(spans)]
    return found


def evaluate(dev: DevSet) -> Scores:
    with tempfile.TemporaryDirectory(prefix="explorer-eval-") as workdir:
        return score(product_entities(dev, Path(workdir)), dev.gold())


def table(rows: Iterable[tuple[str, Scores]]) -> str:
    lines = [
        "| set | system | type | precision | recall | F1 |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    for system, scores in rows:
        lines += [f"| {system} | {kind} | {p:.3f} | {r:.3f} | {f:.3f} |" for kind, p, r, f in scores.table()]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="make eval", description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--write", action="store_true", help=f"write the figures into {REPORT.name}")
    parser.add_argument("--errors", type=int, default=0, metavar="N", help="print N wrong and N missed names")
    parser.add_argument("--no-baseline", action="store_true", help="skip the raw-model baseline")
    parser.add_argument("--only", choices=[dev.name for dev in SETS], help="one set only")
    args = parser.parse_args(argv)
    rows: list[tuple[str, Scores]] = []
    for dev in SETS:
        if args.only not in (None, dev.name):
            continue
        if not dev.gold_file.is_file():
            print(f"make eval: {dev.gold_file} is missing", file=sys.stderr)
            return 2
        product = evaluate(dev)
        rows.append((f"{dev.name} | explorer", product))
        if not args.no_baseline:
            rows.append((f"{dev.name} | raw en_core_web_sm", score(raw_entities(dev), dev.gold())))
        if args.errors:
            print(f"\n{dev.name} wrong:", *product.wrong[: args.errors], sep="\n  ")
            print(f"\n{dev.name} missed:", *product.missed[: args.errors], sep="\n  ")
    report = table(rows)
    print(report)
    if args.write:
        _write(report)
    return 0


def _write(report: str) -> None:
    write_block(REPORT, "entities", report)


def write_block(path: Path, name: str, text: str) -> None:
    """Put `text` between the markers of block `name` in the file at `path` (added at its end
    the first time)."""
    content = path.read_text(encoding="utf-8") if path.exists() else ""
    start, end = f"<!-- {name}:start -->", f"<!-- {name}:end -->"
    block = f"{start}\n{text}\n{end}"
    if start in content and end in content:
        content = content[: content.index(start)] + block + content[content.index(end) + len(end) :]
    else:
        content += ("\n" if content else "") + block + "\n"
    path.write_text(content, encoding="utf-8")


if __name__ == "__main__":
    sys.exit(main())
