"""Benchmark: talk themes under an independent TF-IDF, against random and a clustering sketch.

    python benchmarks/talk_themes.py              # the society-meeting-like programme
    python benchmarks/talk_themes.py --talks 600  # a smaller one

Why. The discrimination ratio (DR) the planner reports is measured on its own
rows (the talks' TF-IDF, planner.topics.build.talk_rows). An outside check
measures it on an independent TF-IDF of the abstracts and compares it with the
published schedule of a society meeting (Manda et al., PeerJ CS 5:e234, 2019:
about 1,000 contributed talks, 16 time slots x up to 14 parallel rooms x 5
talks of 15 minutes) and with a simple clustering sketch. This benchmark
builds such a programme from real abstracts: a seeded sample of ICML 2024's
papers (benchmarks/data/icml2024), each a 15-minute talk without a poster
(``poster_too = false``, no poster session), in 16 slots of 75 minutes over
four days with 14 rooms (11 in four afternoon slots: 212 room-sessions, 1,060
seats). It runs the planner as ``planner plan`` does with default settings
(planner.engine.make_plan: its topics, its vectors, its talk stage) and
measures DR on one TF-IDF that shares nothing with the planner's: sklearn's
English stop words, title and abstract, sublinear tf, min_df 2, cosine. The
rows:

- *ours*: the planner's talk programme, defaults;
- *random*: the same room-sessions filled by a seeded shuffle (mean of 5);
- *sketch, plain*: k-means blocks of at most five talks on the independent
  TF-IDF, blocks to slots greedily so that blocks at once are unlike;
- *sketch*: the same with single-talk swaps between blocks and block swaps
  between slots, as docs/modelling.md §11 describes it.

The sketches know no author, speaker or session rule and are scored on the
very TF-IDF they cluster; the notes count each plan's pairs of talks sharing
an author in one slot (the planner keeps them at their lower bound).
Everything is seeded: two runs print the same DRs.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
from scipy import sparse
from sklearn.cluster import KMeans
from sklearn.decomposition import TruncatedSVD
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.preprocessing import normalize

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

ICML = ROOT / "benchmarks" / "data" / "icml2024" / "papers.json"
DAYS, STARTS, ROOMS, TALK, SLOT = 4, ("09:00", "10:45", "13:30", "16:00"), 14, 15, 75
SMALL = {(0, 3), (1, 2), (2, 2), (3, 2)}  # (day, slot) with fewer rooms open
SMALL_ROOMS = 11
PER_ROOM = SLOT // TALK

Cells = list[list[int]]  # per room-session, the talks' row numbers
Slots = list[list[int]]  # per slot, its room-sessions (indices into Cells)
Row = tuple[str, float, float, str]  # plan, DR, wall seconds, notes


# ---------------------------------------------------------------------- the programme


def session_ids() -> list[str]:
    return [f"talks-{d + 1}-{k + 1}" for d in range(DAYS) for k in range(len(STARTS))]


def room_counts() -> list[int]:
    """Rooms open per slot, in ``session_ids`` order."""
    return [SMALL_ROOMS if (d, k) in SMALL else ROOMS for d in range(DAYS) for k in range(4)]


def venue_text() -> str:
    """The talk slots, the rooms with seats, and talks without posters: a society meeting."""
    lines = ['name = "Society meeting (ICML 2024 abstracts)"', 'timezone = "UTC"', ""]
    for d in range(DAYS):
        for k, start in enumerate(STARTS):
            h, m = divmod(int(start[:2]) * 60 + int(start[3:]) + SLOT, 60)
            day = f"2026-06-{1 + d:02d}"
            lines += ["[[sessions]]", f'id = "talks-{d + 1}-{k + 1}"']
            lines += [f'name = "Contributed talks {d + 1}.{k + 1}"', f"start = {day}T{start}:00"]
            lines += [f"end = {day}T{h:02d}:{m:02d}:00", 'kind = "talks"', ""]
    small = {f"talks-{d + 1}-{k + 1}" for d, k in SMALL}
    big = ", ".join(f'"{s}"' for s in session_ids() if s not in small)
    for r in range(ROOMS):
        lines += ["[[rooms]]", f'id = "room-{r + 1:02d}"', f'name = "Room {r + 1}"']
        lines += ["boards = 0", f"seats = {300 if r < 2 else 120}"]
        lines += [f"sessions = [{big}]"] if r >= SMALL_ROOMS else []
        lines.append("")
    lines += ["[rules]", 'accept_decisions = ["Talk"]', ""]
    lines += ["[talks]", f"minutes = {{ Talk = {TALK} }}", "changeover = 0", "poster_too = false"]
    return "\n".join(lines) + "\n"


def programme(folder: Path, talks: int, seed: int) -> list[dict[str, Any]]:
    """A seeded sample of ICML 2024 papers, each a talk; the records, in file order."""
    records = json.loads(ICML.read_text("utf-8"))["results"]
    usable = [r for r in records if r.get("abstract") and r.get("name")]
    chosen = np.random.default_rng(seed).choice(len(usable), talks, replace=False)
    out = [{**usable[i], "decision": "Talk"} for i in sorted(chosen.tolist())]
    folder.mkdir(parents=True, exist_ok=True)
    doc = {"count": len(out), "next": None, "previous": None, "results": out}
    (folder / "papers.json").write_text(json.dumps(doc), "utf-8")
    (folder / "venue.toml").write_text(venue_text(), "utf-8")
    return out


def independent_tfidf(records: list[dict[str, Any]]) -> sparse.csr_matrix:
    """Unit rows of a plain TF-IDF of title and abstract: the outside check's kind of measure."""
    texts = [f"{r['name']}. {r['abstract']}" for r in records]
    vec = TfidfVectorizer(stop_words="english", sublinear_tf=True, min_df=2)
    return normalize(vec.fit_transform(texts)).tocsr()


