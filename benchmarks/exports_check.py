"""Exports: time them, and check that a change to them keeps every output byte.

The check replays what comes after the solver, so that the writers alone are
timed and compared: ``capture`` plans each case once and stores the arguments of the
engine's plan assembly; ``write`` replays assembly, every writer, the
self-check that ``planner plan`` runs and (for the rerun) the archive step,
timing each; ``compare`` checks two written trees file by file::

    python benchmarks/exports_check.py capture /tmp/cases
    PYTHONPATH=/path/to/old/tree python benchmarks/exports_check.py write /tmp/cases /tmp/old
    python benchmarks/exports_check.py write /tmp/cases /tmp/new
    python benchmarks/exports_check.py compare /tmp/old /tmp/new
    python benchmarks/exports_check.py rerun /tmp/cases /tmp/rerun  # planner plan, end to end

A change that moves modules (so that the pickles no longer load) is compared end
to end instead: ``endtoend`` runs ``planner plan`` on each case with the code
of the tree it is given (the rerun into a copy of the ICML plan) and
``compare`` checks the two trees::

    python benchmarks/exports_check.py endtoend /path/to/old/tree /tmp/old
    python benchmarks/exports_check.py endtoend . /tmp/new
    python benchmarks/exports_check.py compare /tmp/old /tmp/new

Cases: ``mlsys`` (the example), ``icml`` (benchmarks/data/icml2024) and
``icml-rerun`` (ICML after 2 % withdrawn and 2 % added, benchmarks/run.py).
``SOURCE_DATE_EPOCH`` is fixed so revision stamps do not depend on the clock.
The workbook stamps its own creation time, so it is compared part by part
without that stamp and the About sheet's wall-clock cell, or failing that by
sheet, cell value and cell style (and sizes, merges, freezes and filters).
"""

from __future__ import annotations

import argparse
import functools
import json
import os
import pickle
import shutil
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
os.environ.setdefault("SOURCE_DATE_EPOCH", "1700000000")
CASES = ("mlsys", "icml", "icml-rerun")
WALL_CLOCK = "Generated at"  # the About sheet's row stamped with the time of writing


def capture(folder: Path, cases: list[str]) -> None:
    """Plans each case and pickles the arguments of ``engine.assemble`` (planner.plan.assemble)."""
    sys.path.insert(0, str(ROOT / "benchmarks"))
    import run  # benchmarks/run.py

    from planner import engine
    from planner.engine import Options, make_plan
    from planner.people.inputs import load

    captured: list[tuple[Any, ...]] = []
    real = engine.assemble

    def spy(*args: Any) -> Any:
        captured.append(args)
        return real(*args)

    engine.assemble = spy  # type: ignore[assignment]
    folder.mkdir(parents=True, exist_ok=True)
    for case in cases:
        source = ROOT / ("examples/mlsys2026" if case == "mlsys" else "benchmarks/data/icml2024")
        inputs = load(source)
        previous = None
        if case == "icml-rerun":
            fresh = folder / "icml.pickle"  # the first plan: replayed if captured, else planned
            previous = (
                real(*pickle.loads(fresh.read_bytes()))
                if fresh.exists()
                else make_plan(inputs, Options(time_limit=inputs.venue.rules.time_limit))
            )
            changed = folder / "icml-rerun-input"
            run._change_two_percent(source, changed)
            inputs = load(changed)
        captured.clear()
        make_plan(inputs, Options(time_limit=inputs.venue.rules.time_limit), previous)
        (folder / f"{case}.pickle").write_bytes(pickle.dumps(captured[-1]))
        print(f"captured {case}", file=sys.stderr)


class _Clock:
    """Wall and CPU seconds per step (CPU time is the steadier figure on a shared machine)."""

    def __init__(self) -> None:
        self.wall: dict[str, float] = {}
        self.cpu: dict[str, float] = {}

    def timed(self, name: str, func: Any) -> Any:
        @functools.wraps(func)
        def run(*args: Any) -> Any:
            wall, cpu = time.perf_counter(), time.process_time()
            try:
                return func(*args)
            finally:
                self.wall[name] = self.wall.get(name, 0.0) + time.perf_counter() - wall
                self.cpu[name] = self.cpu.get(name, 0.0) + time.process_time() - cpu

        return run


