"""What a searcher keeps of what it read (postings, positions), within a memory budget."""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

Key = TypeVar("Key", bound=Hashable)
Value = TypeVar("Value")


class KeptBySize(Generic[Key, Value]):
    """Values by key, least recently used first out once their sizes add up to more than
    `budget` (the newest always stays). Safe to share between threads: a value missing is
    read outside the lock, so two threads may read the same one; both get an equal value."""

    def __init__(self, budget: int, size: Callable[[Value], int]) -> None:
        self._budget, self._size = budget, size
        self._held = 0
        self._kept: OrderedDict[Key, Value] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: Key, read: Callable[[], Value]) -> Value:
        with self._lock:
            found = self._kept.get(key)
            if found is not None:
                self._kept.move_to_end(key)
                return found
        found = read()
        with self._lock:
            if key not in self._kept:
                self._kept[key] = found
                self._held += self._size(found)
            while self._held > self._budget and len(self._kept) > 1:
                _, gone = self._kept.popitem(last=False)
                self._held -= self._size(gone)
        return found
