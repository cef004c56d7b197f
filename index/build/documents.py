"""What the index is given for one article: its fields, in either pass."""

from __future__ import annotations

import json
from datetime import datetime

from index.entities.entity_table import mentions_to_json
from index.entities.resolve import Mention
from index.records import Article
from index.search.pending import NAMES, PENDING_FIELD


def to_document(article: Article, mentions: list[Mention] | None, file_hash: str) -> dict[str, object]:
    document: dict[str, object] = {
        "id": article.id,
        "title": article.title,
        "dek": article.dek,
        "body": article.body,
        "comments": "\n\n".join(c.text for c in article.comments),
        "authors": "; ".join(article.authors),
        "source": article.source,
        "url": article.url,
        "content_hash": article.content_hash,
        "file_hash": file_hash,
        "path": article.path,
        "record": json.dumps(article.to_dict(), ensure_ascii=False),
    }
    if mentions is None:  # the text pass: searchable by its words; the names pass finds it by this
        document[PENDING_FIELD] = NAMES
    else:  # the names pass writes it whole: names, the exact forms that rank, the words for did-you-mean
        document |= {
            "title_exact": article.title,
            "dek_exact": article.dek,
            "body_exact": article.body,
            "spelling": "\n".join([article.title, article.dek, article.body]),
            "mentions": mentions_to_json(mentions),
        }
    if article.date:
        document["date"] = datetime.fromisoformat(article.date)
    return document
