"""The `explorer` command's exit codes, as README lists them."""

OK = 0  # done
FAILED = 1  # the work ran, but something failed or was skipped
USAGE = 2  # the request itself must change: a bad query, an unknown id, bad options


class UsageError(Exception):
    """A request the user must change; exit code 2."""
