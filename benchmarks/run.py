"""Benchmark: the full pipeline on real and synthetic conferences, one table (talk cases a second).

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

Talk cases (a second table: talk and cross-format figures beside the posters'):
- ``icml-talks``: ICML 2024 with its 144 orals as 15-minute talks
  (``benchmarks/data/icml2024-talks/venue.toml`` over the ICML papers): six
  oral sessions of 100 minutes in four rooms with seats, three of them
  overlapping a poster session; every oral also has a poster;
- ``talks1000``: a synthetic contributed-talk programme (``planner.synth``
  papers with abstracts): 1,000 talks of 15 minutes in 16 slots of 75 minutes
  x 14 rooms over four days, six slots overlapping a poster session, and 200
  poster-only papers; every talk paper also has a poster.

Targets (2 cores, default settings): the modes case <= 60 s with every poster
in its mode's space and clashes at the bound; the names-only cases <= 90 s and 2 GB,
clashes <= 1.01 x the lower bound, session grouping >= 1.25x random; ICML 2024
<= 45 s with session grouping >= 1.3x; 10,000 posters <= 180 s; ICML exports
<= 5 s; an ICML rerun after a 2 % change <= 10 s with no needless move; the
talk cases <= 60 s and 2 GB with no speaker due at a talk while presenting a
poster and talk clashes at their bound.
The table prints as Markdown when the output is not a terminal.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from planner.plan.records import Plan

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
    "icml-talks": ("ICML 2024, 144 orals as 15-min talks in 4 rooms", 60),
    "talks1000": ("synthetic 1,000 contributed talks, 16 slots x 14 rooms", 60),
}
TALK_CASES = ("icml-talks", "talks1000")
ICML = ROOT / "benchmarks" / "data" / "icml2024"
ICML_TALKS = ROOT / "benchmarks" / "data" / "icml2024-talks"


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


def icml_talks(folder: Path) -> Path:
    """ICML 2024's papers (linked, not copied) with the talk venue of ``ICML_TALKS``."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "papers.json").symlink_to(ICML / "papers.json")
    (folder / "venue.toml").write_text((ICML_TALKS / "venue.toml").read_text("utf-8"), "utf-8")
    return folder


def _talk_slots() -> list[str]:
    """16 talk slots of 75 minutes (five 15-minute talks), four a day on 7-10 Dec 2026.

    The synthetic poster sessions run 10:30-12:30 and 16:30-18:30 on 8-10 Dec,
    so the 10:45 and 16:45 slots of those days overlap one (six slots).
    """
    lines = []
    for day in range(4):
        for k, start in enumerate(("09:00", "10:45", "13:30", "16:45")):
            h, m = divmod(int(start[:2]) * 60 + int(start[3:]) + 75, 60)
            lines += [
                "[[sessions]]",
                f'id = "talks-{day + 1}-{k + 1}"',
                f'name = "Contributed Talks {day + 1}.{k + 1}"',
                f"start = 2026-12-{7 + day:02d}T{start}:00",
                f"end = 2026-12-{7 + day:02d}T{h:02d}:{m:02d}:00",
                'kind = "talks"',
                "",
            ]
    return lines


def talk_programme(folder: Path, talks: int = 1000, posters: int = 200) -> Path:
    """A synthetic contributed-talk programme: ``talks`` 15-minute talks in 16 slots x 14 rooms.

    The papers (titles, abstracts, authors) are ``planner.synth``'s; the first
    ``talks`` get the decision "Talk" and a poster too, the rest are posters.
    """
    from planner.synth import generate

    doc, venue = generate(talks + posters, seed=0)
    for i, record in enumerate(doc["results"]):
        if i < talks:
            record["decision"] = "Talk"
    rooms = []
    for r in range(14):
        rooms += ["[[rooms]]", f'id = "talk-{r + 1:02d}"', f'name = "Room {r + 1}"']
        rooms += [f"seats = {400 if r < 2 else 150}", ""]
    # Top-level keys first, then the talk slots before the poster sessions and
    # the rooms with seats before [rules].
    preamble, body = venue.split("[[sessions]]", 1)
    body, rules = body.split("[rules]")
    talk_rules = "[talks]\nminutes = { Talk = 15 }\nchangeover = 0\nposter_too = true\n"
    text = "\n".join(
        [preamble, *_talk_slots(), "[[sessions]]" + body, *rooms, "[rules]" + rules, talk_rules]
    )
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "papers.json").write_text(json.dumps(doc), "utf-8")
    (folder / "venue.toml").write_text(text, "utf-8")
    return folder


