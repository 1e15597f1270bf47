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
def version() -> None:
    """Print the planner's version."""
    typer.echo(__version__)


def main() -> None:
    app(prog_name="planner")


if __name__ == "__main__":
    sys.exit(main())
