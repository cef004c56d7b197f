"""Name the publisher of a page from what the page says about itself.

A page names its publisher in many ways: an opinion disclaimer, a copyright line, a
banner acronym, a promo blurb in the footer, its URL. `KNOWN` maps the forms that
large outlets print (legal entity names, domains, acronyms) to the name readers know.
"""

from __future__ import annotations

import re
from urllib.parse import urlparse

KNOWN: dict[str, tuple[str, ...]] = {
    "Associated Press": ("AP", "The Associated Press", "apnews.com"),
    "BBC News": ("BBC", "British Broadcasting Corporation", "bbc.com", "bbc.co.uk"),
    "Bloomberg": ("Bloomberg L.P.", "Bloomberg News", "Bloomberg Content", "bloomberg.com"),
    "CBS News": ("CBS Interactive", "CBS Broadcasting", "cbsnews.com"),
    "CNN": ("Cable News Network", "cnn.com"),
    "Financial Times": ("The Financial Times", "FT", "ft.com"),
    "NBC News": ("NBCUniversal", "nbcnews.com"),
    "Reuters": ("Thomson Reuters", "reuters.com"),
    "The Guardian": ("Guardian News & Media", "Guardian News and Media", "theguardian.com"),
    "The Moscow Times": ("themoscowtimes.com",),
    "The New York Times": ("The New York Times Company", "New York Times", "nytimes.com"),
    "The Washington Post": ("Washington Post", "washingtonpost.com"),
    "Agence France-Presse": ("AFP", "afp.com"),
    "Al Jazeera": ("aljazeera.com",),
}

_CORPORATE_SUFFIX = re.compile(
    r"[,\s]+(?:Inc|Incorporated|LLC|L\.L\.C|Ltd|Limited|Corp|Corporation|Co|GmbH|S\.A|PLC|L\.P)\.?$",
    re.IGNORECASE,
)
# Words that name an outlet wherever they stand ("CBS News", "Kyiv Independent Media")...
_OUTLET_WORDS = re.compile(
    r"\b(?:News|Times|Journal|Herald|Tribune|Gazette|Daily|Weekly|Media|Agency|Network|Radio|TV|"
    r"Television|Magazine|Review|Wire|Telegraph|Chronicle|Newspaper|Broadcasting)\b"
)
# ...and words that are also surnames (Bill Press, Emily Post): outlets only with more context.
_SURNAME_OUTLET_WORDS = re.compile(r"\b(?:Post|Press|Guardian|Observer|Mirror|Star|Sun|Courier)\b")


def _key(name: str) -> str:
    return re.sub(r"[^a-z0-9]", "", name.lower())


_ALIASES = {_key(alias): canonical for canonical, aliases in KNOWN.items() for alias in (canonical, *aliases)}


def canonical_publisher(name: str) -> str:
    """The name readers know for a publisher named `name` (a legal name, domain or acronym)."""
    name = name.strip().strip(".,;:").strip()
    if not name:
        return name
    for candidate in (name, _CORPORATE_SUFFIX.sub("", name)):
        known = _ALIASES.get(_key(candidate))
        if known:
            return known
    return _CORPORATE_SUFFIX.sub("", name)


def is_known(name: str) -> bool:
    return _key(_CORPORATE_SUFFIX.sub("", name)) in _ALIASES or _key(name) in _ALIASES


def looks_like_outlet(name: str) -> bool:
    """True for names such as 'CBS News' or 'Reuters' that credit an outlet, not a person."""
    if is_known(name) or _OUTLET_WORDS.search(name):
        return True
    if not _SURNAME_OUTLET_WORDS.search(name):
        return False
    words = name.split()
    # 'The Baltic Courier', 'AP Press', 'Denver Evening Post' are outlets; 'Bill Press' is a person.
    return words[0].lower() == "the" or words[0].isupper() or len(words) >= 3


def from_url(url: str) -> str | None:
    """The publisher a URL belongs to: a known outlet, else the site's name made readable."""
    host = (urlparse(url).hostname or "").lower().removeprefix("www.")
    if not host:
        return None
    parts = host.split(".")
    for start in range(len(parts) - 1):
        known = _ALIASES.get(_key(".".join(parts[start:])))
        if known:
            return known
    return _site_name(parts).capitalize()


def _site_name(parts: list[str]) -> str:
    """'example' from news.example.com or example.co.uk."""
    if len(parts) > 2 and len(parts[-1]) == 2 and len(parts[-2]) <= 3:
        return parts[-3]
    return parts[-2] if len(parts) > 1 else parts[0]


def expand_acronym(acronym: str, text: str) -> str | None:
    """Find what an acronym such as 'RSN' stands for in the page's own text."""
    letters = acronym.replace(".", "")
    if not (2 <= len(letters) <= 6 and letters.isupper()):
        return None
    word = r"[A-Z][\w'&-]*"
    gap = r"(?:\s+(?:of|to|for|the|and|on|in|de|la|du|des|del|y|et)\b)*\s+"
    pattern = re.compile(r"\b" + gap.join(f"(?={letter}){word}" for letter in letters) + r"\b")
    match = pattern.search(text)
    return match.group(0) if match else None
