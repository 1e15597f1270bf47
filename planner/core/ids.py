"""Paper and author ids as stable strings, whatever a spreadsheet did to them."""

from __future__ import annotations

import re

_SCI = re.compile(r"^[+-]?\d+(?:\.\d+)?[eE][+-]?\d+$", re.ASCII)
_FLOAT_INT = re.compile(r"^\d+\.0+$", re.ASCII)


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
    if len(text) > 40:  # no spreadsheet number; and int() refuses thousands of digits
        return text
    if _SCI.match(text):
        number = float(text)
        if number.is_integer() and abs(number) < 1e16:  # beyond that Excel lost digits anyway
            return str(int(number))
    if _FLOAT_INT.match(text):
        text = text.split(".")[0]
    # ASCII digits only: "²".isdigit() is true but int("²") fails.
    if text.isascii() and text.isdigit():
        return str(int(text))
    return text


def paper_order(paper_id: str) -> tuple[int, int, str]:
    """Sort key: numeric ids in numeric order, then the rest as text."""
    if paper_id.isascii() and paper_id.isdigit():
        return (0, int(paper_id), "")
    return (1, 0, paper_id)
