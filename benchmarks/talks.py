"""Benchmark: talk scheduling (planner.model.talks) on a synthetic ~1,000-talk programme.

    python benchmarks/talks.py                  # the default programme, one table
    python benchmarks/talks.py --talks 600      # a smaller one
    python benchmarks/talks.py --markdown       # the table as Markdown

The programme is shaped like the society meeting of docs/modelling.md §11:
16 talk slots (4 days x 4) x 14 rooms x 5 talks of 15 minutes (1,120 seats).
Topic vectors are TF-IDF-like rows built from 40 themes: each talk draws most
of its words from its theme's vocabulary and the rest from a shared Zipf
background, then takes sublinear tf, idf and unit length, so unrelated talks
are a little alike (as real abstracts are) and a random programme scores a
discrimination ratio near 1.  Authors come from per-theme pools with a Zipf
pull, so seniors co-author many talks of their theme and themes fight author
overlaps; the first author speaks.  Some speakers present a poster in a poster
session beside two talk slots (``busy``), some talks may use only some days
(``allowed``), and the rerun case withdraws 2 % and adds 2 % new talks.

Each case runs in a fresh subprocess, so its peak memory is its own; the plan digest
is a fingerprint of the placements, the same on every run (the plan is deterministic).  Target
(2 cores): well under 60 s, DR well above 1, author overlaps near their bound,
no speaker overlap.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import resource
import subprocess
import sys
import time
from datetime import datetime, timedelta
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from planner.model.talks import TalkItem, TalkPlan, TalkSlot, plan_talks  # noqa: E402

THEMES = 40
VOCAB = 600
DAYS, PER_DAY, ROOMS, TALK = 4, 4, 14, 15


def slots() -> list[TalkSlot]:
    """16 slots of 75 minutes (five 15-minute talks), 14 rooms each."""
    out = []
    for day in range(DAYS):
        for k in range(PER_DAY):
            start = datetime(2026, 6, 1 + day, 9) + timedelta(minutes=105 * k)
            rooms = tuple(f"R{r + 1:02d}" for r in range(ROOMS))
            out.append(TalkSlot(f"D{day + 1}S{k + 1}", start, start + timedelta(minutes=75), rooms))
    return out


def vectors(theme: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """TF-IDF-like unit rows: theme words mostly, a Zipf background for the rest."""
    n = len(theme)
    core = [rng.choice(VOCAB, 25, replace=False) for _ in range(THEMES)]
    background = 1.0 / np.arange(1, VOCAB + 1) ** 1.1
    background /= background.sum()
    counts = np.zeros((n, VOCAB))
    for i, t in enumerate(theme):
        words = np.concatenate([rng.choice(core[t], 30), rng.choice(VOCAB, 20, p=background)])
        np.add.at(counts[i], words, 1.0)
    tf = np.where(counts > 0, 1 + np.log(np.maximum(counts, 1)), 0.0)
    df = (counts > 0).sum(axis=0)
    idf = np.log((1 + n) / (1 + df)) + 1
    rows = tf * idf
    return rows / np.linalg.norm(rows, axis=1, keepdims=True)


def programme(n: int, seed: int = 0) -> tuple[list[TalkItem], list[TalkSlot], np.ndarray, dict]:
    """Talks, slots, topic rows and busy intervals of the synthetic programme."""
    rng = np.random.default_rng(seed)
    sl = slots()
    theme = rng.integers(0, THEMES, n)
    pools = [[f"t{t}p{k}" for k in range(40)] for t in range(THEMES)]
    pull = 1.0 / np.arange(1, 41) ** 1.2
    pull /= pull.sum()
    # A poster session beside the first two slots of day 2.
    poster = (sl[4].start, sl[5].end)
    items, busy = [], {}
    for i in range(n):
        speaker = f"s{i}" if rng.random() < 0.9 else f"s{int(rng.integers(0, n))}"
        seniors = rng.choice(pools[theme[i]], int(rng.integers(1, 4)), replace=False, p=pull)
        authors = (speaker, *sorted(str(s) for s in seniors))
        allowed = None
        if rng.random() < 0.05:  # may only come on two of the days
            days = rng.choice(DAYS, 2, replace=False)
            allowed = frozenset(s.id for s in sl if int(s.id[1]) - 1 in days)
        if rng.random() < 0.1:
            busy[speaker] = [poster]
        items.append(TalkItem(f"P{i:04d}", TALK, (speaker,), authors, allowed))
    return items, sl, vectors(theme, rng), busy


def rerun(plan: TalkPlan, items: list[TalkItem], vec: np.ndarray, seed: int) -> tuple:
    """2 % of the talks withdrawn, 2 % new, everyone else with their previous place."""
    rng = np.random.default_rng(seed + 1)
    where = {p.paper: (p.session, p.room, p.position) for p in plan.placements}
    out = sorted(rng.choice(len(items), len(items) // 50, replace=False).tolist())
    keep = [i for i in range(len(items)) if i not in set(out)]
    kept = [
        TalkItem(it.paper, it.minutes, it.speakers, it.authors, it.allowed, where[it.paper])
        for it in (items[i] for i in keep)
    ]
    new = [TalkItem(f"N{k:03d}", TALK, (f"n{k}",), (f"n{k}",)) for k in range(len(items) // 50)]
    fresh = vectors(rng.integers(0, THEMES, len(new)), rng)
    return kept + new, np.vstack([vec[keep], fresh])


def run_case(case: str, n: int, seed: int, limit: float) -> dict:
    items, sl, vec, busy = programme(n, seed)
    start = time.perf_counter()
    plan = plan_talks(items, sl, vec, seed=seed, time_limit=limit, busy=busy)
    if case == "rerun":
        items, vec = rerun(plan, items, vec, seed)
        start = time.perf_counter()
        plan = plan_talks(items, sl, vec, seed=seed, time_limit=limit, busy=busy)
    wall = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {
        "case": case,
        "talks": len(items),
        "wall": wall,
        "peak_mb": peak,
        "status": plan.status,
        "dr": plan.discrimination,
        "author": plan.author_overlaps,
        "bound": plan.author_overlap_bound,
        "speaker": plan.speaker_overlaps,
        "moves": plan.moves,
        "stages": plan.timings,
        "digest": digest(plan),
    }


def digest(plan: TalkPlan) -> str:
    """A short fingerprint of the placements: equal across runs when the plan is."""
    text = repr([(p.paper, p.session, p.room, p.position) for p in plan.placements])
    return hashlib.sha256(text.encode()).hexdigest()[:12]


def _table(rows: list[dict], markdown: bool) -> str:
    head = ["case", "talks", "wall s", "peak MB", "status", "DR", "author overlaps / bound"]
    head += ["speaker overlaps", "moves", "stages s", "plan digest"]
    lines = []
    for r in rows:
        stages = " ".join(f"{k} {v:.1f}" for k, v in r["stages"].items())
        dr = "-" if r["dr"] is None else f"{r['dr']:.2f}"
        first = [r["case"], str(r["talks"]), f"{r['wall']:.1f}", f"{r['peak_mb']:.0f}", r["status"]]
        lines.append(
            [
                *first,
                dr,
                f"{r['author']} / {r['bound']}",
                str(r["speaker"]),
                str(r["moves"]),
                stages,
                r["digest"],
            ]
        )
    if markdown:
        out = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
        return "\n".join(out + ["| " + " | ".join(line) + " |" for line in lines])
    widths = [max(len(x) for x in col) for col in zip(head, *lines, strict=True)]
    fmt = "  ".join(f"{{:<{w}}}" for w in widths)
    return "\n".join(fmt.format(*row) for row in [head, *lines])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--talks", type=int, default=1000)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--time-limit", type=float, default=10.0)
    ap.add_argument("--cases", nargs="*", default=["plan", "rerun"])
    ap.add_argument("--markdown", action="store_true")
    ap.add_argument("--one", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.one:
        row = run_case(args.one, args.talks, args.seed, args.time_limit)
        print(json.dumps(row))
        return
    rows = []
    for case in args.cases:
        cmd = [sys.executable, __file__, "--one", case, "--talks", str(args.talks)]
        cmd += ["--seed", str(args.seed), "--time-limit", str(args.time_limit)]
        done = subprocess.run(cmd, capture_output=True, text=True, check=True)
        rows.append(json.loads(done.stdout.strip().splitlines()[-1]))
    print(_table(rows, args.markdown or not sys.stdout.isatty()))


if __name__ == "__main__":
    main()