def _source(case: str, work: Path) -> Path:
    from planner.synth import generate_modes, generate_names_only, write

    if case == "mlsys":
        return ROOT / "examples" / "mlsys2026"
    if case == "icml-talks":
        return icml_talks(work / case)
    if case == "talks1000":
        return talk_programme(work / case)
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
            "cpu": round(_cpu_seconds(), 1),
            "load": round(os.getloadavg()[0], 1),
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
            "talks": f.talks,
            "talk_clashes": f.talk_clashes,
            "talk_bound": f.talk_clash_bound,
            "cross_format": cross_format_clashes(plan),  # type: ignore[arg-type]
            "posters_before_talk": (
                f"{f.posters_before_talk} (forced {f.posters_before_talk_bound})"
            ),
            "discrimination": f.discrimination,
            # Posters sharing an author in one session, and those within 2 boards
            # of each other (constraints.together).
            "together": [f.together_pairs, f.together_within],
        }


def _cpu_seconds() -> float:
    """User and system CPU time of this case and its finished children (the export lane)."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def cross_format_clashes(plan: Plan) -> int:
    """Talks given while their speaker presents a poster, recounted from the plan.

    A talk's speaker is its paper's presenter; each (talk, poster) pair whose
    times overlap counts once (the poster may be the talk paper's own).
    """
    presenter = {p.id: p.presenter for p in plan.papers}
    sessions = {s.id: s for s in plan.venue.sessions}
    presents: dict[str, list[str]] = {}
    for pl in plan.placements:
        key = presenter.get(pl.paper)
        if key:
            presents.setdefault(key, []).append(pl.session)
    count = 0
    for talk in plan.talks:
        for sid in presents.get(presenter.get(talk.paper) or "", []):
            s = sessions[sid]
            count += talk.start < s.end and s.start < talk.end
    return count


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
        _together(r),
    ]


def _together(r: dict) -> str:
    """``190 / 196``: shared-author pairs of one session within 2 boards, of all such pairs."""
    pairs, within = r.get("together") or (0, 0)
    return f"{within} / {pairs}" if pairs else "-"


def _talk_row(r: dict) -> list[str]:
    s = r["seconds"]
    stages = " / ".join(
        f"{s.get(k, 0):.1f}"
        for k in ("load", "topics", "talks", "sessions", "rooms", "boards", "plan", "exports")
    )
    limit = CASES[r["case"]][1]
    dr = "-" if r["discrimination"] is None else f"{r['discrimination']:.2f}"
    return [
        CASES[r["case"]][0],
        f"{r['talks']:,}",
        f"{r['posters']:,}",
        f"{r['wall']:.1f}" + ("" if r["wall"] <= limit else f" (>{limit})"),
        stages,
        f"{r['cpu']:.1f} ({r['load']:.1f})",
        f"{r['peak_mb']:,}",
        f"{r['talk_clashes']} / {r['talk_bound']}",
        str(r["cross_format"]),
        str(r["posters_before_talk"]),
        dr,
        f"{r['clashes']} / {r['bound']}",
        str(r["presenter_clashes"]),
        f"{r['session_grouping']:.2f}x",
    ]


TALK_HEADER = [
    "case",
    "talks",
    "posters",
    "wall s",
    "load/topics/talks/sessions/rooms/boards/plan/exports s",
    "CPU s (load average)",
    "peak MB",
    "talk clashes / bound",
    "speaker at a talk while presenting a poster",
    "posters before their talk",
    "discrimination ratio",
    "poster clashes / bound",
    "poster presenter clashes",
    "session grouping",
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
    "shared-author pairs in a session within 2 boards",
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
        f"{platform.machine()}, {len(os.sched_getaffinity(0))} cores, "
        f"Python {platform.python_version()}"
    )
    markdown = args.markdown or not sys.stdout.isatty()
    if markdown:
        print(f"Machine: {machine}\n")
    posters = [_row(r) for r in rows if r["case"] not in TALK_CASES]
    talks = [_talk_row(r) for r in rows if r["case"] in TALK_CASES]
    if posters:
        _show(f"Poster planner benchmark ({machine})", HEADER, posters, markdown)
    if talks:
        if posters and markdown:
            print()
        _show(f"Talks and posters benchmark ({machine})", TALK_HEADER, talks, markdown)


def _show(title: str, header: list[str], lines: list[list[str]], markdown: bool) -> None:
    """One table, as Markdown or (on a terminal) drawn by rich."""
    if markdown:
        print("| " + " | ".join(header) + " |")
        print("|" + "---|" * len(header))
        for line in lines:
            print("| " + " | ".join(line) + " |")
        return
    from rich.console import Console
    from rich.table import Table

    table = Table(title=title)
    for h in header:
        table.add_column(h)
    for line in lines:
        table.add_row(*line)
    Console().print(table)


if __name__ == "__main__":
    main()
