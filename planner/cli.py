"""The ``planner`` command line (contract.md)."""

from __future__ import annotations

import os
import sys
import traceback
from collections.abc import Callable
from functools import wraps
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, TypeVar

import typer

from planner import __version__
from planner.core.errors import PlannerError
from planner.core.limits import MAX_SEED, MAX_TIME_LIMIT, MAX_WORKERS

if TYPE_CHECKING:
    from planner.people.inputs import Inputs
    from planner.read.conference import PaperList, Pin

app = typer.Typer(
    name="planner",
    help="Plan poster sessions: every accepted paper gets a session, room and board.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

F = TypeVar("F", bound=Callable[..., Any])


def friendly(func: F) -> F:
    """Turns PlannerErrors into one message and an exit code, never a traceback."""

    @wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        from planner.console import print_problems

        try:
            return func(*args, **kwargs)
        except BrokenPipeError:
            raise  # the reader of our output went away: main() ends quietly
        except PlannerError as exc:
            print_problems([str(p) for p in exc.problems])
            raise typer.Exit(exc.exit_code) from None
        except KeyboardInterrupt:
            print_problems(
                [
                    "interrupted; the output folder holds the previous outputs (a "
                    "commit cut short is finished by the next run)."
                ]
            )
            raise typer.Exit(130) from None
        except (typer.Exit, typer.Abort):
            raise
        except Exception as exc:  # a bug: say so plainly, keep details for a report
            if os.environ.get("PLANNER_DEBUG"):
                traceback.print_exc()
            print_problems(
                [
                    f"internal error: {type(exc).__name__}: {exc}. This is a bug in "
                    "the planner; rerun with PLANNER_DEBUG=1 and report the output."
                ]
            )
            raise typer.Exit(70) from None

    return wrapper  # type: ignore[return-value]


def _self_check(
    input_path: Path | None, venue_path: Path | None, paper_list: PaperList | None = None
) -> Callable[[Path], None]:
    """``planner plan`` and ``planner export`` verify their staged output before they
    replace anything (every file already parses: planner.outputs.folder checked that).
    ``paper_list``: the list at ``input_path`` as this run read it."""

    def check(stage: Path) -> None:
        from planner.core.errors import VerificationError
        from planner.verify.checker import verify as verify_plan

        report = verify_plan(stage, input_path, venue_path, files=False, paper_list=paper_list)
        if report.violations:
            raise VerificationError(
                ["the new plan failed the independent check, so nothing was replaced:"]
                + [f"{v.rule}: {v.message}" for v in report.violations]
            )

    return check


InputArg = Annotated[
    Path,
    typer.Argument(
        help="Paper list (.json, .csv, .xlsx) or a folder with papers.* and venue.toml.",
        show_default=False,
    ),
]
VenueOpt = Annotated[
    Path | None,
    typer.Option("--venue", help="Venue file (TOML). Default: venue.toml beside INPUT."),
]
FromOpt = Annotated[
    str | None,
    typer.Option(
        "--from",
        help="The system the list comes from: openreview, cmt, easychair, hotcrp, pretalx or "
        "miniconf. Default: recognised by its content.",
    ),
]
VenueIdOpt = Annotated[
    str | None,
    typer.Option(
        "--venue-id",
        help="OpenReview: the venue id whose notes are accepted (or [rules] venue_id). "
        "Default: the most common accepted-looking venueid.",
    ),
]


def _read_options(system: str | None, venue_id: str | None) -> Any:
    from planner.read.papers.systems import ReadOptions

    return ReadOptions(system.strip().casefold() if system else None, venue_id)


@app.command()
@friendly
def check(
    input: InputArg, venue: VenueOpt = None, system: FromOpt = None, venue_id: VenueIdOpt = None
) -> None:
    """Read and validate the inputs; print what a plan must live with."""
    from planner.console import print_check
    from planner.people.inputs import load
    from planner.prechecks.summary import summarize

    inputs = load(input, venue, _read_options(system, venue_id))
    summary = summarize(inputs)
    print_check(inputs, summary)
    if summary.findings:
        raise typer.Exit(3)


OutOpt = Annotated[
    Path | None,
    typer.Option(
        "--out",
        help="Output folder: new, empty, or holding this conference's plan. Default: "
        "exports/<INPUT folder name>, or exports/<file name>-<hash of its path>.",
    ),
]
TimeLimitOpt = Annotated[
    float | None,
    typer.Option(
        "--time-limit",
        help="Solver time budget in seconds (deterministic time). "
        "Default: rules.time_limit in the venue (10).",
        min=0.1,
        max=MAX_TIME_LIMIT,
    ),
]
SeedOpt = Annotated[
    int,
    typer.Option(
        "--seed",
        help="Random seed; same inputs and seed give the same plan.",
        min=0,
        max=MAX_SEED,
    ),
]
FreshOpt = Annotated[
    bool,
    typer.Option(
        "--fresh",
        help="Ignore the previous plan in --out "
        "(it is still archived); also the way out of a "
        "damaged output folder.",
    ),
]
ReplaceOpt = Annotated[
    bool,
    typer.Option(
        "--replace",
        help="--out holds another conference's plan: archive it and plan this "
        "conference there from scratch.",
    ),
]
WorkersOpt = Annotated[
    int,
    typer.Option(
        "--workers", help="CP-SAT workers (0: the cores, at least 2).", min=0, max=MAX_WORKERS
    ),
]
EmbeddingsOpt = Annotated[
    bool,
    typer.Option(
        "--embeddings",
        help="Topic features from sentence embeddings (needs the [embeddings] extra).",
    ),
]


@app.command()
@friendly
def plan(
    input: InputArg,
    venue: VenueOpt = None,
    out: OutOpt = None,
    time_limit: TimeLimitOpt = None,
    seed: SeedOpt = 0,
    fresh: FreshOpt = False,
    replace: ReplaceOpt = False,
    workers: WorkersOpt = 0,
    embeddings: EmbeddingsOpt = False,
    system: FromOpt = None,
    venue_id: VenueIdOpt = None,
) -> None:
    """Place every accepted paper (session, room, board) and write all outputs."""
    import time as _time

    from planner.console import RichReporter, err, plain, print_plan_summary
    from planner.engine import Options, make_plan
    from planner.outputs.folder import resolve_out, write_outputs
    from planner.outputs.lock import locked
    from planner.outputs.target import default_out
    from planner.outputs.writers import WRITERS
    from planner.people.inputs import load

    started = _time.perf_counter()
    inputs = load(input, venue, _read_options(system, venue_id))
    out_dir = out or default_out(input)
    shown = str(out_dir)
    _check_out(out_dir, shown, inputs)
    real = resolve_out(out_dir)
    options = Options(
        seed=seed,
        time_limit=time_limit or inputs.venue.rules.time_limit,
        workers=workers,
        backend="embeddings" if embeddings else "tfidf",
    )
    _note_left_out(inputs)
    with locked(real, discard_damaged=fresh or replace, notify=_note):
        previous, revision = _previous_plan(real, shown, inputs, fresh or replace, replace)
        pins, released, report_edits = _hand_edits(real, previous)
        with RichReporter() as reporter:
            result = make_plan(
                inputs, options, previous, extra_pins=pins, reporter=reporter, released=released
            )
        t = _time.perf_counter()
        archive = write_outputs(
            result,
            real,
            WRITERS,
            check=_self_check(input, venue, inputs.paper_list),
            previous_revision=revision,
        )
        result.figures.seconds["exports"] = _time.perf_counter() - t
        if report_edits is not None:
            from planner.edits.report_edits import archive_edits

            done = archive_edits(report_edits, archive)
    print_plan_summary(result, shown, _time.perf_counter() - started)
    if report_edits is not None:
        err.print(f"  hand edits    {plain(done)}", soft_wrap=True)


def _note(message: str) -> None:
    """Something the run worked around, on stderr: it goes on."""
    from planner.console import err, plain

    err.print(f"[yellow]note:[/] {plain(message)}", soft_wrap=True)


def _check_out(out_dir: Path, shown: str, inputs: Inputs) -> None:
    """Refuses an output folder that holds one of the inputs."""
    from planner.outputs.target import check_out_folder

    table = inputs.venue.rules.availability  # an input too: never inside the output folder
    check_out_folder(
        out_dir,
        shown,
        [
            inputs.papers_path,
            inputs.venue_path,
            *([inputs.venue_path.parent / table] if table else []),
        ],
    )


def _note_left_out(inputs: Inputs) -> None:
    """Says which rows of the availability table are ignored (planner check lists them)."""
    matches = inputs.index.availability
    if matches is not None and (matches.unknown or matches.ambiguous):
        left_out = [
            f"{len(rows)} row(s) {what}"
            for rows, what in (
                (matches.unknown, "name nobody on an accepted paper"),
                (matches.ambiguous, "give a name several people share"),
            )
            if rows
        ]
        _note(
            f"{matches.table}: {' and '.join(left_out)}; they are ignored (planner check "
            "lists them)."
        )


def _hand_edits(out: Path, previous: Any) -> tuple[list[Pin], frozenset[str], Any]:
    """The pins hand edits ask for, the hand-edit pins released, and the report's edits.

    Edits are read from the workbook and from the report's edits.toml in the
    output folder; both only with a previous plan to apply them to.
    """
    from planner.edits.workbook_rows import read_hand_edit_rows
    from planner.edits.workbook_talks import read_talk_edit_rows
    from planner.outputs.workbook.book import FILE as WORKBOOK

    workbook_rows = []
    if previous is not None and (out / WORKBOOK).exists():
        # Placements and talks an organizer changed by hand in the workbook become pins.
        workbook_rows = read_hand_edit_rows(out / WORKBOOK, previous)
        workbook_rows += read_talk_edit_rows(out / WORKBOOK, previous)
    report_edits = _report_edits(out, previous, _note)
    pins, released = [pin for pin, _ in workbook_rows], frozenset[str]()
    if report_edits is not None:
        from planner.core.errors import display_path
        from planner.edits.report_edits import combine

        pins = combine(report_edits, workbook_rows, display_path(out / WORKBOOK), previous)
        released = frozenset(report_edits.unpin)
    return pins, released, report_edits


def _report_edits(out: Path, previous: Any, note: Callable[[str], None]) -> Any:
    """The report's edits.toml in the output folder, read against the previous plan."""
    from planner.edits.report_edits import FILE, read_edits

    path = out / FILE
    if not os.path.lexists(path):
        return None
    if previous is None:
        note(
            f"{FILE} in the output folder was not read: there is no previous plan to apply it "
            "to (a first run, --fresh or --replace). Remove it, or rerun without --fresh."
        )
        return None
    edits = read_edits(path, previous)
    for message in edits.notes:
        note(message)
    return edits


def _previous_plan(
    out: Path, shown: str, inputs: Any, fresh: bool, replace: bool
) -> tuple[Any, int | None]:
    """The plan to rerun from (None with --fresh) and the revision to archive it under.

    A plan that cannot be read stops the run unless --fresh (or --replace) says
    to start over; a plan of another conference stops it unless --replace.
    """
    from planner.core.errors import InputError
    from planner.outputs.folder import previous_plan_path
    from planner.outputs.target import refuse_other_conference, same_conference_problem
    from planner.plan.records import read_plan

    path = previous_plan_path(out)
    if path is None:
        return None, None
    try:
        previous = read_plan(path)
    except InputError:
        if fresh:
            return None, None  # archived as "unknown": nothing is lost
        raise
    problem = same_conference_problem(previous, inputs)
    if problem is not None and not replace:
        raise refuse_other_conference(shown, problem)
    return (None if fresh else previous), previous.revision


@app.command()
@friendly
def export(
    out: Annotated[
        Path, typer.Argument(help="An output folder holding plan.json.", show_default=False)
    ],
) -> None:
    """Rewrite every output in DIR from its plan.json (the old files are archived)."""
    from planner.console import err, plain
    from planner.outputs.folder import previous_plan_path, resolve_out, write_outputs
    from planner.outputs.lock import locked
    from planner.outputs.writers import WRITERS
    from planner.plan.records import read_plan

    if previous_plan_path(out) is None:
        from planner.core.errors import InputError, Problem, display_path

        raise InputError(
            Problem(
                display_path(out),
                "",
                "no plan.json in this folder",
                "Run planner plan first, or name the folder it wrote.",
            )
        )
    real = resolve_out(out)
    with locked(real):
        plan_file = read_plan(real / "plan.json")
        # What is rewritten is checked as a new plan is: a hand-damaged plan.json
        # that breaks a hard rule is refused, not published.
        write_outputs(
            plan_file,
            real,
            WRITERS,
            check=_self_check(None, None),
            previous_revision=plan_file.revision,
        )
    err.print(f"Rewrote the outputs of revision {plan_file.revision} in {plain(str(out))}.")


@app.command()
@friendly
def verify(
    out: Annotated[
        Path,
        typer.Argument(
            metavar="DIR",
            help="An output folder holding plan.json and papers.json.",
            show_default=False,
        ),
    ],
    input: Annotated[
        Path | None,
        typer.Argument(
            metavar="INPUT",
            help="The paper list (.json, .csv, .xlsx, a system's export) or folder the plan was "
            "made from; it then decides which papers must be placed. Default: the plan's own "
            "copy of the papers and venue.",
            show_default=False,
        ),
    ] = None,
    venue: Annotated[
        Path | None,
        typer.Option(
            "--venue",
            help="Venue file (TOML). Default: venue.toml beside INPUT, or the "
            "plan's own copy without INPUT.",
        ),
    ] = None,
    system: FromOpt = None,
    venue_id: VenueIdOpt = None,
) -> None:
    """Check a written plan against every hard rule, independently of the solver.

    Exit 0 when every hard rule holds, 5 on any violation (one line each), 2 when
    the plan or an input cannot be read.
    """
    from planner.core.text import terminal_safe
    from planner.verify.checker import format_report
    from planner.verify.checker import verify as verify_plan

    report = verify_plan(out, input, venue, options=_read_options(system, venue_id))
    typer.echo(terminal_safe(format_report(report)))
    if report.violations:
        raise typer.Exit(5)


@app.command()
def version() -> None:
    """Print the planner's version."""
    typer.echo(__version__)


def main() -> None:
    code: int | str | None = 0
    try:
        try:
            app(prog_name="planner")
        except SystemExit as done:
            code = done.code
        sys.stdout.flush()  # here, not at exit, where a closed pipe prints a traceback
    except BrokenPipeError:
        # The reader went away (planner check ... | head -1): stop quietly, as
        # other command-line tools do, and keep Python from complaining at exit.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    sys.exit(code)


if __name__ == "__main__":
    main()
