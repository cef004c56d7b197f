"""YAML front matter: loaded safely (no tags that build Python objects), a date that is
no real date kept as the text it is, and each field checked to be the kind of value it
should be.

Checking kinds matters beyond tidiness: YAML anchors let a few lines stand for billions
of values ("billion laughs"), which stay cheap as long as nothing turns them into text."""

from __future__ import annotations

from datetime import date

import yaml

from index.errors import ArticleError

TEXT_FIELDS = ("title", "dek", "subtitle", "description", "url", "source", "publisher", "date")
NAME_FIELDS = ("authors", "author")


# libyaml's parser when PyYAML was built with it (its wheels are): the pure-Python one was a
# third of the time spent reading a Markdown file. Both build only safe types.
_SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Loader(_SafeLoader):  # type: ignore[misc,valid-type]  # one of two classes, chosen at import
    """A safe loader, except that a timestamp that is no real date (2019-13-45) stays text."""

    def timestamp_or_text(self, node: yaml.ScalarNode) -> object:
        try:
            return self.construct_yaml_timestamp(node)
        except (ValueError, OverflowError):
            return self.construct_scalar(node)


_Loader.add_constructor("tag:yaml.org,2002:timestamp", _Loader.timestamp_or_text)


def load(source: str) -> dict[object, object] | None:
    """The front matter's fields; None when it is not a mapping (a list, a lone string).
    Raises ArticleError when it is not YAML, or a field holds the wrong kind of value."""
    try:
        meta = yaml.load(source, Loader=_Loader)  # a SafeLoader: no tag builds a Python object
    except (yaml.YAMLError, ValueError, RecursionError) as error:  # also a number too long, nesting too deep
        raise ArticleError(f"front matter is not valid YAML ({error.__class__.__name__})") from None
    if not isinstance(meta, dict):
        return None
    _check(meta)
    return meta


def _check(meta: dict[object, object]) -> None:
    for name in TEXT_FIELDS:
        value = meta.get(name)
        if value is not None and not _is_scalar(value):
            raise ArticleError(f"front matter {name} should be text, not {_kind(value)}")
    for name in NAME_FIELDS:
        value = meta.get(name)
        names = value if isinstance(value, list) else [value]
        if value is not None and not all(_is_scalar(v) for v in names):
            raise ArticleError(f"front matter {name} should be a name or a list of names, not {_kind(value)}")


def _is_scalar(value: object) -> bool:
    return isinstance(value, (str, int, float, date))


def _kind(value: object) -> str:
    if isinstance(value, dict):
        return "a mapping"
    return "a list" if isinstance(value, list) else type(value).__name__
