"""Names that mean the same entity but share no spelling: abbreviations, short forms.

Each canonical name lists the variants news text uses for it. This table is data, not
per-file rules: it holds for any article that uses these names.
"""

from __future__ import annotations

ALIASES: dict[str, tuple[str, ...]] = {
    "United States": ("U.S.", "US", "U.S.A.", "USA", "America", "United States of America", "the States"),
    "United Kingdom": ("U.K.", "UK", "Britain", "Great Britain"),
    "European Union": ("EU", "E.U."),
    "United Nations": ("UN", "U.N."),
    "Soviet Union": ("USSR", "U.S.S.R.", "the Soviet Union"),
    "Russia": ("Russian Federation",),
    "NATO": ("North Atlantic Treaty Organization", "Nato"),
    "United Arab Emirates": ("UAE", "U.A.E."),
    "Democratic Republic of the Congo": ("DRC", "DR Congo"),
    "Federal Bureau of Investigation": ("FBI",),
    "Central Intelligence Agency": ("CIA",),
    "International Monetary Fund": ("IMF",),
    "World Health Organization": ("WHO",),
    "Organization of American States": ("OAS",),
    "Organization of the Petroleum Exporting Countries": ("OPEC",),
    "National Security Agency": ("NSA",),
    "Defense Intelligence Agency": ("DIA",),
}