# ---------------------------------------------------------------------- the measures


def discrimination(x: sparse.csr_matrix, cells: Cells, slots: Slots) -> float:
    """Mean cosine of pairs in one room-session over that of pairs in concurrent room-sessions.

    A set's pairs sum to (|Σ rows|² - Σ |row|²) / 2.
    """

    def pairs(members: list[int]) -> tuple[float, float]:
        rows = x[members]
        total = np.asarray(rows.sum(axis=0)).ravel()
        own = float(rows.multiply(rows).sum())
        return (float(total @ total) - own) / 2, len(members) * (len(members) - 1) / 2

    within = pairs_within = session = pairs_session = 0.0
    for slot in slots:
        for c in slot:
            s, p = pairs(cells[c])
            within, pairs_within = within + s, pairs_within + p
        s, p = pairs([i for c in slot for i in cells[c]])
        session, pairs_session = session + s, pairs_session + p
    across = (session - within) / (pairs_session - pairs_within)
    return (within / pairs_within) / across


def shared_author_pairs(records: list[dict[str, Any]], cells: Cells, slots: Slots) -> int:
    """Pairs of talks in one slot that share an author (by author id, else name)."""
    people = [{a.get("id") or a.get("fullname") for a in r["authors"]} for r in records]
    count = 0
    for slot in slots:
        talks = [i for c in slot for i in cells[c]]
        count += sum(
            bool(people[i] & people[j]) for k, i in enumerate(talks) for j in talks[k + 1 :]
        )
    return count


# ---------------------------------------------------------------------- the planner


def ours(folder: Path, index: dict[str, int]) -> tuple[Cells, Slots, str]:
    """The planner's talk programme with default settings, as ``planner plan`` makes it."""
    from planner.engine import Options, make_plan
    from planner.people.inputs import load

    inputs = load(folder)
    plan = make_plan(inputs, Options(time_limit=inputs.venue.rules.time_limit))
    by_cell: dict[tuple[str, str], list[int]] = {}
    for t in plan.talks:
        by_cell.setdefault((t.session, t.room), []).append(index[t.paper])
    keys = sorted(by_cell)
    slots = [[j for j, k in enumerate(keys) if k[0] == sid] for sid in session_ids()]
    f = plan.figures
    note = (
        f"planner's talk clashes {f.talk_clashes} / bound {f.talk_clash_bound}; "
        f"its own DR {f.discrimination:.2f}; talk stage {f.seconds.get('talks', 0):.1f} s"
    )
    return [by_cell[k] for k in keys], [s for s in slots if s], note


# ---------------------------------------------------------------------- the others


def shuffled(cells: Cells, seed: int) -> Cells:
    """The same room-sessions, same sizes, the talks dealt by a seeded shuffle."""
    talks = np.random.default_rng(seed).permutation([i for c in cells for i in c]).tolist()
    ends = np.cumsum([len(c) for c in cells]).tolist()
    return [talks[a:b] for a, b in zip([0, *ends[:-1]], ends, strict=True)]


def sketch_blocks(x: sparse.csr_matrix, blocks: int, seed: int, swaps: bool) -> Cells:
    """K-means blocks of at most ``PER_ROOM`` talks: nearest centroid with room, then swaps."""
    dense = normalize(TruncatedSVD(100, random_state=seed).fit_transform(x))
    centres = KMeans(blocks, n_init=4, random_state=seed).fit(dense).cluster_centers_
    sims = dense @ centres.T
    top = np.sort(sims, axis=1)
    block = np.full(x.shape[0], -1)
    free = np.full(blocks, PER_ROOM)
    for i in np.argsort(top[:, -2] - top[:, -1], kind="stable"):  # most decided first
        g = int(np.argmax(np.where(free > 0, sims[i], -np.inf)))
        block[i], free[g] = g, free[g] - 1
    if swaps:
        _swap_talks(x, block, blocks, seed)
    return [np.flatnonzero(block == g).tolist() for g in range(blocks)]


