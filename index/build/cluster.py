"""Reading and NER on Dask: `explorer index --workers N` and `--scheduler ADDRESS`.

Finding the names in articles is the costly stage of indexing (NER reads about 8,500
words a second on one core). Here it runs on dask.distributed workers: a local cluster of
N worker processes started for the run, or an existing cluster anywhere on the network.
The text pass sends batches of files, their bytes with them, to be parsed; the names pass
sends batches of articles for NER. A worker on another machine needs explorer installed,
but no access to the articles folder. This process stays the one writer: it takes the
results back in the order it sent them, so what it writes is what a one-process run writes.

A worker lost in the middle of a batch loses nothing: the scheduler keeps each task until
its result is in and runs it again on another worker. A batch that brings down worker
after worker (Dask's `distributed.scheduler.allowed-failures`) ends the run with one line,
as any other failure does, and the index stays as it was.
"""

from __future__ import annotations

import logging
import signal
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from contextlib import ExitStack, contextmanager
from typing import TYPE_CHECKING, TypeVar

from index.build.reading import Outcome, Upload, read_upload
from index.entities import ner
from index.entities.resolve import Mention
from index.errors import ClusterUnavailable
from index.records import Article, Workers

if TYPE_CHECKING:
    from distributed import Client, Future, LocalCluster

BATCH_FILES = 64  # files per task in the text pass (reading only: a fraction of a second)
# Articles per task in the names pass: about a second of NER at most, so that a lost worker
# costs little and Ctrl-C ends the run at once (a worker told to close waits up to 4 s for the
# task it runs). Eight articles, and fewer when they are long: a task stops at about 40,000
# characters. Tasks of up to 64 short articles were tried: no clear gain on two workers
# (BENCHMARKS.md), and a Ctrl-C under load outlasted its 5 s.
BATCH_ARTICLES = 8
BATCH_CHARS = 40_000
BATCH_BYTES = 2**20  # and at most about this many bytes of them (one file may be more)
IN_FLIGHT = 3  # batches per worker at a time: one running, the next ones already there
In = TypeVar("In")
Out = TypeVar("Out")
CONNECT_WAIT = 10  # seconds to reach a scheduler before saying it cannot be reached
WORKERS_ASKED_EVERY = 1.0  # seconds
INTERRUPT_POLL = 0.1  # seconds between looks at whether Ctrl-C was pressed, while a batch is awaited


