"""Default places on disk, following the XDG base directory spec via platformdirs."""

from __future__ import annotations

from pathlib import Path

from platformdirs import user_data_path

from index.build.corpus import corpus_key

APP_NAME = "explorer"


def default_index_dir(articles_dir: Path) -> Path:
    """One index per corpus, under the user data dir (~/.local/share/explorer/indexes/...)."""
    return user_data_path(APP_NAME, appauthor=False) / "indexes" / corpus_key(articles_dir)
