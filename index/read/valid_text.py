"""Text that can be stored: no lone surrogates, in any field of any article.

A lone surrogate cannot be encoded as UTF-8, and Whoosh, orjson and the terminal all
encode text as UTF-8, so one of them in one article would fail a whole run. JSON escapes
("\\ud800") and undecodable file names (which Python carries as surrogates) bring them in."""

from __future__ import annotations

import re

_SURROGATE = re.compile("[\ud800-\udfff]")
_ESCAPED_BYTE = range(0xDC80, 0xDD00)  # how Python carries an undecodable byte of a file name


def valid(text: str) -> str:
    """`text` with each lone surrogate replaced by U+FFFD."""
    return text if encodes(text) else _SURROGATE.sub("\ufffd", text)


def readable(text: str) -> str:
    """`text` fit to print: an undecodable byte of a file name shown as \\xff, so the user
    can find the file; any other lone surrogate as U+FFFD."""
    if encodes(text):
        return text
    return _SURROGATE.sub(lambda m: _shown(ord(m.group())), text)


def encodes(text: str) -> bool:
    """Whether `text` can be written as UTF-8."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def checked(fields: dict[str, object]) -> dict[str, object]:
    """`fields`, once every text among them is known to encode as UTF-8 (a Whoosh document
    is checked before Whoosh sees it, which cannot take back half a document); raises
    UnicodeEncodeError otherwise."""
    for value in fields.values():
        if isinstance(value, str):
            value.encode("utf-8")
    return fields


def _shown(code: int) -> str:
    return f"\\x{code - 0xDC00:02x}" if code in _ESCAPED_BYTE else "\ufffd"
