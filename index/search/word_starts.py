"""The indexed words a start of a word fits, remembered for the reader they were read from.

Whoosh finds them by seeking the start in every segment's term table, and a merge-sort of
what each yields: at 100,000 articles that is most of the time of a search while a word is
typed (`rou`, `roun`, `round`, each a start; about 60 ms a start on 19 segments). The words
that fit `round` are among those that fit `roun`, so a start already read narrows to the
next letter by a filter of its words. Kept per reader: an index that changed is a new
reader, with nothing remembered.
"""

from __future__ import annotations

import threading
import weakref
from collections import OrderedDict

from whoosh.reading import IndexReader

KEPT_STARTS = 32  # per reader: the starts of the last few words typed, in every field

_Starts = OrderedDict[tuple[str, str], list[bytes]]
_kept: weakref.WeakKeyDictionary[IndexReader, _Starts] = weakref.WeakKeyDictionary()
_lock = threading.Lock()  # the app searches on one worker thread while another finds snippets


def words_starting(reader: IndexReader, fieldname: str, start: str) -> list[bytes]:
    """Every indexed word of the field that begins with `start`, in order (as
    `reader.expand_prefix`), narrowed from the words of a shorter start when one was read."""
    with _lock:
        kept = _kept.setdefault(reader, OrderedDict())
        shorter = next((kept[key] for n in range(len(start), 0, -1) if (key := (fieldname, start[:n])) in kept), None)
    if shorter is None:
        found = list(reader.expand_prefix(fieldname, start))
    else:
        wanted = reader.schema[fieldname].to_bytes(start)
        found = [word for word in shorter if word.startswith(wanted)]
    if not start:  # the whole vocabulary (a fuzzy word that keeps no letter): not kept
        return found
    with _lock:
        kept[(fieldname, start)] = found
        kept.move_to_end((fieldname, start))
        while len(kept) > KEPT_STARTS:
            kept.popitem(last=False)
    return found
