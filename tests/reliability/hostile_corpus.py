"""A folder of articles written to attack a terminal: markup and click actions in every field,
escape sequences (clipboard write, window title, clear screen), a C1 control, a bidi override,
in the title, source, authors, dek, url, body, the entity names and the file names."""

from __future__ import annotations

from pathlib import Path

import yaml

SHOT = "shot.svg"  # the file the injected app.screenshot action would write


def hostile_strings(shots: Path) -> dict[str, str]:
    """What an attacker puts into a field, by what it tries to do."""
    return {
        "closing tag": "[/]",
        "screenshot link": f"[@click=app.screenshot('{SHOT}','{shots}')]z[/]",
        "quote breakout": "')] [@click=app.quit]q[/]",
        "clipboard write (OSC 52)": "\x1b]52;c;SGVsbG8=\x07",
        "window title (OSC 0)": "\x1b]0;pwned\x1b\\",
        "clear screen (CSI 2J)": "\x1b[2J",
        "C1 CSI": "\x9b31m",
        "bidi override": "\u202etxt.exe",
    }


# Entity names the NER model reads with the hostile characters inside them.
NAMES = (
    "John Smith met officials of Acme[/] Corp and Globex\x1b]52;c;SGVsbG8= Corp in Paris on Monday. "
    "Analysts at Umbrella\x9b31m Corp in Paris said the meeting went well."
)
STORY = (
    "The central bank of Venezuela raised interest rates on Monday, said Nicolas Maduro in Caracas. "
    "Officials at the International Monetary Fund in Washington said the bank move surprised markets.\n\n"
    "Analysts in London expected the Bank of England to respond within weeks. Maduro spoke again on "
    "Tuesday and promised that the currency would recover before the end of the year.\n\n" + NAMES + "\n"
)
RELATED = (
    "Nicolas Maduro defended the central bank of Venezuela in Caracas on Friday after a week of protests. "
    "The International Monetary Fund in Washington warned that the bank could not hold the currency.\n\n" + NAMES + "\n"
)
PLAIN = (
    "Reservoirs across Catalonia have fallen below a fifth of their capacity, officials in Barcelona said.\n\n"
    "Farmers in the Ebro valley say the restrictions will cost them most of this year's harvest.\n"
)


def _write(path: Path, meta: dict, body: str) -> None:
    path.write_text("---\n" + yaml.safe_dump(meta, allow_unicode=True) + "---\n\n" + body, encoding="utf-8")


def write_corpus(folder: Path, shots: Path) -> dict[str, str]:
    """Write the hostile folder; returns {article id: the hostile string it carries}."""
    folder.mkdir(parents=True)
    carried = {}
    for number, text in enumerate(hostile_strings(shots).values()):
        article_id = f"hostile-{number}"
        meta = {
            "title": f"Bank story {number} {text}",
            "source": f"Outlet {number} {text}",
            "authors": [f"Reporter {number} {text}"],
            "dek": f"Dek {number} {text}",
            "url": f"https://example.com/{number}/{text}",
            "date": f"2024-03-{number + 1:02d}",
        }
        _write(folder / f"{article_id}.md", meta, STORY + f"\nThe last line carries {text} in the body.\n")
        carried[article_id] = text
        named = f"named-{number}-{text.replace('/', '')[:40]}"  # a file name holds no slash; a short id
        _write(folder / f"{named}.md", {"title": f"Drought {number}", "source": "Plain News"}, PLAIN)
        carried[named] = text
    everything = " ".join(hostile_strings(shots).values())
    _write(
        folder / "related.md",
        {"title": f"Protests {everything}", "source": f"Related {everything}", "date": "2024-04-01"},
        RELATED,
    )
    carried["related"] = everything
    (folder / "empty \x1b]0;pwned\x07 \x9b2J.md").write_text("")  # skipped: its name is in the summary
    return carried
