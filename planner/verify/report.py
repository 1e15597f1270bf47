"""What ``planner verify`` reports: the rules it checks, in report order, and the report itself.

A violation names the rule it breaks (a key of ``RULES``) and says what is
wrong in one line; the report gathers them with the recounted figures and the
notes (what is worth saying but breaks no rule).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

# Rule name -> what it demands; the order is the order of the report.
RULES: dict[str, str] = {
    "placement": "every accepted paper is placed exactly once, and nothing else",
    "capacity": "posters per session and room at most the boards less the spare boards",
    "room-closed": "no poster in a room closed in its session",
    "board": "board numbers within 1..boards, labels unique per session and room",
    "papers-json": "papers.json holds the placed papers with the plan's names and labels",
    "time": "papers.json times are the sessions' times with their site's UTC offset",
    "presenter": "no presenter at two posters at overlapping times",
    "site": "with [[sites]], each session's rooms at its site and each presenter at one site",
    "halves": "with [rules] halves, each poster in its board's half with that half's times",
    "talk": "every talk paper gives one talk, in a seated room, in a running order that fits",
    "speaker": "no speaker at two talks at once, or at a talk while presenting a poster",
    "pin": "every venue pin holds (session, room, board)",
    "unavailable": "no poster in a session one of its authors is away for",
    "place": "every poster where its [[place]] rules let it go; reserved rooms hold only theirs",
    "clashes": "the plan's clash list equals the recount from the author lists",
    "figures": "the plan's figures equal the recount",
    "files": "every output parses: JSON, schedule XML, the workbook, the calendar feeds",
}


@dataclass(frozen=True)
class Violation:
    rule: str  # a key of RULES
    message: str

    def __str__(self) -> str:
        return f"{self.rule}: {self.message}"


@dataclass
class Report:
    folder: Path
    violations: list[Violation] = field(default_factory=list)
    figures: dict[str, Any] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.violations

    @property
    def rules(self) -> set[str]:
        """The rules broken."""
        return {v.rule for v in self.violations}
