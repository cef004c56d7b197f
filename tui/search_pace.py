"""How long the app waits after a keystroke before it searches: as long as a search takes.

A wait saves the searches that keys typed faster than it would have cancelled, and adds
itself to the time until results show. Waiting longer than a search costs is paying more to
save less: when searches take 3 ms, an 80 ms wait is most of what a reader waits for; when
they take 60 ms, searching at every key would keep a core busy for nothing. So the wait
follows the recent searches (their median, which one slow search does not move), and never
exceeds the fixed wait the app had before. Searches that take AT_ONCE (50 ms) or less are not
waited for at all: they end before the next key of fast typing (about 100 ms apart), so
none is wasted, and a keystroke's results show in the time of one search (at 100,000
articles, a 50 ms wait was most of the 120 ms from key to list).
"""

from __future__ import annotations

import statistics
import threading
from collections import deque

LONGEST = 0.08  # seconds: the wait for a slow index, or before any search has been timed
RECENT = 8  # searches the wait follows
AT_ONCE = 0.05  # seconds: half the gap between two keys of fast typing; searches this fast run at every key


class SearchPace:
    def __init__(self, longest: float = LONGEST) -> None:
        self.longest = longest
        self._recent: deque[float] = deque(maxlen=RECENT)
        self._lock = threading.Lock()  # searches report from a worker thread; keys ask on the app's

    def took(self, seconds: float) -> None:
        """A search ran to its end in `seconds` (cancelled ones say nothing of the index)."""
        with self._lock:
            self._recent.append(seconds)

    def wait(self) -> float:
        with self._lock:
            recent = list(self._recent)
        if not recent:
            return self.longest
        typical = statistics.median(recent)
        return 0.0 if typical <= AT_ONCE else min(self.longest, typical)

    @property
    def timed(self) -> int:
        with self._lock:
            return len(self._recent)
