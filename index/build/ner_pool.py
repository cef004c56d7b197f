"""spaCy's `nlp.pipe` on two cores, in worker processes that never outlive the indexer.

spaCy's own `n_process` leaves its workers running when the parent is killed, and on
Ctrl-C the parent waits for them for minutes. Here each worker is a fresh interpreter
(`python -m index.build.ner_pool`: nothing of the parent's threads or main module is copied)
that loads the model once, ignores Ctrl-C (the parent decides what happens), and dies
with its parent (Linux's PR_SET_PDEATHSIG, so even a `kill -9` of the indexer takes it
down); the parent ends the workers at once when it stops for any reason. Texts go out
in batches of the serial path's size and come back as Docs in the order given, so the
result is the serial path's, batch for batch.

The pipes carry pickles between this module and itself, never anything from outside.
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import pickle
import queue
import signal
import subprocess
import sys
import threading
from collections.abc import Callable, Iterable, Iterator
from itertools import islice
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

if TYPE_CHECKING:  # spaCy loads in the workers, and in the parent only to rebuild their Docs
    from spacy.tokens import Doc
    from spacy.vocab import Vocab

Context = TypeVar("Context")

IN_FLIGHT = 2  # batches handed to each worker at a time: one being parsed, one waiting
STOP_WAIT = 1.0  # seconds a worker is given to finish after its last batch before it is killed
_PR_SET_PDEATHSIG = 1
_PROJECT = str(Path(__file__).resolve().parents[2])  # where the `index` package is found


def pipe(
    items: Iterable[tuple[str, Context]], vocab: Vocab, *, processes: int = 2, batch_size: int = 64
) -> Iterator[tuple[Doc, Context]]:
    """(Doc, context) for each (text, context), in the order given, parsed by `processes`
    workers; the Docs are rebuilt on `vocab` (the parent's pipeline's)."""
    from spacy.tokens import Doc  # at run time too, not only for the type checker

    workers = [_start() for _ in range(processes)]
    finished = False
    try:
        remaining = iter(items)
        batches = iter(lambda: list(islice(remaining, batch_size)), [])
        waiting: list[list[Context]] = []  # contexts of the batches handed out, oldest first
        sent = 0
        while True:
            while len(waiting) < IN_FLIGHT * processes and (batch := next(batches, None)) is not None:
                _send(workers[sent % processes], [text for text, _ in batch])
                waiting.append([context for _, context in batch])
                sent += 1
            if not waiting:
                break
            # Batch n went to worker n % processes, which answers its batches in turn.
            docs = _receive(workers[(sent - len(waiting)) % processes])
            for data, context in zip(docs, waiting.pop(0), strict=True):
                yield Doc(vocab).from_bytes(data), context
        finished = True
    finally:
        _stop(workers, gently=finished)


def _start() -> subprocess.Popen[bytes]:
    environment = dict(os.environ)
    environment["PYTHONPATH"] = os.pathsep.join(filter(None, [_PROJECT, environment.get("PYTHONPATH")]))
    return subprocess.Popen(
        [sys.executable, "-m", "index.build.ner_pool"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        env=environment,
        preexec_fn=_as_worker(),
    )


def _as_worker() -> Callable[[], None]:
    """What the child does between fork and exec (both survive exec): ignore Ctrl-C, and
    ask the kernel for a SIGKILL when the parent dies. The libc call is looked up here,
    in the parent: the child between fork and exec should do as little as it can."""
    prctl = ctypes.CDLL(None, use_errno=True).prctl if sys.platform.startswith("linux") else None

    def prepare() -> None:
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        if prctl is not None:
            prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)

    return prepare


def _send(worker: subprocess.Popen[bytes], texts: list[str]) -> None:
    stdin = worker.stdin
    assert stdin is not None  # started with stdin=PIPE
    pickle.dump(texts, stdin, protocol=pickle.HIGHEST_PROTOCOL)
    stdin.flush()


def _receive(worker: subprocess.Popen[bytes]) -> list[bytes]:
    assert worker.stdout is not None  # started with stdout=PIPE
    docs: list[bytes]
    try:
        failure, docs = pickle.load(worker.stdout)
    except (EOFError, pickle.UnpicklingError):
        raise RuntimeError("an NER worker process ended unexpectedly") from None
    if failure:
        raise RuntimeError(f"an NER worker failed: {failure}")
    return docs


def _stop(workers: list[subprocess.Popen[bytes]], gently: bool) -> None:
    """After the last batch the workers are told they are done; on an interrupt or an
    error they are killed at once (they hold nothing worth keeping). None is left running."""
    for worker in workers:
        if gently and worker.stdin is not None:
            with contextlib.suppress(OSError):
                worker.stdin.close()
        else:
            worker.kill()
    for worker in workers:
        try:
            worker.wait(STOP_WAIT)
        except subprocess.TimeoutExpired:
            worker.kill()
            worker.wait()
        for stream in (worker.stdin, worker.stdout):
            if stream is not None:
                with contextlib.suppress(OSError):
                    stream.close()


def _serve() -> None:
    """A worker: parse each batch read from stdin, write back its Docs as bytes. Batches
    are read on a thread of their own, so that the parent's writes never wait on ours."""
    if os.getppid() == 1:  # the parent died before the kernel was told to follow it
        sys.exit(1)
    source, sink = sys.stdin.buffer, sys.stdout.buffer
    batches: queue.Queue[list[str] | None] = queue.Queue()

    def read() -> None:
        while True:
            try:
                batches.put(pickle.load(source))
            except (EOFError, pickle.UnpicklingError):
                batches.put(None)
                return

    threading.Thread(target=read, daemon=True).start()
    from index.entities.ner import pipeline

    nlp = pipeline()
    while (texts := batches.get()) is not None:
        answer: tuple[str | None, list[bytes] | None]
        try:
            answer = (None, [doc.to_bytes(exclude=["tensor"]) for doc in nlp.pipe(texts, batch_size=len(texts))])
        except Exception as error:  # told to the parent, which stops
            answer = (f"{error.__class__.__name__}: {error}", None)
        pickle.dump(answer, sink, protocol=pickle.HIGHEST_PROTOCOL)
        sink.flush()


if __name__ == "__main__":
    _serve()
