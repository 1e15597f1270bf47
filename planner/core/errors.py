"""Errors an organizer can act on.

Every problem with the inputs is raised as an :class:`InputError` that names the
file, the place in it (row, field, key) and what to do.  The command line prints
the message and exits with code 2; nothing else reaches the user, so no
traceback is ever shown for bad input.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an input, phrased for an organizer."""

    file: str
    where: str  # "row 12", "field 'authors'", "[[rooms]] 'hall-b'", or ""
    what: str
    fix: str = ""

    def __str__(self) -> str:
        head = f"{self.file}: {self.where}: " if self.where else f"{self.file}: "
        tail = f" {self.fix}" if self.fix else ""
        return f"{head}{self.what.rstrip('.')}.{tail}"


class PlannerError(Exception):
    """Base class for errors shown to the user without a traceback."""

    exit_code = 2

    def __init__(self, problems: Sequence[Problem | str] | Problem | str) -> None:
        if isinstance(problems, (Problem, str)):
            problems = [problems]
        self.problems: list[Problem | str] = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))

    def __reduce__(self) -> tuple[type[PlannerError], tuple[list[Problem | str]]]:
        # Rebuilt from its problems, not its text: an error raised in a forked
        # writer (planner.outputs.parallel) reaches the user exactly as it was raised.
        return (type(self), (self.problems,))


class InputError(PlannerError):
    """A paper list, venue file or workbook that cannot be used as it is."""


class InfeasibleError(PlannerError):
    """The venue cannot hold the papers under the hard rules."""

    exit_code = 3

    def __init__(self, problems: Sequence[Problem | str] | Problem | str) -> None:
        # One message: a headline and its reasons read as a unit.
        if isinstance(problems, list) and all(isinstance(p, str) for p in problems):
            problems = "\n  ".join(str(p).strip() for p in problems)
        super().__init__(problems)


class VerificationError(PlannerError):
    """A plan that breaks a hard rule, found by the independent checker."""

    exit_code = 5


class LockedError(PlannerError):
    """Another run holds the output folder."""

    exit_code = 4


@dataclass
class Problems:
    """Collects problems so that one pass over a file reports all of them."""

    file: str
    items: list[Problem] = field(default_factory=list)

    def add(self, where: str, what: str, fix: str = "") -> None:
        self.items.append(Problem(self.file, where, what, fix))

    def raise_if_any(self) -> None:
        if self.items:
            raise InputError(self.items)


def display_path(path: Path | str) -> str:
    """A path as the user typed it, relative where that is shorter.

    Always valid Unicode: a file name that is not UTF-8 (held by Python as
    lone surrogates) shows its odd bytes as U+FFFD, so it can be printed and
    stored in the plan file.
    """
    p = Path(path)
    try:
        # A link is named as itself, not as what it points to.
        real = p.parent.resolve() / p.name if p.is_symlink() else p.resolve()
        text = str(real.relative_to(Path.cwd().resolve()))
    except (ValueError, OSError):
        text = str(p)
    return text.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
