"""Swedish names of the places in Eurostat's tables (the ``geo`` codes).

Eurostat publishes labels in English (and German and French): a Swedish
report over such a table names the countries as Swedish does ("i Danmark",
not "i Denmark"). Codes are Eurostat's (``EL`` for Greece, ``UK``), with its
aggregates (``EU27_2020``, ``EA20`` …).
"""

from __future__ import annotations

import re

__all__ = ["swedish_place"]

_COUNTRIES = {
    "AL": "Albanien", "AT": "Österrike", "BA": "Bosnien och Hercegovina",
    "BE": "Belgien", "BG": "Bulgarien", "CH": "Schweiz", "CY": "Cypern",
    "CZ": "Tjeckien", "DE": "Tyskland", "DK": "Danmark", "EE": "Estland",
    "EL": "Grekland", "ES": "Spanien", "FI": "Finland", "FR": "Frankrike",
    "HR": "Kroatien", "HU": "Ungern", "IE": "Irland", "IS": "Island",
    "IT": "Italien", "LI": "Liechtenstein", "LT": "Litauen", "LU": "Luxemburg",
    "LV": "Lettland", "ME": "Montenegro", "MK": "Nordmakedonien", "MT": "Malta",
    "NL": "Nederländerna", "NO": "Norge", "PL": "Polen", "PT": "Portugal",
    "RO": "Rumänien", "RS": "Serbien", "SE": "Sverige", "SI": "Slovenien",
    "SK": "Slovakien", "TR": "Turkiet", "UK": "Storbritannien", "XK": "Kosovo",
}  # fmt: skip
_AGGREGATES = (
    (re.compile(r"^EU\d*(_\d{4})?$"), "EU"),
    (re.compile(r"^EA\d*$"), "euroområdet"),
)


def swedish_place(code: str) -> str | None:
    """Return the Swedish name of a Eurostat ``geo`` code, or ``None`` if unknown."""
    key = code.strip().upper()
    if key in _COUNTRIES:
        return _COUNTRIES[key]
    for pattern, name in _AGGREGATES:
        if pattern.match(key):
            return name
    return None