def write(folder: Path, out: Path, cases: list[str], repeat: int) -> dict[str, Any]:
    """Replays assembly, writers, self-check and archive; returns seconds per step.

    ``archive+commit`` is what write_outputs spends besides the writers and the
    check; ``exports+verify`` is write_outputs as a whole, as ``planner plan`` runs it.
    """
    from planner import engine
    from planner.cli import _self_check
    from planner.outputs.folder import write_outputs
    from planner.outputs.writers import WRITERS

    report: dict[str, Any] = {}
    for case in cases:
        args = pickle.loads((folder / f"{case}.pickle").read_bytes())
        inputs, previous = args[0], args[3]  # assemble(inputs, seed, time_limit, previous, ...)
        runs = []
        for _ in range(repeat):
            target = out / case
            shutil.rmtree(target, ignore_errors=True)
            clock = _Clock()
            if previous is not None:  # the previous outputs, so that the rerun archives them
                write_outputs(previous, target, WRITERS)
            case_args = pickle.loads(pickle.dumps(args))
            plan = clock.timed("assemble", engine.assemble)(*case_args)
            writers = [
                clock.timed(getattr(w, "__module__", "?").rsplit(".", 1)[-1], w) for w in WRITERS
            ]
            check = clock.timed(
                "verify", _self_check(inputs.papers_path, inputs.venue_path, inputs.paper_list)
            )
            clock.timed("exports+verify", write_outputs)(
                plan, target, writers, check, previous.revision if previous else None
            )
            for times in (clock.wall, clock.cpu):
                times["archive+commit"] = 2 * times["exports+verify"] - sum(
                    v for k, v in times.items() if k != "assemble"
                )
            runs.append(clock)
        report[case] = {
            kind: {k: round(min(getattr(r, kind)[k] for r in runs), 3) for k in runs[0].wall}
            for kind in ("wall", "cpu")
        }
        if previous is not None:  # the archive's name holds the clock: drop it from the tree
            shutil.rmtree(out / case / "archive", ignore_errors=True)
    return report


def rerun(folder: Path, out: Path) -> dict[str, Any]:
    """``planner plan`` on the changed ICML list, into the first plan's written outputs.

    The first plan is replayed from ``icml.pickle`` and written with every
    output, as a previous run leaves them; then the command line runs as an
    organizer runs it (it reads the previous plan and workbook, solves, writes,
    checks and archives), timed end to end.
    """
    import subprocess

    from planner import engine
    from planner.outputs.folder import write_outputs
    from planner.outputs.writers import WRITERS

    target = out / "icml-rerun-cli"
    shutil.rmtree(target, ignore_errors=True)
    first = engine.assemble(*pickle.loads((folder / "icml.pickle").read_bytes()))
    write_outputs(first, target, WRITERS)
    start = time.perf_counter()
    command = [
        sys.executable,
        "-m",
        "planner",
        "plan",
        str(folder / "icml-rerun-input"),
        "--out",
        str(target),
    ]
    done = subprocess.run(command, capture_output=True, text=True, cwd=ROOT, check=False)
    wall = time.perf_counter() - start
    summary = done.stdout.splitlines() + done.stderr.splitlines()
    return {
        "exit": done.returncode,
        "wall": round(wall, 2),
        "summary": [line.rstrip() for line in summary if not line.startswith("  moved")],
    }


def endtoend(tree: Path, out: Path) -> dict[str, Any]:
    """``planner plan`` on the three cases with ``tree``'s code; the outputs in ``out/<case>``.

    The changed ICML list is written to one fixed folder so that both trees'
    plans name the same input paths; the rerun's archive holds the clock and is
    dropped.
    """
    import subprocess

    sys.path.insert(0, str(ROOT / "benchmarks"))
    import run  # benchmarks/run.py

    tree = tree.resolve()
    changed = Path(os.environ.get("TMPDIR", "/tmp")) / "exports-check-icml-rerun-input"
    shutil.rmtree(changed, ignore_errors=True)
    run._change_two_percent(ROOT / "benchmarks/data/icml2024", changed)
    env = {**os.environ, "PYTHONPATH": str(tree)}
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    walls: dict[str, Any] = {}
    for case, source, into in (
        # Relative to the tree, so that both trees' plans name the same inputs.
        ("mlsys", Path("examples/mlsys2026"), "mlsys"),
        ("icml", Path("benchmarks/data/icml2024"), "icml"),
        ("icml-rerun", changed, "icml-rerun"),
    ):
        if case == "icml-rerun":
            shutil.copytree(out / "icml", out / into)
        start = time.perf_counter()
        command = [sys.executable, "-m", "planner", "plan", str(source), "--out", str(out / into)]
        done = subprocess.run(command, capture_output=True, text=True, cwd=tree, env=env)
        walls[case] = {"exit": done.returncode, "wall": round(time.perf_counter() - start, 1)}
        if done.returncode:
            print(done.stdout + done.stderr, file=sys.stderr)
    shutil.rmtree(out / "icml-rerun" / "archive", ignore_errors=True)
    return walls