def _swap_talks(x: sparse.csr_matrix, block: np.ndarray, blocks: int, seed: int) -> None:
    """Single-talk swaps between blocks while one raises the similarity within blocks."""
    sim = (x @ x.T).toarray()
    np.fill_diagonal(sim, 0.0)
    to = np.stack([sim[:, block == g].sum(axis=1) for g in range(blocks)], axis=1)
    every, rng = np.arange(len(block)), np.random.default_rng(seed)
    for _ in range(20):
        gained = False
        for i in rng.permutation(len(block)).tolist():
            a = block[i]
            gain = to[i, block] - to[i, a] + to[every, a] - to[every, block] - 2 * sim[i]
            gain[block == a] = -np.inf
            j = int(np.argmax(gain))
            if gain[j] > 1e-9:
                b = block[j]
                block[i], block[j] = b, a
                to[:, a] += sim[:, j] - sim[:, i]
                to[:, b] += sim[:, i] - sim[:, j]
                gained = True
        if not gained:
            return


def sketch_slots(x: sparse.csr_matrix, blocks: Cells, seed: int, swaps: bool) -> Slots:
    """Blocks to slots, biggest first, each to the open slot whose blocks are least like it.

    Then swaps of blocks between slots while one lowers the likeness of blocks at once.
    """
    rooms = room_counts()
    sums = np.vstack([np.asarray(x[b].sum(axis=0)) for b in blocks])
    pair = sums @ sums.T  # similarity summed over the talk pairs of two blocks
    np.fill_diagonal(pair, 0.0)
    slot_of, free = np.full(len(blocks), -1), np.array(rooms)
    for g in sorted(range(len(blocks)), key=lambda g: (-len(blocks[g]), g)):
        clash = np.array([pair[g, slot_of == s].sum() for s in range(len(rooms))])
        slot_of[g] = int(np.argmin(np.where(free > 0, clash, np.inf)))
        free[slot_of[g]] -= 1
    rng = np.random.default_rng(seed)
    for _ in range(20 if swaps else 0):
        gained = False
        for g in rng.permutation(len(blocks)).tolist():
            to = np.stack([pair[:, slot_of == s].sum(axis=1) for s in range(len(rooms))], 1)
            s = slot_of[g]
            gain = to[g, s] - to[g, slot_of] + to[np.arange(len(blocks)), slot_of] - to[:, s]
            gain += 2 * pair[g]
            gain[slot_of == s] = -np.inf
            h = int(np.argmax(gain))
            if gain[h] > 1e-9:
                slot_of[g], slot_of[h] = slot_of[h], s
                gained = True
        if not gained:
            break
    return [np.flatnonzero(slot_of == s).tolist() for s in range(len(rooms))]


# ---------------------------------------------------------------------- the table


def timed(make: Callable[[], tuple[Cells, Slots, str]]) -> tuple[Cells, Slots, str, float]:
    start = time.perf_counter()
    cells, slots, note = make()
    return cells, slots, note, time.perf_counter() - start


def run(talks: int, seed: int) -> list[Row]:
    """The rows of the table, ours first."""
    rows: list[Row] = []
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "programme"
        records = programme(folder, talks, seed)
        x = independent_tfidf(records)
        index = {str(r["id"]): i for i, r in enumerate(records)}

        def row(name: str, cells: Cells, slots: Slots, note: str, wall: float) -> Row:
            shared = shared_author_pairs(records, cells, slots)
            return (name, discrimination(x, cells, slots), wall, f"{note}; shared-author {shared}")

        cells, slots, note, wall = timed(lambda: ours(folder, index))
        rows.append(row("ours (planner plan, defaults)", cells, slots, note, wall))
    drs = [discrimination(x, shuffled(cells, seed + k), slots) for k in range(5)]
    rows.append(("random (same room-sessions)", float(np.mean(drs)), 0.0, f"sd {np.std(drs):.3f}"))
    for name, swaps in (("sketch, plain", False), ("sketch", True)):

        def make(swaps: bool = swaps) -> tuple[Cells, Slots, str]:
            blocks = sketch_blocks(x, sum(room_counts()), seed, swaps)
            return blocks, sketch_slots(x, blocks, seed, swaps), "no author or speaker rule"

        rows.append(row(name, *timed(make)))
    return rows


def main() -> None:
    ap = argparse.ArgumentParser(description=(__doc__ or "").split("\n")[0])
    ap.add_argument("--talks", type=int, default=1000)
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args()
    rows = run(args.talks, args.seed)
    bar = rows[-1][1]
    print(
        f"{args.talks} ICML 2024 abstracts as 15-minute talks, 16 slots x 14 (11) rooms x 5, "
        f"seed {args.seed}: DR under an independent TF-IDF\n"
    )
    print("| plan | DR | vs sketch | wall s | notes |")
    print("|---|---|---|---|---|")
    for name, dr, wall, note in rows:
        print(f"| {name} | {dr:.2f} | {100 * (dr / bar - 1):+.0f} % | {wall:.1f} | {note} |")


if __name__ == "__main__":
    main()
