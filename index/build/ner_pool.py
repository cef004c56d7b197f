"""spaCy's `nlp.pipe` on two cores, in worker processes (`worker_processes`) that load the
model once each. Texts go out in batches of the serial path's size and their names come
back in the order given, so the result is the serial path's, batch for batch.

A worker sends back the names it found, not the Doc: a Doc's bytes are about 75 KB a news
article, and making and rebuilding them cost the writer (the process every other step
waits on) 3 ms an article, with spaCy loaded in it for nothing else."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from itertools import islice
from typing import TypeVar

from index.build.worker_processes import Processes, serve
from index.entities.resolve import Mention

Context = TypeVar("Context")
Piece = tuple[str, str, int]  # a text, the part of its article it is (title, dek, body), where in it it starts


def pipe(
    items: Iterable[tuple[Piece, Context]], *, processes: int = 2, batch_size: int = 64
) -> Iterator[tuple[list[Mention], Context]]:
    """(mentions, context) for each (piece, context), in the order given, found by
    `processes` workers (`ner.doc_mentions` of each piece)."""
    remaining = iter(items)
    batches = iter(lambda: list(islice(remaining, batch_size)), [])
    with Processes[list[Context]]("index.build.ner_pool", processes, "an NER worker") as workers:
        for batch in batches:
            for found, contexts in workers.submit([piece for piece, _ in batch], [context for _, context in batch]):
                yield from zip(found, contexts, strict=True)
        for found, contexts in workers.drain():
            yield from zip(found, contexts, strict=True)


def _ner() -> Callable[[list[Piece]], list[list[Mention]]]:
    from index.entities.ner import doc_mentions, pipeline

    nlp = pipeline()

    def names(pieces: list[Piece]) -> list[list[Mention]]:
        docs = nlp.pipe(((text, (part, offset)) for text, part, offset in pieces), as_tuples=True,
                        batch_size=len(pieces))  # fmt: skip
        return [doc_mentions(doc, part, offset) for doc, (part, offset) in docs]

    return names


if __name__ == "__main__":
    serve(_ner)