def _xlsx_parts(path: Path) -> dict[str, bytes]:
    """The workbook's parts, less its creation stamp and the About sheet's wall-clock cell."""
    import re
    import zipfile

    with zipfile.ZipFile(path) as z:
        parts = {n: z.read(n) for n in z.namelist() if n != "docProps/core.xml"}
    label = WALL_CLOCK.encode()
    stamp = re.compile(rb"(<t>" + label + rb"[^<]*</t></is></c><c [^>]*>)<v>[^<]*</v>")
    return {name: stamp.sub(rb"\1", data) for name, data in parts.items()}


def _workbook_summary(path: Path) -> list[Any]:
    from openpyxl import load_workbook

    book = load_workbook(path)
    summary: list[Any] = [book.sheetnames, [str(d) for d in book.defined_names]]
    for sheet in book.worksheets:
        labels = {row[0].row: row[0].value for row in sheet.iter_rows(max_col=1)}
        summary.append(
            [
                sheet.title,
                sheet.freeze_panes,
                str(sheet.auto_filter.ref),
                sorted(str(r) for r in sheet.merged_cells.ranges),
                sheet.sheet_state,
                str(sheet.print_title_rows),
                sorted((k, d.width, d.hidden) for k, d in sheet.column_dimensions.items()),
                sorted((k, d.height) for k, d in sheet.row_dimensions.items()),
                [str(v.sqref) + str(v.formula1) for v in sheet.data_validations.dataValidation],
                [str(r.sqref) for r in sheet.conditional_formatting],
            ]
        )
        for row in sheet.iter_rows():
            for cell in row:
                value = cell.value
                if str(labels.get(cell.row, "")).startswith(WALL_CLOCK) and cell.column == 2:
                    value = "(wall clock)"  # the one cell that reads the clock
                summary.append(
                    [
                        cell.coordinate,
                        value,
                        cell.data_type,
                        cell.number_format,
                        repr(cell.font),
                        repr(cell.fill),
                        repr(cell.border),
                        repr(cell.alignment),
                        repr(cell.protection),
                        cell.hyperlink.target if cell.hyperlink else None,
                        cell.comment.text if cell.comment else None,
                    ]
                )
    return summary


def compare(a: Path, b: Path) -> list[str]:
    """Files that differ between two written trees (empty: identical)."""
    files_a = {p.relative_to(a) for p in a.rglob("*") if p.is_file()}
    files_b = {p.relative_to(b) for p in b.rglob("*") if p.is_file()}
    problems = [f"only in {a}: {p}" for p in sorted(files_a - files_b)]
    problems += [f"only in {b}: {p}" for p in sorted(files_b - files_a)]
    for rel in sorted(files_a & files_b):
        if rel.suffix == ".xlsx":
            same = _xlsx_parts(a / rel) == _xlsx_parts(b / rel)
            if not same and _workbook_summary(a / rel) == _workbook_summary(b / rel):
                print(f"note: {rel}: same cells and styles, different XML", file=sys.stderr)
                same = True
        else:
            same = (a / rel).read_bytes() == (b / rel).read_bytes()
        if not same:
            problems.append(f"differs: {rel}")
    print(f"compared {len(files_a & files_b)} files", file=sys.stderr)
    return problems


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("capture")
    p.add_argument("folder", type=Path)
    p.add_argument("--cases", nargs="*", default=list(CASES), choices=CASES)
    p = sub.add_parser("write")
    p.add_argument("folder", type=Path)
    p.add_argument("out", type=Path)
    p.add_argument("--cases", nargs="*", default=list(CASES), choices=CASES)
    p.add_argument("--repeat", type=int, default=1, help="runs per case; the best is shown")
    p = sub.add_parser("rerun")
    p.add_argument("folder", type=Path)
    p.add_argument("out", type=Path)
    p = sub.add_parser("endtoend")
    p.add_argument("tree", type=Path)
    p.add_argument("out", type=Path)
    p = sub.add_parser("compare")
    p.add_argument("a", type=Path)
    p.add_argument("b", type=Path)
    args = parser.parse_args()
    if args.command == "capture":
        capture(args.folder, args.cases)
    elif args.command == "write":
        print(json.dumps(write(args.folder, args.out, args.cases, args.repeat), indent=1))
    elif args.command == "endtoend":
        print(json.dumps(endtoend(args.tree, args.out), indent=1))
    elif args.command == "rerun":
        print(json.dumps(rerun(args.folder, args.out), indent=1))
    else:
        problems = compare(args.a, args.b)
        print("\n".join(problems) or "identical")
        sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()
