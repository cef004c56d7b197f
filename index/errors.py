"""Problems the user must act on; each message is one line that says what to do."""

from __future__ import annotations


class IndexProblem(Exception):
    """Base for index problems (exit code 1)."""


class IndexMissing(IndexProblem):
    pass


class IndexInvalid(IndexProblem):
    pass


class IndexBusy(IndexProblem):
    pass


class NerUnavailable(IndexProblem):
    """The NER model is not installed."""


class ArticleError(ValueError):
    """A file (or record) that holds no article; the message says why in one line."""


class ClusterUnavailable(IndexProblem):
    """The Dask cluster to index on cannot be started or reached."""


class WorkerLost(IndexProblem):
    """A worker process of this machine's indexing run died (killed, or out of memory)."""


class StateUnavailable(IndexProblem):
    """Your marks' database cannot be opened or written (a read-only or full data dir)."""
