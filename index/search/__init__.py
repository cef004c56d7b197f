"""Searching: the schema, the query language, bulk scoring, filters, snippets, ordering,
and the one door into Whoosh's internals."""
