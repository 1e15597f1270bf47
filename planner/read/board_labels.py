"""Board labels: the names boards carry ("A12"), from a room's prefix and the venue's pattern.

The venue's ``rules.board_label`` pattern and each room's ``prefix`` name the
boards; pins, hand edits and the workbook name boards by those labels, so the
readers, the model and every output share these two functions.
"""

from __future__ import annotations

import re
import string

from planner.core.text import display_key

FIELDS = ("prefix", "number")


def board_label(prefix: str, number: int, pattern: str = "{prefix}{number}") -> str:
    return pattern.format(prefix=prefix, number=number)


def label_field_problem(pattern: str) -> str | None:
    """What the pattern fills in besides {prefix} and {number}, if anything.

    ``str.format`` follows attributes and indexes (``{prefix.__class__}``,
    ``{number[0]}``) and conversions (``{prefix!r}``): they reach Python's
    internals, write memory addresses into labels or fail only once a room
    without a prefix is planned.  So only the two bare names are accepted,
    with a format spec such as ``{number:03d}``.
    """
    try:
        parts = list(string.Formatter().parse(pattern))
    except ValueError:
        return None  # formatting fails the same way, and the reader says so
    for _, field, _, conversion in parts:
        if field is None:
            continue
        if field not in FIELDS:
            shown = field if len(field) <= 40 else field[:40] + "..."
            return f"fills in {{{shown}}}; only {{prefix}} and {{number}} are allowed"
        if conversion:
            return f"converts {{{field}!{conversion}}}; write {{{field}}} without '!'"
    return None


def board_number(
    pin_board: str, prefix: str, pattern: str = "{prefix}{number}", boards: int = 0
) -> int | None:
    """The board number a label names: "A12" with prefix "A" -> 12, "12" -> 12.

    A label written in the venue's own ``rules.board_label`` format ("A-03") is
    matched against the labels of boards 1..``boards`` first.
    """
    text = pin_board.strip()
    # Compared as labels read back from a workbook cell (spaces collapsed, case and
    # characters a cell cannot hold ignored): a prefix " 1" gives the label " 11".
    wanted = display_key(text)
    for n in range(1, boards + 1):
        if display_key(board_label(prefix, n, pattern)) == wanted:
            return n
    if prefix and text.upper().startswith(prefix.upper()):
        text = text[len(prefix) :]
    match = re.fullmatch(r"0*(\d+)", text.strip())
    return int(match.group(1)) if match else None
