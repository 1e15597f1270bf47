"""What every paper-list reader checks and splits the same way, whatever its format.

One author's id and name are held to the same limits, and a multi-valued
field (keywords, or a table cell of authors) is split by the same rule,
so a paper reads alike from each format's export.
"""

from __future__ import annotations

from typing import Any

from planner.core.errors import Problems
from planner.core.limits import MAX_NAME_CHARS, id_problem, show, text_problem
from planner.read.conference import AuthorRecord


def author_problem(author: AuthorRecord) -> str | None:
    """What is wrong with one author's id or name, or None."""
    if author.id is not None:
        bad = id_problem(author.id)
        if bad:
            return f"the author id '{show(author.id)}' {bad}"
    bad = text_problem(author.name, MAX_NAME_CHARS)
    return f"the name {bad}" if bad else None


def split_cell(cell: str) -> list[str]:
    """Splits a multi-valued cell on ';', else on '|'; a ',' does not split.

    Empty entries keep their place: "a@x.org; " is an e-mail for the first
    author and none for the second.
    """
    if not cell.strip():
        return []
    for sep in (";", "|"):
        if sep in cell:
            return [part.strip() for part in cell.split(sep)]
    return [cell.strip()]


def checked_title(
    title: Any, where: str, field: str, problems: Problems, missing: str = "has no title"
) -> str | None:
    """A record's title, or None once a problem naming ``where`` and ``field`` is added."""
    if not isinstance(title, str) or not title.strip():
        problems.add(where, missing, "Give every paper a title.")
        return None
    bad = text_problem(title, MAX_NAME_CHARS)
    if bad:
        problems.add(f"{where}, {field}", f"the title {bad}", "Shorten the title.")
        return None
    return title
