"""Data side of explorer: reading articles, indexing them, and searching the index."""
