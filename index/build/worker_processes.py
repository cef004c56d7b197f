"""Worker processes on this machine that never outlive the indexer.

Each worker is a fresh interpreter (`python -m MODULE`: nothing of the parent's threads or
main module is copied) that ignores Ctrl-C (the parent decides what happens) and dies with
its parent (Linux's PR_SET_PDEATHSIG, so even a `kill -9` of the indexer takes it down);
the parent ends the workers at once when it stops for any reason. Work goes out in
batches, batch n to worker n % processes, and comes back in the order it was sent.
(spaCy's own `n_process` leaves its workers running when the parent is killed, and on
Ctrl-C the parent waits for them for minutes; multiprocessing's pools fork the parent.)

The pipes carry pickles between this package's modules and themselves, never anything
from outside.
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
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, Generic, TypeVar

from index.errors import WorkerLost

Context = TypeVar("Context")

IN_FLIGHT = 2  # batches handed to each worker at a time: one being worked on, one waiting
STOP_WAIT = 1.0  # seconds a worker is given to finish after its last batch before it is killed
_PR_SET_PDEATHSIG = 1
_PROJECT = str(Path(__file__).resolve().parents[2])  # where the `index` package is found


class Processes(Generic[Context]):
    """`processes` workers running `python -m module`, each answering one batch at a time.
    Used as a context manager: leaving it normally tells the workers they are done, leaving
    it on an error or an interrupt kills them."""

    def __init__(self, module: str, processes: int, what: str) -> None:
        self._what = what  # the workers' name in errors: "an NER worker"
        self._workers = [_start(module) for _ in range(processes)]
        self._waiting: list[Context] = []  # contexts of the batches handed out, oldest first
        self._sent = 0

    def __enter__(self) -> Processes[Context]:
        return self

    def __exit__(self, kind: type[BaseException] | None, *_: object) -> None:
        self.stop(gently=kind is None)

    def submit(self, payload: object, context: Context) -> Iterator[tuple[Any, Context]]:
        """Hand out one batch; (answer, context) of the oldest batches, as many as must be
        taken back first so that no worker has more than IN_FLIGHT batches. A generator: the
        batch goes out as it is iterated to its end."""
        while len(self._waiting) >= IN_FLIGHT * len(self._workers):
            yield self._oldest()
        _send(self._workers[self._sent % len(self._workers)], payload, self._what)
        self._waiting.append(context)
        self._sent += 1

    def drain(self) -> Iterator[tuple[Any, Context]]:
        """(answer, context) of every batch still out, oldest first."""
        while self._waiting:
            yield self._oldest()

    def stop(self, gently: bool) -> None:
        _stop(self._workers, gently)

    def _oldest(self) -> tuple[Any, Context]:
        worker = self._workers[(self._sent - len(self._waiting)) % len(self._workers)]
        return _receive(worker, self._what), self._waiting.pop(0)


def serve(handler: Callable[[], Callable[[Any], Any]]) -> None:
    """A worker's life: make its handler (a model loads once), then answer each batch read
    from stdin on stdout. Batches are read on a thread of their own, so that the parent's
    writes never wait on ours. A failure is told to the parent, which stops."""
    if os.getppid() == 1:  # the parent died before the kernel was told to follow it
        sys.exit(1)
    source, sink = sys.stdin.buffer, sys.stdout.buffer
    batches: queue.Queue[tuple[object] | None] = queue.Queue()

    def read() -> None:
        while True:
            try:
                batches.put((pickle.load(source),))
            except (EOFError, pickle.UnpicklingError):
                batches.put(None)
                return

    threading.Thread(target=read, daemon=True).start()
    handle = handler()
    while (batch := batches.get()) is not None:
        answer: tuple[str | None, object]
        try:
            answer = (None, handle(batch[0]))
        except Exception as error:
            answer = (f"{error.__class__.__name__}: {error}", None)
        pickle.dump(answer, sink, protocol=pickle.HIGHEST_PROTOCOL)
        sink.flush()


def _start(module: str) -> subprocess.Popen[bytes]:
    environment = dict(os.environ)
    environment["PYTHONPATH"] = os.pathsep.join(filter(None, [_PROJECT, environment.get("PYTHONPATH")]))
    return subprocess.Popen(
        [sys.executable, "-m", module],
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


def _send(worker: subprocess.Popen[bytes], payload: object, what: str) -> None:
    stdin = worker.stdin
    assert stdin is not None  # started with stdin=PIPE
    try:
        pickle.dump(payload, stdin, protocol=pickle.HIGHEST_PROTOCOL)
        stdin.flush()
    except BrokenPipeError:
        raise WorkerLost(f"{what} process ended unexpectedly") from None


def _receive(worker: subprocess.Popen[bytes], what: str) -> Any:
    assert worker.stdout is not None  # started with stdout=PIPE
    try:
        failure, answer = pickle.load(worker.stdout)
    except (EOFError, pickle.UnpicklingError):
        raise WorkerLost(f"{what} process ended unexpectedly") from None
    if failure:
        raise WorkerLost(f"{what} failed: {failure}")
    return answer


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
