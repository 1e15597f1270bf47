"""Benchmark: organizer topics refined by text, on real titles and abstracts.

    python benchmarks/organizer_topics.py            # ICML 2024 subset, seed 0
    python benchmarks/organizer_topics.py --seeds 0 1 2

A robotics-like list with human session names, built from real papers: the
136 ICML 2024 posters nearest a reinforcement-learning and control theme,
each given one of 17 organizer topics of 8 papers (size-balanced k-means on
a unigram TF-IDF of the titles only, so the topics are coarser than the
abstracts, as session names are).  The venue: four sessions of two rooms of
18 boards, so two topics (and a part of a third) share each room.  Printed for each plan, under an
independent TF-IDF over title and abstract (fitted here, not the planner's):
the lift (mean cosine of posters sharing a session and room over that of all
pairs), the session lift, the share of posters in the room holding most of
their topic, clashes against the bound.

- ``names only``: the planner with the text refinement off
  (planner.topics.build.TEXT_REFINES_TOPICS = False): grouping by the names alone;
- ``ours``: default settings;
- ``organizers``: a proxy for a human plan, the topics chained by the likeness
  of their abstracts (each next to the most alike left) and laid into the
  rooms in that order, whole, the way a chair lists related sessions together.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from collections import Counter, defaultdict
from pathlib import Path

import numpy as np
from sklearn.cluster import KMeans
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.preprocessing import normalize

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import planner.topics.build  # noqa: E402
from planner.engine import Options, make_plan  # noqa: E402
from planner.people.inputs import load  # noqa: E402

THEME = "reinforcement learning policy agent reward robot control exploration offline"
POSTERS, TOPICS, SESSIONS, ROOMS, BOARDS = 136, 17, 4, 2, 18
ACCEPTED = ("Poster", "Spotlight", "Oral")

VENUE = """name = "Organizer topics"
acronym = "orgtopics"
timezone = "Europe/Vienna"
{sessions}
{rooms}
[rules]
accept_decisions = ["Poster", "Spotlight", "Oral"]  # ACCEPTED
topic_policy = "group"
"""


def _text(p: dict) -> str:
    return f"{p.get('name') or ''}. {p.get('abstract') or ''}"


def pick_papers() -> list[dict]:
    """The posters nearest the theme, each with a size-balanced organizer topic."""
    data = json.loads((ROOT / "benchmarks/data/icml2024/papers.json").read_text())["results"]
    data = [p for p in data if p.get("decision") in ACCEPTED]
    vec = TfidfVectorizer(stop_words="english", sublinear_tf=True, min_df=2)
    rows = vec.fit_transform([_text(p) for p in data])
    query = vec.transform([THEME])
    near = np.argsort(-(rows @ query.T).toarray().ravel(), kind="stable")[:POSTERS]
    papers = [dict(data[int(i)]) for i in sorted(near)]
    titles = normalize(
        TfidfVectorizer(stop_words="english").fit_transform([p["name"] for p in papers])
    )
    centres = KMeans(TOPICS, n_init=10, random_state=0).fit(titles).cluster_centers_
    sims = np.asarray(titles @ centres.T)
    size = -(-POSTERS // TOPICS)
    taken: Counter[int] = Counter()
    topic: dict[int, int] = {}
    # Most decided papers first, each to its nearest topic with room (sessions of ~8).
    for i in np.argsort(-(sims.max(axis=1) - np.median(sims, axis=1)), kind="stable"):
        for t in np.argsort(-sims[i], kind="stable"):
            if taken[int(t)] < size:
                topic[int(i)], taken[int(t)] = int(t), taken[int(t)] + 1
                break
    for i, p in enumerate(papers):
        p["topic"] = f"Session {topic[i] + 1:02d}"
    return papers


def write_case(folder: Path, papers: list[dict]) -> None:
    sessions = "".join(
        f'\n[[sessions]]\nid = "s{k}"\nname = "Posters {k}"\n'
        f"start = 2024-07-2{3 + k}T11:30:00\nend = 2024-07-2{3 + k}T13:00:00\n"
        for k in range(SESSIONS)
    )
    rooms = "".join(
        f'\n[[rooms]]\nid = "r{k}"\nname = "Room {k}"\nboards = {BOARDS}\n' for k in range(ROOMS)
    )
    (folder / "venue.toml").write_text(VENUE.format(sessions=sessions, rooms=rooms))
    body = {"count": len(papers), "next": None, "previous": None, "results": papers}
    (folder / "papers.json").write_text(json.dumps(body))


def lift(cells: dict[tuple[str, str], list[str]], rows: dict[str, np.ndarray]) -> float:
    """Mean cosine of pairs sharing a cell over the mean of all pairs (independent TF-IDF)."""

    def pair_sum(vs: np.ndarray) -> tuple[float, int]:
        total = vs.sum(axis=0)
        return (float(total @ total) - float((vs * vs).sum())) / 2, len(vs) * (len(vs) - 1) // 2

    within = [pair_sum(np.vstack([rows[p] for p in ps])) for ps in cells.values() if len(ps) > 1]
    s, c = sum(w[0] for w in within), sum(w[1] for w in within)
    everyone, pairs = pair_sum(np.vstack(list(rows.values())))
    return (s / c) / (everyone / pairs)


def independent_rows(papers: list[dict]) -> dict[str, np.ndarray]:
    vec = TfidfVectorizer(stop_words="english", sublinear_tf=True, min_df=2)
    matrix = normalize(vec.fit_transform([_text(p) for p in papers])).toarray()
    return {str(p["id"]): matrix[i] for i, p in enumerate(papers)}


def organizers_plan(papers: list[dict], rows: dict[str, np.ndarray]) -> dict[str, tuple[str, str]]:
    """Topics chained by likeness, laid whole into rooms in that order."""
    members: dict[str, list[str]] = defaultdict(list)
    for p in papers:
        members[p["topic"]].append(str(p["id"]))
    names = sorted(members)
    centres = normalize(np.vstack([np.mean([rows[q] for q in members[n]], axis=0) for n in names]))
    order, left = [0], set(range(1, len(names)))
    while left:
        nxt = max(sorted(left), key=lambda k: float(centres[k] @ centres[order[-1]]))
        order.append(nxt)
        left.remove(nxt)
    cells = [(f"s{s}", f"r{r}") for s in range(SESSIONS) for r in range(ROOMS)]
    where: dict[str, tuple[str, str]] = {}
    k, used = 0, 0
    for t in order:
        for q in members[names[t]]:
            if used >= BOARDS:
                k, used = k + 1, 0
            where[q], used = cells[k], used + 1
    return where


def topic_kept(where: dict[str, tuple[str, str]], topic: dict[str, str]) -> float:
    """Share of posters in the cell holding most of their topic."""
    by_topic: dict[str, Counter[tuple[str, str]]] = defaultdict(Counter)
    for p, cell in where.items():
        by_topic[topic[p]][cell] += 1
    return sum(c.most_common(1)[0][1] for c in by_topic.values()) / len(where)


def measure(name: str, where: dict[str, tuple[str, str]], papers: list[dict], extra: str) -> None:
    rows = {p: v for p, v in independent_rows(papers).items() if p in where}
    cells: dict[tuple[str, str], list[str]] = defaultdict(list)
    sessions: dict[tuple[str, str], list[str]] = defaultdict(list)
    for p, (s, r) in sorted(where.items()):
        cells[s, r].append(p)
        sessions[s, ""].append(p)
    topic = {str(p["id"]): p["topic"] for p in papers}
    extra = f"{len(where)} placed  {extra}"
    print(
        f"{name:<12} lift {lift(cells, rows):.3f}  session lift {lift(sessions, rows):.3f}  "
        f"in their topic's room {100 * topic_kept(where, topic):.0f}%  {extra}"
    )


def author_pairs(where: dict[str, tuple[str, str]], papers: list[dict]) -> int:
    """Pairs of posters in one session sharing an author id (no merging of names)."""
    seen: dict[tuple[str, str], int] = Counter()
    for p in papers:
        authors = p["authors"] if isinstance(p["authors"], list) else []
        for a in {str(x.get("id") or x.get("fullname")) for x in authors if isinstance(x, dict)}:
            seen[where[str(p["id"])][0], a] += 1
    return sum(n * (n - 1) // 2 for n in seen.values())


def plan_once(folder: Path, seed: int, by_text: bool) -> dict[str, tuple[str, str]]:
    planner.topics.build.TEXT_REFINES_TOPICS = by_text
    inputs = load(folder)
    plan = make_plan(inputs, Options(seed=seed, time_limit=10.0))
    f = plan.figures
    print(
        f"  (planner: clashes {f.clashes}, bound {f.clash_lower_bound}, "
        f"grouping {f.grouping:.2f}x, neighbours {f.neighbours:.2f}x, {f.status})"
    )
    return {pl.paper: (pl.session, pl.room) for pl in plan.placements}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, nargs="+", default=[0])
    args = parser.parse_args()
    papers = pick_papers()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        write_case(folder, papers)
        print(
            f"{len(papers)} ICML 2024 posters, {TOPICS} organizer topics, "
            f"{SESSIONS} sessions x {ROOMS} rooms x {BOARDS} boards"
        )
        chair = organizers_plan(papers, independent_rows(papers))
        measure(
            "organizers", chair, papers, f"(shared-author pairs: {author_pairs(chair, papers)})"
        )
        for seed in args.seeds:
            measure("names only", plan_once(folder, seed, False), papers, f"seed {seed}")
            measure("ours", plan_once(folder, seed, True), papers, f"seed {seed}")


if __name__ == "__main__":
    main()
