"""The one gate between text from files (titles, bodies, names, paths) and a terminal.

An article is untrusted input: a title holding `ESC ]52;…` would write the user's
clipboard, `ESC [2J` would clear the screen, a right-to-left override would show
`exe.txt` as `txt.exe`. Every piece of file text shown by the CLI or the app goes
through `printable` first; the app also never parses such text as markup.

The rule: each control character becomes one visible character, never nothing.
- Visible, so that a reader sees that something was there (a silently dropped
  override or escape would hide that the file was tampered with).
- One character for one, so that offsets into the text (entity mentions, search
  matches, snippet marks) still point at the same words after the change.
C0 controls and DEL become their Unicode control pictures (ESC shows as ␛); C1
controls, bidi embeddings/overrides/isolates and lone surrogates (undecodable bytes
in a file name) have no picture and become the replacement character �.
Newlines and tabs are layout, not controls, and stay.
"""

from __future__ import annotations

import json

REPLACEMENT = "\ufffd"
_KEPT = {"\n", "\t"}
_C0 = {code: chr(0x2400 + code) for code in range(0x20) if chr(code) not in _KEPT}
_DEL = {0x7F: "\u2421"}
_NO_PICTURE = [
    *range(0x80, 0xA0),  # C1 controls: 0x9b is a one-byte CSI to some terminals
    *range(0x202A, 0x202F),  # bidi embeddings and overrides
    *range(0x2066, 0x206A),  # bidi isolates
    *range(0xD800, 0xE000),  # lone surrogates: os.fsdecode's stand-ins for undecodable bytes
]
_TABLE = {**_C0, **_DEL, **dict.fromkeys(_NO_PICTURE, REPLACEMENT)}
_JSON_ESCAPES = {code: f"\\u{code:04x}" for code in [0x7F, *_NO_PICTURE]}


def printable(text: str) -> str:
    """`text` with every control character shown as one visible stand-in (same length)."""
    return text.translate(_TABLE)


def json_text(value: object) -> str:
    """`value` as indented JSON that is also safe to print to a terminal.

    `json.dumps` escapes C0 controls but leaves DEL, C1, bidi controls and lone surrogates
    raw. Outside strings JSON has none of them, so escaping them as \\uXXXX keeps the same
    values for a JSON reader and keeps them away from the terminal."""
    return json.dumps(value, ensure_ascii=False, indent=2).translate(_JSON_ESCAPES)
