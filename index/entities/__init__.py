"""Entities: NER, name resolution, aliases, the entity table and its types."""
