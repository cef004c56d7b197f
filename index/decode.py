"""Turn a file's bytes into text: UTF-8 when it is, else the legacy encoding it most
likely is (charset-normalizer), with mojibake repaired (ftfy)."""

from __future__ import annotations

from dataclasses import dataclass

import ftfy
from charset_normalizer import from_bytes

from index.errors import ArticleError

_CONTROL = set(range(0, 9)) | {11, 12} | set(range(14, 32)) | {127}
_BINARY_SHARE = 0.1  # of the first bytes being control characters: not text


@dataclass(frozen=True)
class Decoded:
    text: str
    note: str | None = None  # how the text was recovered, when it needed recovering


def decode(data: bytes) -> Decoded:
    head = data[:8192]
    if b"\x00" in head and not head.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise ArticleError("binary file, not text")
    if head and sum(byte in _CONTROL for byte in head) / len(head) > _BINARY_SHARE:
        raise ArticleError("binary file, not text")
    try:
        text, note = data.decode("utf-8-sig"), None
    except UnicodeDecodeError:
        text, note = _legacy(data)
    fixed = ftfy.fix_encoding(text)  # mojibake only: quotes and spacing stay as written
    if fixed != text and note is None and _had_mojibake(text, fixed):
        note = "mojibake repaired"
    return Decoded(fixed, note)


def _legacy(data: bytes) -> tuple[str, str]:
    # Mostly-ASCII text with a few other bytes is, in news, nearly always Windows-1252
    # (curly quotes, accents); detectors guess wildly on so little evidence.
    try:
        western = data.decode("cp1252")
    except UnicodeDecodeError:
        western = None
    if western is not None and _mostly_ascii_letters(western):
        return western, "decoded from cp1252"
    best = from_bytes(data).best()
    if best is None:
        raise ArticleError("binary file, or text in an encoding that cannot be recognised")
    return str(best), f"decoded from {best.encoding}"


def _mostly_ascii_letters(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return bool(letters) and sum(c.isascii() for c in letters) / len(letters) >= 0.75


def _had_mojibake(before: str, after: str) -> bool:
    """ftfy also normalises quotes and spacing; only call it mojibake when it was."""
    return ftfy.badness.is_bad(before) and not ftfy.badness.is_bad(after)