class Cluster:
    """A Dask client for one indexing run, and the local cluster it started, if any: all of
    it closed (the workers stopped) when the run ends, for whatever reason."""

    def __init__(self, workers: Workers) -> None:
        from distributed import Client  # heavy, and only for runs on Dask

        self._stack = ExitStack()
        self._interrupted = False
        self._counted: tuple[float, int] | None = None  # when the workers were last counted, and how many
        try:
            self._stack.enter_context(self._interrupts_noted())
            if workers.scheduler is None:
                cluster = self._stack.enter_context(_local_cluster(workers.processes))
                self.client = self._stack.enter_context(Client(cluster, set_as_default=False))  # type: ignore[no-untyped-call]
                self.where = f"{workers.processes} local Dask workers"
            else:
                self.client = self._stack.enter_context(_client_of(workers.scheduler))
                self.where = f"the Dask cluster at {workers.scheduler}"
        except BaseException:
            self._stack.close()
            raise

    def workers(self) -> int:
        """How many workers the cluster has, asked of the scheduler at most once a second:
        each ask is a round trip that takes CPU from the workers on a small machine, and
        it was made for every batch sent."""
        now = time.monotonic()
        if self._counted is None or now - self._counted[0] >= WORKERS_ASKED_EVERY:
            self._counted = (now, len(self.client.scheduler_info(n_workers=-1)["workers"]))
        return self._counted[1]

    def outcomes(self, items: Iterable[Upload | Outcome]) -> Iterator[Outcome]:
        """Each file's outcome, in the order given."""
        yield from self._in_order(read_batch, _batches(items))

    def names(self, articles: Iterable[Article]) -> Iterator[tuple[Article, list[Mention]]]:
        """Each article with the names found in it, in the order given."""
        sent: deque[list[Article]] = deque()

        def batches() -> Iterator[list[Article]]:
            for batch in _article_batches(articles):
                sent.append(batch)
                yield batch

        for mentions in self._in_order(find_names, batches()):
            yield sent[0].pop(0), mentions
            if not sent[0]:
                sent.popleft()

    def _in_order(self, task: Callable[[list[In]], list[Out]], batches: Iterable[list[In]]) -> Iterator[Out]:
        """The task's results for each batch, in the order the batches come, with a few
        batches per worker sent ahead."""
        pending: deque[Future[list[Out]]] = deque()
        for batch in batches:
            pending.append(self.client.submit(task, batch, pure=False))
            if len(pending) >= IN_FLIGHT * max(1, self.workers()):
                yield from self._result(pending.popleft())
        while pending:
            yield from self._result(pending.popleft())

    def _result(self, future: Future[list[Out]]) -> list[Out]:
        # Waited for here, not in `result(timeout=)`: Dask's timed wait can lose a result
        # that comes in just as it times out (it raised UnboundLocalError here).
        done = threading.Event()
        future.add_done_callback(lambda _: done.set())  # type: ignore[no-untyped-call]
        while not done.wait(INTERRUPT_POLL):
            self._stop_if_interrupted()
        self._stop_if_interrupted()
        return future.result()

    @contextmanager
    def _interrupts_noted(self) -> Iterator[None]:
        """Ctrl-C is noted, and raised where this process waits for a batch (or when the
        cluster closes). Dask's scheduler runs in this process, and its garbage-collector
        callbacks swallow a KeyboardInterrupt raised inside them: Ctrl-C seemed to do
        nothing."""
        if threading.current_thread() is not threading.main_thread():
            yield
            return

        def note(signum: int, frame: object) -> None:
            self._interrupted = True

        previous = signal.signal(signal.SIGINT, note)
        try:
            yield
        finally:
            signal.signal(signal.SIGINT, previous)

    def _stop_if_interrupted(self) -> None:
        if self._interrupted:
            self._interrupted = False
            raise KeyboardInterrupt

    def close(self) -> None:
        self._stack.close()
        self._stop_if_interrupted()  # a Ctrl-C after the last batch came in

    def __enter__(self) -> Cluster:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class Workplace:
    """Where a run's costly work goes: here, or a Dask cluster started when a pass first
    needs it and shared by both passes (a local cluster takes seconds to start, and each
    worker loads the model once); closed with the run."""

    def __init__(self, workers: Workers | None, step: Callable[[str], None]) -> None:
        self.workers = workers
        self._step = step
        self._cluster: Cluster | None = None

    @property
    def on_dask(self) -> bool:
        return self.workers is not None and self.workers.on_dask

    @property
    def alone(self) -> bool:
        """This process alone was asked for (`--workers 1`)."""
        return self.workers is not None and not self.workers.on_dask

    @property
    def may_fork(self) -> bool:
        """Nothing was asked: a big pass may take processes of its own on this machine."""
        return self.workers is None

    def cluster(self) -> Cluster:
        assert self.workers is not None
        if self._cluster is None:
            self._step(cluster_starting(self.workers))
            self._cluster = Cluster(self.workers)
        return self._cluster

    def close(self) -> None:
        if self._cluster is not None:
            cluster, self._cluster = self._cluster, None
            cluster.close()


def cluster_starting(workers: Workers) -> str:
    """The step before the first batch is sent, named for people."""
    if workers.scheduler:
        return f"connecting to the Dask scheduler at {workers.scheduler}"
    return f"starting {workers.processes} Dask workers"


# Two of Dask's defaults cost NER dearly, so a local cluster is started without them (and a
# cluster of the user's own is told how in README):
# - its workers sample their own stacks every 10 ms for the dashboard's profile; on spaCy's
#   deep stacks that took close to half of each task's time here (24.5 s against 14.2 s for
#   200 files on one worker);
# - its nannies start each worker with MALLOC_TRIM_THRESHOLD_=65536, which hands freed memory
#   back to the system at once: spaCy allocates and frees arrays for every batch, and took a
#   fault for each page again, 23% more time for the same articles (16.3 s against 13.3 s,
#   sys time 3.2 s against 0.5 s). Unset (None), a worker allocates as a plain process does.
# And the event loops of the scheduler (in this process) and of each worker wake less often to
# watch themselves: every 20 ms to time their own lag, every 0.5 s to read the system's load.
# On two cores that took a core-second in each 17 s of NER from the workers; only the
# dashboard and the warnings of a stalled loop read them.
QUIET_WORKERS = {
    "distributed.worker.profile.enabled": False,
    "distributed.nanny.pre-spawn-environ.MALLOC_TRIM_THRESHOLD_": None,
    "distributed.admin.tick.interval": "1s",
    "distributed.admin.system-monitor.interval": "5s",
}


