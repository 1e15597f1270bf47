"""The ``planner`` command line (contract.md)."""

from __future__ import annotations

import os
import sys
import traceback
from collections.abc import Callable
from functools import wraps
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer

from planner import __version__
from planner.errors import PlannerError

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
        except PlannerError as exc:
            print_problems([str(p) for p in exc.problems])
            raise typer.Exit(exc.exit_code) from None
        except KeyboardInterrupt:
            print_problems(["interrupted; nothing in the output folder was changed."])
            raise typer.Exit(130) from None
        except (typer.Exit, typer.Abort):
            raise
        except Exception as exc:  # a bug: say so plainly, keep details for a report
            if os.environ.get("PLANNER_DEBUG"):
                traceback.print_exc()
            print_problems([f"internal error: {type(exc).__name__}: {exc}. This is a bug in "
                            "the planner; rerun with PLANNER_DEBUG=1 and report the output."])
            raise typer.Exit(70) from None

    return wrapper  # type: ignore[return-value]


def _self_check(input_path: Path, venue_path: Path | None) -> Callable[[Path], None]:
    """``planner plan`` verifies its own staged output before it replaces anything."""

    def check(stage: Path) -> None:
        from planner.errors import VerificationError
        from planner.verify import verify as verify_plan

        report = verify_plan(stage, input_path, venue_path)
        if report.violations:
            raise VerificationError(
                ["the new plan failed the independent check, so nothing was replaced:"]
                + [f"{v.rule}: {v.message}" for v in report.violations])

    return check


InputArg = Annotated[Path, typer.Argument(
    help="Paper list (.json, .csv, .xlsx) or a folder with papers.* and venue.toml.",
    show_default=False)]
VenueOpt = Annotated[Path | None, typer.Option(
    "--venue", help="Venue file (TOML). Default: venue.toml beside INPUT.")]


@app.command()
@friendly
def check(input: InputArg, venue: VenueOpt = None) -> None:
    """Read and validate the inputs; print what a plan must live with."""
    from planner.checks import summarize
    from planner.console import print_check
    from planner.inputs import load

    inputs = load(input, venue)
    summary = summarize(inputs)
    print_check(inputs, summary)
    if summary.findings:
        raise typer.Exit(3)


@app.command()
@friendly
def plan(
    input: InputArg,
    venue: VenueOpt = None,
    out: Annotated[Path | None, typer.Option(
        "--out", help="Output folder. Default: exports/<INPUT name without extension>.")] = None,
    time_limit: Annotated[float | None, typer.Option(
        "--time-limit", help="Solver time budget in seconds (deterministic time). "
        "Default: rules.time_limit in the venue (10).", min=0.1)] = None,
    seed: Annotated[int, typer.Option("--seed", help="Random seed; same inputs and seed give "
                                      "the same plan.")] = 0,
    fresh: Annotated[bool, typer.Option("--fresh", help="Ignore the previous plan in --out "
                                        "(it is still archived).")] = False,
    workers: Annotated[int, typer.Option("--workers", help="CP-SAT workers (0: the cores, "
                                         "at least 2).", min=0)] = 0,
    embeddings: Annotated[bool, typer.Option(
        "--embeddings", help="Topic features from sentence embeddings (needs the "
        "[embeddings] extra).")] = False,
) -> None:
    """Place every accepted paper (session, room, board) and write all outputs."""
    import time as _time

    from planner.console import RichReporter, print_plan_summary
    from planner.engine import Options, make_plan
    from planner.exports import WRITERS
    from planner.exports.workbook import FILE as WORKBOOK
    from planner.exports.workbook_read import read_hand_edits
    from planner.inputs import load
    from planner.output import locked, previous_plan_path, write_outputs
    from planner.plan import read_plan

    started = _time.perf_counter()
    inputs = load(input, venue)
    out_dir = out or Path("exports") / (input.stem if input.is_file() else input.resolve().name)
    options = Options(seed=seed, time_limit=time_limit or inputs.venue.rules.time_limit,
                      workers=workers, backend="embeddings" if embeddings else "tfidf")
    with locked(out_dir):
        prev_path = previous_plan_path(out_dir)
        previous = read_plan(prev_path) if prev_path else None
        edits = []
        if previous is not None and not fresh and (out_dir / WORKBOOK).exists():
            # Placements an organizer changed by hand in the workbook become pins.
            edits = read_hand_edits(out_dir / WORKBOOK, previous)
        with RichReporter() as reporter:
            result = make_plan(inputs, options, None if fresh else previous, extra_pins=edits,
                               reporter=reporter)
        t = _time.perf_counter()
        write_outputs(result, out_dir, WRITERS, check=_self_check(input, venue),
                      previous_revision=previous.revision if previous else None)
        result.figures.seconds["exports"] = _time.perf_counter() - t
    print_plan_summary(result, str(out_dir), _time.perf_counter() - started)


@app.command()
@friendly
def export(
    out: Annotated[Path, typer.Argument(help="An output folder holding plan.json.",
                                        show_default=False)],
) -> None:
    """Rewrite every output in DIR from its plan.json (the old files are archived)."""
    from planner.console import err
    from planner.exports import WRITERS
    from planner.output import locked, previous_plan_path, write_outputs
    from planner.plan import read_plan

    if previous_plan_path(out) is None:
        from planner.errors import InputError, Problem, display_path

        raise InputError(Problem(display_path(out), "", "no plan.json in this folder",
                                 "Run planner plan first, or name the folder it wrote."))
    with locked(out):
        plan_file = read_plan(out / "plan.json")
        write_outputs(plan_file, out, WRITERS, previous_revision=plan_file.revision)
    err.print(f"Rewrote the outputs of revision {plan_file.revision} in {out}.")


@app.command()
@friendly
def verify(
    out: Annotated[Path, typer.Argument(
        metavar="DIR", help="An output folder holding plan.json and papers.json.",
        show_default=False)],
    input: Annotated[Path | None, typer.Argument(
        metavar="INPUT", help="The paper list (.json, .csv, .xlsx) or folder the plan was "
        "made from; it then decides which papers must be placed. Default: the plan's own "
        "copy of the papers and venue.", show_default=False)] = None,
    venue: Annotated[Path | None, typer.Option(
        "--venue", help="Venue file (TOML). Default: venue.toml beside INPUT, or the "
        "plan's own copy without INPUT.")] = None,
) -> None:
    """Check a written plan against every hard rule, independently of the solver.

    Exit 0 when every hard rule holds, 5 on any violation (one line each), 2 when
    the plan or an input cannot be read.
    """
    from planner.verify import format_report
    from planner.verify import verify as verify_plan

    report = verify_plan(out, input, venue)
    typer.echo(format_report(report))
    if report.violations:
        raise typer.Exit(5)


@app.command()
def version() -> None:
    """Print the planner's version."""
    typer.echo(__version__)


def main() -> None:
    app(prog_name="planner")


if __name__ == "__main__":
    sys.exit(main())
