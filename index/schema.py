"""The Whoosh schema: which fields exist, how their text is analysed."""

from __future__ import annotations

from whoosh.analysis import CharsetFilter, LowercaseFilter, RegexTokenizer, StemFilter, StopFilter
from whoosh.fields import DATETIME, ID, STORED, TEXT, Schema
from whoosh.support.charset import accent_map

FORMAT_VERSION = 5  # 2: entity mentions; 3: body term vectors; 4: file hashes for multi-article files;
# 5: mentions cut to their names, with origin and gazetteer kind

# Fields a bare word searches, and how much a match in each counts.
DEFAULT_FIELDS = {"title": 3.0, "dek": 1.5, "body": 1.0, "authors": 1.0, "source": 0.5}
# What users type before a colon, and the field it means.
FIELD_PREFIXES = {
    "title": "title",
    "dek": "dek",
    "body": "body",
    "author": "authors",
    "authors": "authors",
    "by": "authors",
    "source": "source",
    "comments": "comments",
    "comment": "comments",
}


def stemming_analyzer():
    """Words folded to lower case without accents (Guaidó = Guaido), then stemmed."""
    return RegexTokenizer() | LowercaseFilter() | CharsetFilter(accent_map) | StopFilter() | StemFilter()


def folding_analyzer():
    """Whole words, lower case, accents folded: names, sources, spelling suggestions."""
    return RegexTokenizer() | LowercaseFilter() | CharsetFilter(accent_map)


def build_schema() -> Schema:
    stem = stemming_analyzer()
    fold = folding_analyzer()
    return Schema(
        id=ID(stored=True, unique=True),
        title=TEXT(analyzer=stem, stored=True),
        dek=TEXT(analyzer=stem, stored=True),
        body=TEXT(analyzer=stem, stored=True, vector=True),
        comments=TEXT(analyzer=stem),
        authors=TEXT(analyzer=fold, stored=True),
        source=TEXT(analyzer=fold, stored=True),
        date=DATETIME(stored=True, sortable=True),
        url=STORED,
        content_hash=ID(stored=True),
        file_hash=STORED,  # of the whole file, which may hold many articles (JSON Lines)
        path=STORED,
        record=STORED,  # the whole Article as JSON, so `show` never re-reads files
        spelling=TEXT(analyzer=fold, phrase=False),  # unstemmed words for "did you mean"
        mentions=STORED,  # raw NER mentions, resolved corpus-wide into entities.json
    )
