"""Which folder ``planner plan`` writes, and which it refuses (README, "The output folder").

The output folder is the planner's own: it archives and replaces what it
wrote there.  So it accepts a folder that does not exist yet, an empty one, or
one holding a plan of the same conference, and refuses

- a folder that holds anything else (a home folder, a project checkout):
  its files would be moved into the archive;
- a folder that holds the input, or is the input folder: the run would
  archive or replace the paper list and venue it reads;
- a folder holding another conference's plan: the run would become its next
  revision, moving posters and notifying the wrong people (``--replace``
  archives that plan and starts afresh).
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

from planner.core.errors import InputError, Problem, display_path
from planner.core.limits import show
from planner.outputs.folder import (
    ARCHIVE,
    JOURNAL,
    MOVING,
    OUTPUT_NAMES,
    PLAN_FILE,
    resolve_out,
)
from planner.people.inputs import Inputs
from planner.plan.records import SCHEMA, Plan

EXPORTS = Path("exports")
# What other programs leave in any folder, or beside a workbook open in Excel
# or LibreOffice: none of it makes a folder someone else's.
_HARMLESS = re.compile(r"\.DS_Store|Thumbs\.db|desktop\.ini|~\$.*|\.~lock\..*#")


def default_out(input_path: Path) -> Path:
    """``exports/<folder name>`` for a folder INPUT; ``exports/<file stem>-<hash>`` for a file.

    Paper lists are often all called papers.json; the hash of the file's full
    path keeps ``a/papers.json`` and ``b/papers.json`` in folders of their own.
    """
    real = input_path.resolve()
    if input_path.is_dir():
        return EXPORTS / real.name
    digest = hashlib.sha256(str(real).encode("utf-8", "surrogateescape")).hexdigest()[:8]
    return EXPORTS / f"{real.stem}-{digest}"


def _holds_plan(out: Path) -> bool:
    """Whether plan.json is a planner plan file (damaged elsewhere or not)."""
    path = out / PLAN_FILE
    if path.is_symlink() or not path.is_file():  # never read through a link, nor a pipe
        return False
    try:
        with path.open("rb") as handle:
            head = handle.read(4096)
        return b'"schema"' in head and SCHEMA.encode() in head
    except OSError:
        return False


def check_out_folder(out: Path, shown: str, inputs: list[Path]) -> None:
    """Refuses an --out the planner must not take over (see the module docstring)."""
    real = resolve_out(out)
    for path in inputs:
        source = path.resolve()
        if source == real or real in source.parents:
            raise InputError(
                Problem(
                    shown,
                    "",
                    f"the output folder holds the input {display_path(path)}, which a "
                    "run would archive or replace",
                    "Give another --out, e.g. a folder under exports/ (or leave --out out).",
                )
            )
    if not real.exists():
        return
    if not real.is_dir():
        raise InputError(
            Problem(shown, "", "the output path is a file", "Give a folder with --out.")
        )
    try:
        entries = sorted(e.name for e in real.iterdir())
    except OSError as exc:
        raise InputError(
            Problem(
                shown,
                "",
                f"cannot read the output folder ({exc.strerror})",
                "Give a folder you can read and write.",
            )
        ) from None
    own = OUTPUT_NAMES | {ARCHIVE, JOURNAL, JOURNAL + ".tmp"}
    # A half-moved copy of the planner's own output is its own; any other name is not.
    foreign = [
        n
        for n in entries
        if n not in own and not _HARMLESS.fullmatch(n) and not MOVING.fullmatch(n)
    ]
    if foreign and not _holds_plan(real):
        listed = ", ".join(f"'{show(n, 40)}'" for n in foreign[:5])
        more = f" and {len(foreign) - 5} more" if len(foreign) > 5 else ""
        raise InputError(
            Problem(
                shown,
                "",
                f"the folder is not empty and holds no plan ({listed}{more}); the "
                "planner archives and replaces what is in its output folder",
                "Give a new or empty folder with --out, or the folder of an earlier plan.",
            )
        )


def same_conference_problem(previous: Plan, inputs: Inputs) -> str | None:
    """Why the plan in the output folder is another conference's, or None.

    A conference is its acronym (or name): the calendar UIDs are made from it,
    so a plan under another one would replace every event subscribers have.
    A rerun also shares papers with the plan before it; a list sharing none
    (same id and title, or same id and authors) is another conference's.
    """
    venue = inputs.venue
    if previous.venue.slug != venue.slug:
        return (
            f"it holds the plan of '{show(previous.venue.name)}' "
            f"(acronym {previous.venue.slug}), not of '{show(venue.name)}' "
            f"(acronym {venue.slug})"
        )
    if not previous.papers:
        return None
    before = {p.id: p for p in previous.papers}
    for paper in inputs.paper_list.papers:
        old = before.get(paper.id)
        if old is not None and (
            old.title_raw == paper.title
            or old.author_names == [a.display_name for a in paper.authors]
        ):
            return None
    return (
        f"it holds a plan of '{show(previous.venue.name)}' that shares no paper with "
        f"{inputs.paper_list.source}"
    )


def refuse_other_conference(out_shown: str, problem: str) -> InputError:
    return InputError(
        Problem(
            out_shown,
            "",
            f"this output folder belongs to another conference: {problem}",
            "Give this conference its own --out; or, to archive that plan and plan this "
            "conference there from scratch, rerun with --replace. If it is the same conference "
            "renamed, keep its acronym in the venue file (acronym = ...) so its calendar events "
            "stay the same.",
        )
    )
