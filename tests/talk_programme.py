"""A small talk programme for the talk tests, built from parts.

Each test file states the sessions its checks need; the rooms (an auditorium
with seats, a hall with boards and seats), the ``[talks]`` table (orals 15
minutes, spotlights 5, changeover 2) and papers on three themes are the same
everywhere.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

THEMES = ["graph neural networks", "reinforcement learning agents", "compiler optimization"]


def session(sid: str, name: str, start: str, end: str, talks: bool = False) -> str:
    """One [[sessions]] table; times are TOML local date-times ("2026-06-02T09:00:00")."""
    kind = 'kind = "talks"\n' if talks else ""
    return f'\n[[sessions]]\nid = "{sid}"\nname = "{name}"\nstart = {start}\nend = {end}\n{kind}'


def venue(name: str, acronym: str, sessions: list[str], boards: int = 12) -> str:
    """The venue file: the sessions given, the two rooms and the [talks] table."""
    return (
        f'name = "{name}"\nacronym = "{acronym}"\ntimezone = "Europe/Vienna"\n'
        + "".join(sessions)
        + '\n[[rooms]]\nid = "aud"\nname = "Auditorium"\nseats = 400\n'
        + f'\n[[rooms]]\nid = "hall"\nname = "Hall"\nboards = {boards}\nseats = 100\n'
        + "\n[talks]\nminutes = { Oral = 15, Spotlight = 5 }\nchangeover = 2\n"
    )


def record(i: int, decision: str, coauthor: int | None = None) -> dict[str, Any]:
    """Paper 500 + i on theme i mod 3, by person i (and ``coauthor``, if any)."""
    theme = THEMES[i % 3]
    authors = [{"id": f"p{i}", "fullname": f"Person {i}"}]
    if coauthor is not None:
        authors.append({"id": f"p{coauthor}", "fullname": f"Person {coauthor}"})
    return {
        "id": 500 + i,
        "name": f"Paper {i} about {theme}",
        "abstract": f"We study {theme} and report results on {theme} benchmarks {i}.",
        "decision": decision,
        "authors": authors,
    }


def write_papers(folder: Path, records: list[dict[str, Any]]) -> None:
    """papers.json in the conference-site envelope."""
    doc = {"count": len(records), "next": None, "previous": None, "results": records}
    (folder / "papers.json").write_text(json.dumps(doc), encoding="utf-8")
