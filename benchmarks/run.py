"""Benchmark: the full pipeline on real and synthetic conferences, one table.

    python benchmarks/run.py                      # every case
    python benchmarks/run.py --cases mlsys icml   # some of them
    python benchmarks/run.py --markdown           # the table as Markdown (for the README)

Each case runs with default settings in a fresh subprocess, so its peak memory
is its own, and does what ``planner plan`` does: load (read, validate,
authors), topics, sessions (warm start and CP-SAT), rooms (CP-SAT), polish,
boards, plan (figures, changes, feed state) and exports (every file, then the
independent check of the staged output).

Cases shaped like real lists, beside the bundled ones:
- ``icml-names``: ICML 2024 with every author id removed (names only) and the
  big hall cut to 440 boards, so it is 95 % full;
- ``names-only``: a synthetic NeurIPS-like list (planner.synth
  ``generate_names_only``): 3,600 posters, names only, labs whose prolific
  seniors share papers, common names that are several people, first authors
  with more posters than sessions, the track in the topic field, one hall 95 %
  full, six sessions;
- ``modes``: a synthetic NLP-conference-like list (``generate_modes``): 1,590
  posters, titles only, an ``event_type`` field in inconsistent spellings,
  seven slots each with an in-person hall 95 % full, hybrid boards and a
  virtual space, and ``[[place]]`` rules keeping each mode to its space.

Targets (2 cores, default settings): the modes case <= 60 s with every poster
in its mode's space and clashes at the bound; the names-only cases <= 90 s and 2 GB,
clashes <= 1.01 x the lower bound, session grouping >= 1.25x random; ICML 2024
<= 45 s with session grouping >= 1.3x; 10,000 posters <= 180 s; ICML exports
<= 5 s; an ICML rerun after a 2 % change <= 10 s with no needless move.
The table prints as Markdown when the output is not a terminal.
"""

from __future__ import annotations

import argparse
import json
import platform
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CASES = {
    "mlsys": ("MLSys 2026 example", 10),
    "icml": ("ICML 2024 (real)", 45),
    "icml-names": ("ICML 2024, names only, hall 95 % full", 90),
    "names-only": ("NeurIPS-like 3,600, names only, 95 % full", 90),
    "modes": ("NLP-like 1,590, three spaces per slot by mode", 60),
    "synth1000": ("synthetic 1,000", 60),
    "synth5000": ("synthetic 5,000", 90),
    "synth10000": ("synthetic 10,000", 180),
    "icml-rerun": ("ICML 2024 rerun, 2 % out + 2 % in", 10),
}
ICML = ROOT / "benchmarks" / "data" / "icml2024"


def icml_names_only(folder: Path, boards: int = 440) -> Path:
    """ICML 2024 as a names-only export, its big hall cut to ``boards``."""
    folder.mkdir(parents=True, exist_ok=True)
    doc = json.loads((ICML / "papers.json").read_text("utf-8"))
    for record in doc["results"]:
        for author in record["authors"]:
            author["id"] = None
            author.pop("url", None)
    (folder / "papers.json").write_text(json.dumps(doc), "utf-8")
    venue = (ICML / "venue.toml").read_text("utf-8")
    venue = venue.replace("boards = 460", f"boards = {boards}").replace("time_limit = 10\n", "")
    (folder / "venue.toml").write_text(venue, "utf-8")
    return folder


def _source(case: str, work: Path) -> Path:
    from planner.synth import generate_modes, generate_names_only, write

    if case == "mlsys":
        return ROOT / "examples" / "mlsys2026"
    if case in ("icml", "icml-rerun"):
        return ICML
    if case == "icml-names":
        return icml_names_only(work / case)
    if case in ("names-only", "modes"):
        doc, venue = (
            generate_names_only(3600, seed=0)
            if case == "names-only"
            else generate_modes(1590, seed=0)
        )
        folder = work / case
        folder.mkdir(parents=True)
        (folder / "papers.json").write_text(json.dumps(doc), "utf-8")
        (folder / "venue.toml").write_text(venue, "utf-8")
        return folder
    return write(int(case.removeprefix("synth")), work / case, seed=0)


def _pipeline(folder: Path, out: Path, previous=None) -> tuple[object, dict[str, float]]:  # type: ignore[no-untyped-def]
    from planner.cli import _self_check
    from planner.engine import Options, make_plan
    from planner.outputs.folder import write_outputs
    from planner.outputs.writers import WRITERS
    from planner.people.inputs import load

    t = time.perf_counter()
    inputs = load(folder)
    seconds = {"load": time.perf_counter() - t}
    plan = make_plan(inputs, Options(time_limit=inputs.venue.rules.time_limit), previous)
    seconds.update(plan.figures.seconds)
    t = time.perf_counter()
    write_outputs(
        plan,
        out,
        WRITERS,
        check=_self_check(folder, None, inputs.paper_list),
        previous_revision=previous.revision if previous else None,
    )
    seconds["exports"] = time.perf_counter() - t
    return plan, seconds