def _local_cluster(processes: int) -> LocalCluster:
    import dask
    from distributed import LocalCluster

    try:
        with dask.config.set(QUIET_WORKERS), _interrupts_ignored():  # the workers start with both
            return LocalCluster(  # type: ignore[no-untyped-call]
                n_workers=processes,
                threads_per_worker=1,  # spaCy keeps one core busy per process; more threads only contend
                processes=True,
                # The scheduler serves HTTP whatever is asked (8787 unless told): a free port on
                # this machine only, so that no other cluster's port brings a warning.
                dashboard_address="127.0.0.1:0",
                silence_logs=logging.CRITICAL,  # the progress display and its one-line errors are the user's view
            )
    except Exception as error:  # Dask raises many kinds when processes or ports are refused
        raise ClusterUnavailable(f"could not start {processes} Dask workers ({_reason(error)})") from None


@contextmanager
def _interrupts_ignored() -> Iterator[None]:
    """Ctrl-C in the terminal reaches every process of the run; the workers are started
    ignoring it (an ignored signal stays ignored in a new interpreter), so that only this
    process stops, says so in one line and closes the cluster, and no worker prints a
    traceback of its own."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)


def _client_of(scheduler: str) -> Client:
    from distributed import Client
    from distributed.comm.addressing import get_address_host_port

    try:
        # Checked before a Client exists: one that fails on a malformed address while being
        # built waits 20 s to close when it is collected, then prints a traceback.
        get_address_host_port(scheduler)
    except ValueError as error:
        raise ClusterUnavailable(f"cannot reach the Dask scheduler at {scheduler} ({_reason(error)})") from None
    try:
        return Client(scheduler, timeout=CONNECT_WAIT, set_as_default=False)  # type: ignore[no-untyped-call]
    except (OSError, TimeoutError, ValueError) as error:
        raise ClusterUnavailable(f"cannot reach the Dask scheduler at {scheduler} ({_reason(error)})") from None


def _reason(error: Exception) -> str:
    return str(error).strip().split("\n")[0][:120] or error.__class__.__name__


def _batches(items: Iterable[Upload | Outcome]) -> Iterator[list[Upload | Outcome]]:
    """Consecutive runs of files, each at most BATCH_FILES and about BATCH_BYTES. A file
    that could not be read travels with its batch, so that every outcome comes back in
    the order the files were found."""
    batch: list[Upload | Outcome] = []
    size = 0
    for item in items:
        batch.append(item)
        size += len(item.data) if isinstance(item, Upload) else 0
        if len(batch) >= BATCH_FILES or size >= BATCH_BYTES:
            yield batch
            batch, size = [], 0
    if batch:
        yield batch


def _article_batches(articles: Iterable[Article]) -> Iterator[list[Article]]:
    """Consecutive runs of articles, each at most BATCH_ARTICLES and about BATCH_CHARS of
    text (one long article may be more)."""
    batch: list[Article] = []
    size = 0
    for article in articles:
        batch.append(article)
        size += len(article.title) + len(article.dek) + len(article.body)
        if len(batch) >= BATCH_ARTICLES or size >= BATCH_CHARS:
            yield batch
            batch, size = [], 0
    if batch:
        yield batch


def read_batch(batch: list[Upload | Outcome]) -> list[Outcome]:
    """A worker's task in the text pass: read each file of the batch."""
    return [item if isinstance(item, Outcome) else read_upload(item) for item in batch]


def find_names(articles: list[Article]) -> list[list[Mention]]:
    """A worker's task in the names pass: the names in each article (the model is loaded
    once per worker process)."""
    return [mentions for _, mentions in ner.extract(articles)]
