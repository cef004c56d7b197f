"""Articles the index holds before all their work is done.

A new article is written in two passes: its text first, searchable at once, then its
names, once NER has read it (the slow part). Between the two it carries `pending:names`,
so that a run stopped between them is finished by the next, and the app can say how far
the names have got."""

from __future__ import annotations

from whoosh.fields import ID
from whoosh.searching import Searcher

PENDING_FIELD = "pending"  # indexed, not stored; added to an index written before it on its next update
PENDING_SPEC = ID()
NAMES = "names"


def waiting_for_names(searcher: Searcher) -> list[int]:
    """The document numbers of the articles whose names are not found yet, in the order
    they were written."""
    if PENDING_FIELD not in searcher.schema:
        return []
    return sorted(searcher.document_numbers(**{PENDING_FIELD: NAMES}))
