"""Paper and author ids as stable strings, whatever a spreadsheet did to them."""

from __future__ import annotations

import re

_SCI = re.compile(r"^[+-]?\d+(?:\.\d+)?[eE][+-]?\d+$")
_FLOAT_INT = re.compile(r"^\d+\.0+$")


def canonical_id(value: object) -> str:
    """The comparison key of an id.

    Spreadsheets turn ``3608`` into ``3608.0`` or ``3.608E+03`` and drop
    leading zeros, so an all-digit id is compared as a number.  Other ids
    (``~Jane_Doe1``, ``P-017``) are kept as they are, trimmed.
    """
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    text = str(value).strip()
    if _SCI.match(text):
        number = float(text)
        if number.is_integer():
            return str(int(number))
    if _FLOAT_INT.match(text):
        text = text.split(".")[0]
    if text.isdigit():
        return str(int(text))
    return text
