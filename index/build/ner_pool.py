"""spaCy's `nlp.pipe` on two cores, in worker processes (`worker_processes`) that load the
model once each. Texts go out in batches of the serial path's size and come back as Docs
in the order given, so the result is the serial path's, batch for batch."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from itertools import islice
from typing import TYPE_CHECKING, TypeVar

from index.build.worker_processes import Processes, serve

if TYPE_CHECKING:  # spaCy loads in the workers, and in the parent only to rebuild their Docs
    from spacy.tokens import Doc
    from spacy.vocab import Vocab

Context = TypeVar("Context")


def pipe(
    items: Iterable[tuple[str, Context]], vocab: Vocab, *, processes: int = 2, batch_size: int = 64
) -> Iterator[tuple[Doc, Context]]:
    """(Doc, context) for each (text, context), in the order given, parsed by `processes`
    workers; the Docs are rebuilt on `vocab` (the parent's pipeline's)."""
    from spacy.tokens import Doc  # at run time too, not only for the type checker

    remaining = iter(items)
    batches = iter(lambda: list(islice(remaining, batch_size)), [])
    with Processes[list[Context]]("index.build.ner_pool", processes, "an NER worker") as workers:
        for batch in batches:
            for docs, contexts in workers.submit([text for text, _ in batch], [context for _, context in batch]):
                yield from _rebuilt(docs, contexts, vocab, Doc)
        for docs, contexts in workers.drain():
            yield from _rebuilt(docs, contexts, vocab, Doc)


def _rebuilt(docs: list[bytes], contexts: list[Context], vocab: Vocab, doc: type[Doc]) -> Iterator[tuple[Doc, Context]]:
    for data, context in zip(docs, contexts, strict=True):
        yield doc(vocab).from_bytes(data), context


def _ner() -> Callable[[list[str]], list[bytes]]:
    from index.entities.ner import pipeline

    nlp = pipeline()
    return lambda texts: [doc.to_bytes(exclude=["tensor"]) for doc in nlp.pipe(texts, batch_size=len(texts))]


if __name__ == "__main__":
    serve(_ner)
