"""Turn a file's bytes into text: UTF-8 when it is, UTF-16 or UTF-32 when a byte order
mark says so, else the legacy encoding it most likely is (charset-normalizer), with
mojibake repaired (ftfy). The text never holds a lone surrogate."""

from __future__ import annotations

import codecs
from dataclasses import dataclass

import ftfy
from charset_normalizer import from_bytes

from index.errors import ArticleError
from index.read.valid_text import valid

_CONTROL = set(range(0, 9)) | {11, 12} | set(range(14, 32)) | {127}
_CONTROL_BYTES = bytes(sorted(_CONTROL))  # deleted by bytes.translate, to count them at C speed
# Longest first: the UTF-32 LE mark begins with the UTF-16 LE one.
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_BINARY_SHARE = 0.1  # of the first bytes being control characters: not text


@dataclass(frozen=True)
class Decoded:
    text: str
    note: str | None = None  # how the text was recovered, when it needed recovering


def decode(data: bytes) -> Decoded:
    wide = _wide(data)
    if wide is not None:
        return wide
    head = data[:8192]
    if b"\x00" in head:
        raise ArticleError("binary file, not text")
    if head and (len(head) - len(head.translate(None, _CONTROL_BYTES))) / len(head) > _BINARY_SHARE:
        raise ArticleError("binary file, not text")
    try:
        text, note = data.decode("utf-8-sig"), None
    except UnicodeDecodeError:
        text, note = _legacy(data)
    fixed = ftfy.fix_encoding(text)  # mojibake only: quotes and spacing stay as written
    if fixed != text and note is None and _had_mojibake(text, fixed):
        note = "mojibake repaired"
    return Decoded(valid(fixed), note)


def _wide(data: bytes) -> Decoded | None:
    """Text in UTF-16 or UTF-32, as its byte order mark says (Windows editors save it);
    half its bytes are zeros, so it would look binary to the checks below."""
    for mark, encoding in _BOMS:
        if data.startswith(mark):
            text = data[len(mark) :].decode(encoding, errors="replace")  # a lone surrogate becomes U+FFFD
            if not text.strip():
                raise ArticleError("empty file")
            head = text[:4096]
            if sum(ord(c) in _CONTROL or c == "\ufffd" for c in head) / len(head) > _BINARY_SHARE:
                raise ArticleError("binary file, not text")
            return Decoded(valid(text), f"decoded from {encoding.removesuffix('-le').removesuffix('-be')}")
    return None


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
