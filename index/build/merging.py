"""How the segments of the index are merged when a pass replaces documents.

The names pass writes each article again, whole, over the copy the text pass wrote. In
Whoosh a replaced document stays in its segment, marked deleted, until the segment is
merged, and the segment's total field lengths (which BM25 divides by) still count it: an
index whose articles were all replaced once would rank as if every article were twice as
long as it is. So, at each commit of that pass, a segment with no live document left is
dropped without being read; one the text pass wrote waits until that is so; and any other
with a large share of replaced documents is merged (its live documents copied into the new
segment); the rest is merged as Whoosh merges by default. Merge policies are Whoosh's own
extension point (`commit(mergetype=...)`).
"""

from __future__ import annotations

from typing import Any

from whoosh.reading import SegmentReader
from whoosh.writing import MERGE_SMALL

from index.search.pending import NAMES, PENDING_FIELD

REPLACED_SHARE = 0.2  # replaced documents in a segment past which it is merged
# Segments the text pass lets stand before it merges as Whoosh does. Each one it writes is
# replaced whole by the names pass, which drops it unread, so merging them was wasted: it
# was over half of a 10,000-article text pass. Commits come at most every COMMIT_EVERY
# articles or COMMIT_SECONDS, so a 100,000-article pass writes well under this many.
TEXT_PASS_SEGMENTS = 100


def merge_when_many(writer: Any, segments: list[Any]) -> list[Any]:
    """The text pass's merge policy: none, until the index has TEXT_PASS_SEGMENTS segments."""
    if len(segments) < TEXT_PASS_SEGMENTS:
        return segments
    result: list[Any] = MERGE_SMALL(writer, segments)
    return result


def merge_replaced(writer: Any, segments: list[Any]) -> list[Any]:
    """The segments that stay as they are; those merged are added to `writer`. A segment
    the text pass wrote is left alone until the names pass has replaced all of it, then
    dropped: merging it before would copy articles this pass is about to write again (at
    100k, the pass spent minutes copying them while its NER workers waited)."""
    kept, waiting = [], []
    for segment in segments:
        replaced, count = segment.deleted_count(), segment.doc_count_all()
        if replaced == count:
            continue  # nothing live in it
        if _written_waiting(writer, segment):
            waiting.append(segment)
            continue
        if replaced > count * REPLACED_SHARE:
            reader = SegmentReader(writer.storage, writer.schema, segment)
            writer.add_reader(reader)
            reader.close()
            continue
        kept.append(segment)
    result: list[Any] = MERGE_SMALL(writer, kept)
    return waiting + result


# Whether each segment, by id, was written with every article waiting for its names. A
# segment's documents never change once written (only which are deleted), so it is asked once.
_WAITING: dict[str, bool] = {}


def _written_waiting(writer: Any, segment: Any) -> bool:
    found = _WAITING.get(segment.segment_id())
    if found is None:
        if PENDING_FIELD not in writer.schema:  # an index from before the two passes
            return False
        reader = SegmentReader(writer.storage, writer.schema, segment)
        try:
            found = reader.doc_frequency(PENDING_FIELD, NAMES) == segment.doc_count_all()
        finally:
            reader.close()
        _WAITING[segment.segment_id()] = found
    return found