def _change_two_percent(src: Path, dst: Path) -> None:
    """Withdraws 2 % of the papers and adds 2 % new ones written by existing and new authors."""
    import random
    import shutil

    dst.mkdir(parents=True, exist_ok=True)
    shutil.copy(src / "venue.toml", dst / "venue.toml")
    doc = json.loads((src / "papers.json").read_text("utf-8"))
    records = doc["results"]
    rng = random.Random(7)
    k = round(0.02 * len(records))
    for r in rng.sample(records, k):
        r["decision"] = "Withdrawn"
    donors = rng.sample(records, k)
    for i, donor in enumerate(donors):
        new = json.loads(json.dumps(donor))
        new["id"] = 900000 + i
        new["decision"] = "Poster"
        new["name"] = f"Late accept {i}: {donor['name']}"
        late = {
            "id": f"~Late_Author{i}",
            "fullname": f"Late Author {i}",
            "institution": "Late University",
        }
        new["authors"] = [late, *donor["authors"][1:3]]
        records.append(new)
    (dst / "papers.json").write_text(json.dumps(doc), "utf-8")


def run_case(case: str) -> dict[str, object]:
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        folder = _source(case, work)
        start = time.perf_counter()
        plan, seconds = _pipeline(folder, work / "out")
        moves = None
        if case == "icml-rerun":
            changed = work / "changed"
            _change_two_percent(folder, changed)
            start = time.perf_counter()
            plan, seconds = _pipeline(changed, work / "out", previous=plan)
            moves = len(plan.changes.moved) if plan.changes else 0  # type: ignore[attr-defined]
        wall = time.perf_counter() - start
        f = plan.figures  # type: ignore[attr-defined]
        return {
            "case": case,
            "posters": f.posters,
            "authors": len(plan.people),  # type: ignore[attr-defined]
            "seconds": {k: round(v, 2) for k, v in seconds.items()},
            "wall": round(wall, 1),
            "peak_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
            "presenter_clashes": f.presenter_clashes,
            "clashes": f.clashes,
            "bound": f.clash_lower_bound,
            "grouping": f.grouping,
            "neighbours": f.neighbours,
            "session_grouping": f.session_grouping,
            "status": f.status,
            "gap": f.gap,
            "moves": moves,
            "strategy": f.strategy,
        }


def _row(r: dict) -> list[str]:
    s = r["seconds"]
    stages = " / ".join(
        f"{s.get(k, 0):.1f}"
        for k in ("load", "topics", "sessions", "rooms", "polish", "boards", "plan", "exports")
    )
    limit = CASES[r["case"]][1]
    gap = "-" if r["gap"] is None else f"{100 * r['gap']:.0f}%"
    return [
        CASES[r["case"]][0],
        f"{r['posters']:,}",
        f"{r['authors']:,}",
        f"{r['wall']:.1f}" + ("" if r["wall"] <= limit else f" (>{limit})"),
        stages,
        f"{r['peak_mb']:,}",
        str(r["presenter_clashes"]),
        f"{r['clashes']} / {r['bound']}",
        f"{r['session_grouping']:.2f}x",
        f"{r['grouping']:.2f}x",
        f"{r['status']} {gap}",
        "-" if r["moves"] is None else f"{r['moves']} ({r['strategy']})",
    ]


HEADER = [
    "case",
    "posters",
    "authors",
    "wall s",
    "load/topics/sessions/rooms/polish/boards/plan/exports s",
    "peak MB",
    "presenter clashes",
    "clashes / bound",
    "session grouping",
    "room grouping",
    "solver, gap",
    "moves",
]


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--cases", nargs="*", default=list(CASES), choices=list(CASES))
    parser.add_argument("--markdown", action="store_true", help="print a Markdown table")
    parser.add_argument("--case", help=argparse.SUPPRESS)  # internal: run one case, print JSON
    args = parser.parse_args()
    if args.case:
        print(json.dumps(run_case(args.case)))
        return
    rows = []
    for case in args.cases:
        print(f"running {case} …", file=sys.stderr, flush=True)
        done = subprocess.run(
            [sys.executable, __file__, "--case", case],
            capture_output=True,
            text=True,
            cwd=ROOT,
            check=False,
        )
        if done.returncode != 0:
            print(done.stderr[-2000:], file=sys.stderr)
            continue
        rows.append(json.loads(done.stdout.strip().splitlines()[-1]))
    machine = (
        f"{platform.machine()}, {len(__import__('os').sched_getaffinity(0))} cores, "
        f"Python {platform.python_version()}"
    )
    if args.markdown or not sys.stdout.isatty():
        print(f"Machine: {machine}\n")
        print("| " + " | ".join(HEADER) + " |")
        print("|" + "---|" * len(HEADER))
        for r in rows:
            print("| " + " | ".join(_row(r)) + " |")
        return
    from rich.console import Console
    from rich.table import Table

    table = Table(title=f"Poster planner benchmark ({machine})")
    for h in HEADER:
        table.add_column(h)
    for r in rows:
        table.add_row(*_row(r))
    Console().print(table)


if __name__ == "__main__":
    main()
