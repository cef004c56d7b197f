"""Building the index: walking the corpus, known files, the indexer, the store and its side files."""
