"""How the venue reader phrases a problem: unknown keys, a table's first bad value, a bad name.

Shared by every table of the venue file (planner.read.venue.reader and its
``venue_*`` siblings), so an unknown key gets the same nearest-spelling hint,
and a name the same limits, wherever it is written.
"""

from __future__ import annotations

import difflib
from typing import Any

from pydantic import BaseModel

from planner.core.errors import Problems
from planner.core.limits import MAX_NAME_CHARS, text_problem
from planner.core.text import display_key
from planner.read.venue.schema import Checked


def unknown_keys(
    problems: Problems, where: str, checked: Checked[Any], model: type[BaseModel]
) -> None:
    """Adds a problem for each key the table's model does not know, with its nearest spelling."""
    known = sorted(model.model_fields)
    for key in checked.unknown:
        near = difflib.get_close_matches(key, known, n=1)
        hint = f"did you mean '{near[0]}'?" if near else f"known keys: {', '.join(known)}."
        problems.add(where, f"unknown key '{key}'", hint)


def first_fault(problems: Problems, where: str, checked: Checked[Any]) -> bool:
    """Adds the table's first bad value (the rest follow from it, or wait); True if any."""
    for what, fix in checked.faults.values():
        problems.add(where, what, fix)
        return True
    return False


def add_fault(problems: Problems, where: str, found: tuple[str, str] | None) -> bool:
    """Adds one fault if there is one; True if so."""
    if found is not None:
        problems.add(where, *found)
    return found is not None


def name_problem(problems: Problems, where: str, what: str, name: str) -> bool:
    """Adds a problem when a name is too long or shows nothing once written; True if so."""
    bad = text_problem(name, MAX_NAME_CHARS)
    if bad is None and not display_key(name):
        bad = "has no visible characters"
    if bad:
        problems.add(where, f"{what} {bad}", "Give it a plain, readable name.")
    return bad is not None
