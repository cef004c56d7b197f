"""The Whoosh schema: which fields exist, how their text is analysed."""

from __future__ import annotations

from whoosh.analysis import Analyzer
from whoosh.fields import DATETIME, ID, STORED, TEXT, Schema

from index.search.analysis import FoldingAnalyzer
from index.search.pending import PENDING_FIELD, PENDING_SPEC

FORMAT_VERSION = 6  # 2: entity mentions; 3: body term vectors; 4: file hashes for multi-article files;
# 5: mentions cut to their names, with origin and gazetteer kind; 6: unstemmed sub-fields

# Fields a bare word searches, and how much a match in each counts.
DEFAULT_FIELDS = {"title": 3.0, "dek": 1.5, "body": 1.0, "authors": 1.0, "source": 0.5}
# Each stemmed field's unstemmed twin: a word matches its exact form there, so exact forms
# rank above forms that only share the stem, and a name can match its exact form alone
# (the Porter stem of 'Federer' is the stem of 'federal' and 'federation').
EXACT_FIELDS = {"title": "title_exact", "dek": "dek_exact", "body": "body_exact"}
# A word found as typed counts this many times what its stem found in the same field does:
# enough that an article with the word as typed outranks any with only other forms of it
# (BM25 keeps one term's score within a factor of about 22 across field weights and
# lengths, and a form is never more common than its stem).
EXACT_BOOST = 25.0
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


def stemming_analyzer() -> Analyzer:
    """Words folded to lower case without accents (Guaidó = Guaido), then stemmed."""
    return FoldingAnalyzer(stop=True, stem=True)


def folding_analyzer() -> Analyzer:
    """Whole words, lower case, accents folded: names, sources, spelling suggestions."""
    return FoldingAnalyzer(stop=False, stem=False)


def exact_analyzer() -> Analyzer:
    """As the stemming analyzer, but words keep their form: 'federer' stays 'federer'."""
    return FoldingAnalyzer(stop=True, stem=False)


def build_schema() -> Schema:
    stem = stemming_analyzer()
    fold = folding_analyzer()
    exact = exact_analyzer()
    return Schema(
        id=ID(stored=True, unique=True),
        title=TEXT(analyzer=stem, stored=True),
        dek=TEXT(analyzer=stem, stored=True),
        body=TEXT(analyzer=stem, stored=True, vector=True),
        title_exact=TEXT(analyzer=exact, phrase=False),
        dek_exact=TEXT(analyzer=exact, phrase=False),
        body_exact=TEXT(analyzer=exact, phrase=False),
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
        **{PENDING_FIELD: PENDING_SPEC},
    )
