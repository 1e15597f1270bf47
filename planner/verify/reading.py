"""``planner verify`` reading its inputs: the written plan file, and the venue and papers given.

The plan is read with the plan schema and every way it can fail (no folder, no
plan.json, too large, not JSON, another schema or a newer version, a field
that does not fit) is an InputError saying what to do.  The venue and paper
list, when given, are read as ``planner plan`` reads them: the readers decide
what the files say, not where posters go.
"""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from planner.core.errors import InputError, Problem, display_path
from planner.core.limits import json_reason, size_text
from planner.plan.records import SCHEMA, SCHEMA_VERSION, Plan
from planner.read.conference import Paper, PaperList, Venue
from planner.read.papers.systems import ReadOptions

PLAN_FILE = "plan.json"
PAPERS_FILE = "papers.json"


def read_plan(folder: Path) -> Plan:
    """The plan in ``folder``; InputError when it is missing, unreadable or damaged."""
    path = folder / PLAN_FILE
    shown = display_path(path)
    _refuse_unfinished_commit(folder)
    data = _plan_json(_plan_bytes(folder, path, shown), shown)
    _check_plan_schema(data, shown)
    return _validated_plan(data, shown)


def _refuse_unfinished_commit(folder: Path) -> None:
    """A folder with a commit journal holds part old, part new outputs: checking them
    would report violations of a plan that was never written whole."""
    from planner.outputs.folder import JOURNAL

    journal = folder / JOURNAL
    if os.path.lexists(journal):
        raise InputError(
            Problem(
                display_path(journal),
                "",
                "a commit stopped half way (a run was killed while replacing the outputs, "
                "or one is replacing them now): the folder holds part of two plans",
                "Rerun planner plan with this --out (or planner export on this folder): "
                "it finishes the commit first; then run planner verify again.",
            )
        )


def _plan_bytes(folder: Path, path: Path, shown: str) -> bytes:
    """The bytes of the folder's plan.json, read up to the plan file size limit."""
    if not folder.is_dir():
        raise InputError(
            Problem(
                display_path(folder),
                "",
                "no such folder",
                "Give an output folder that planner plan wrote.",
            )
        )
    if not path.exists():
        raise InputError(
            Problem(
                shown,
                "",
                "no plan.json in this folder",
                "Give an output folder that planner plan wrote.",
            )
        )
    from planner.core.limits import read_limited
    from planner.plan.records import MAX_PLAN_FILE_BYTES

    return read_limited(
        path,
        shown,
        MAX_PLAN_FILE_BYTES,
        "plan file",
        "Give an output folder that planner plan wrote.",
    )


def _plan_json(raw: bytes, shown: str) -> Any:
    """The plan file's JSON document."""
    try:
        return json.loads(raw.decode("utf-8"))
    except (ValueError, RecursionError) as exc:  # ValueError: also a 5,000-digit number
        raise InputError(
            Problem(
                shown,
                "",
                f"the plan cannot be read ({json_reason(exc)})",
                "Restore it from the archive folder, or rerun planner plan.",
            )
        ) from None


def _check_plan_schema(data: Any, shown: str) -> None:
    """InputError unless the document is a plan file of a schema version this planner knows."""
    if not isinstance(data, dict) or data.get("schema") != SCHEMA:
        raise InputError(
            Problem(
                shown,
                "",
                "this is not a poster-planner plan file",
                "Give an output folder that planner plan wrote.",
            )
        )
    version = data.get("version", 0)
    if not isinstance(version, int) or version > SCHEMA_VERSION:
        raise InputError(
            Problem(
                shown,
                "",
                f"the plan has schema version {version!r}, which this planner does not know",
                "Upgrade the planner.",
            )
        )


def _validated_plan(data: dict[str, Any], shown: str) -> Plan:
    """The plan the document holds; InputError naming the first field that does not fit."""
    try:
        return Plan.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(x) for x in first["loc"])
        raise InputError(
            Problem(
                shown,
                f"field '{where}'",
                f"the plan file is damaged ({first['msg']})",
                "Restore it from the archive folder, or rerun planner plan.",
            )
        ) from None


def read_inputs(
    input_path: Path | None,
    venue_path: Path | None,
    paper_list: PaperList | None = None,
    options: ReadOptions | None = None,
) -> tuple[Venue | None, list[Paper] | None, str]:
    from planner.people.inputs import default_accept, resolve
    from planner.read.papers.reader import read_papers
    from planner.read.venue.reader import read_venue

    if input_path is None:
        return (read_venue(venue_path) if venue_path else None), None, ""
    papers_file, venue_file = resolve(input_path, venue_path)
    venue = read_venue(venue_file)
    if paper_list is None:
        options = options or ReadOptions()
        if options.venue_id is None and venue.rules.venue_id:
            options = ReadOptions(options.system, venue.rules.venue_id)
        paper_list = read_papers(papers_file, options)
    # The reader's own accept decisions where the venue sets none, as planner plan
    # took them: else a placed "accept as poster" reads as unaccepted.
    default_accept(paper_list, venue)
    return venue, paper_list.papers, paper_list.sha256


def read_papers_json(folder: Path) -> Any:
    """The JSON document of the folder's papers.json.

    FileNotFoundError when there is none, OSError or ValueError when it cannot
    be read (the checks report those); InputError, at once, when it is a pipe,
    a device or a folder, as for plan.json: opening a pipe with no writer
    would otherwise wait forever, so it is opened without waiting and checked.
    """
    from planner.plan.records import MAX_PLAN_FILE_BYTES

    path = folder / PAPERS_FILE
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    with os.fdopen(fd, "rb") as handle:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise InputError(
                Problem(
                    display_path(path),
                    "",
                    "cannot read papers.json (it is not a regular file)",
                    "Rewrite the folder's outputs with planner export, or rerun planner plan.",
                )
            )
        raw = handle.read(MAX_PLAN_FILE_BYTES + 1)
    if len(raw) > MAX_PLAN_FILE_BYTES:
        raise ValueError(f"it is more than {size_text(MAX_PLAN_FILE_BYTES)}")
    try:
        return json.loads(raw.decode("utf-8"))
    except (ValueError, RecursionError) as exc:
        raise ValueError(json_reason(exc)) from None
