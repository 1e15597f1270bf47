"""Synthetic conferences of any size, realistic where it matters for planning.

Papers belong to topics and their titles and abstracts are drawn from the
topic's vocabulary, so text features find the topics again.  Authors have a
home topic and a heavy-tailed number of papers: most write one, a few senior
people sit on 20-40 papers, mostly as last author in their own topic, as at
NeurIPS.  First authors (the presenters) are students with few papers, so a
venue with six sessions can always be planned.  The venue has six poster
sessions in as many halls of about 450 boards as the posters need, with a
little slack.  Everything is deterministic for a seed.
"""

from __future__ import annotations

import json
import math
from pathlib import Path

import numpy as np

_AREAS = [
    "language model", "diffusion", "reinforcement learning", "graph neural", "federated",
    "privacy", "optimization", "kernel", "bayesian", "causal", "vision transformer",
    "speech", "robotics", "quantization", "compiler", "serving", "retrieval", "fairness",
    "theory", "bandit", "time series", "molecule", "protein", "tabular", "recommendation",
    "contrastive", "sparsity", "distillation", "adversarial", "interpretability",
]
_SYLLABLES = ["ka", "lo", "mi", "ter", "ran", "vex", "dor", "pli", "sun", "gra", "tio", "mer",
              "zen", "qua", "bel", "fro", "nim", "sar", "tul", "wex"]
_FILLER = ["we", "study", "a", "method", "for", "with", "efficient", "scalable", "robust",
           "learning", "models", "data", "training", "inference", "results", "show", "improves",
           "over", "baselines", "on", "benchmarks", "analysis", "novel"]
_FIRST = ["Alex", "Bea", "Chen", "Dana", "Eli", "Fatima", "Gus", "Hana", "Ivan", "Jia", "Kai",
          "Lena", "Mo", "Nia", "Omar", "Pia", "Quinn", "Ravi", "Sara", "Tomas", "Uma", "Vik",
          "Wen", "Xia", "Yara", "Zoe"]
_LAST = ["Ahn", "Berg", "Costa", "Diaz", "Eze", "Fischer", "Gupta", "Haas", "Ito", "Jensen",
         "Kim", "Li", "Mora", "Nagy", "Okafor", "Park", "Qureshi", "Rossi", "Sato", "Tan",
         "Ueda", "Vogel", "Wang", "Xu", "Yilmaz", "Zhou"]
SESSIONS = 6
HALL = 450


def _word(rng: np.random.Generator) -> str:
    return "".join(rng.choice(_SYLLABLES, size=int(rng.integers(2, 4))))


def generate(posters: int, seed: int = 0) -> tuple[dict, str]:
    """A paper list (conference-site JSON) and a venue (TOML text)."""
    rng = np.random.default_rng(seed)
    n_topics = max(8, min(60, posters // 60))
    topics = []
    for t in range(n_topics):
        area = _AREAS[t % len(_AREAS)]
        words = [_word(rng) for _ in range(25)]
        topics.append((f"{area} {words[0]}", words))
    topic_of = rng.integers(0, n_topics, size=posters)

    # Author pools per topic: seniors (heavy tail) and students (one or two papers).
    n_authors = int(posters * 4)
    home = rng.integers(0, n_topics, size=n_authors)
    pools = [np.flatnonzero(home == t) for t in range(n_topics)]
    weight = 1.0 / (np.arange(1, n_authors + 1) ** 0.6)  # Zipf-like productivity
    rng.shuffle(weight)
    names = [f"{_FIRST[i % 26]} {_LAST[(i // 26) % 26]}{'' if i < 676 else f' {i // 676}'}"
             for i in range(n_authors)]
    student_next = 0
    used_students: set[int] = set()

    records = []
    for p in range(posters):
        t = int(topic_of[p])
        pool = pools[t] if len(pools[t]) else np.arange(n_authors)
        k = int(min(12, max(1, rng.poisson(3.5))))
        # Co-authors: mostly the topic's pool by productivity, sometimes anyone.
        w = weight[pool] / weight[pool].sum()
        chosen = list(rng.choice(pool, size=min(k, len(pool)), replace=False, p=w))
        if rng.random() < 0.2:
            chosen.append(int(rng.integers(0, n_authors)))
        # A student first author presents it; students present one poster each.
        while student_next in used_students or weight[student_next] > weight.mean():
            student_next = (student_next + 1) % n_authors
        first = student_next
        used_students.add(first)
        authors = [first] + [a for a in dict.fromkeys(int(a) for a in chosen) if a != first]
        label, words = topics[t]
        picks = rng.choice(words, size=4, replace=False)
        title = f"{picks[0].capitalize()} {label} with {picks[1]} {picks[2]}"
        body = [str(w) for w in rng.choice(words, size=30)] + \
               [str(w) for w in rng.choice(_FILLER, size=30)]
        rng.shuffle(body)
        records.append({
            "id": 100000 + p,
            "name": title,
            "authors": [{"id": f"~{names[a].replace(' ', '_')}{a}", "fullname": names[a],
                         "institution": f"Institute {home[a] % 17}"} for a in authors],
            "abstract": " ".join(body) + ".",
            "decision": "Accept",
            "keywords": [label],
        })
    halls = max(1, math.ceil(posters * 1.08 / SESSIONS / HALL))
    per_hall = math.ceil(posters * 1.08 / SESSIONS / halls)
    venue = [f'name = "Synthetic {posters}"', f'acronym = "synth{posters}"',
             'timezone = "America/New_York"', ""]
    for s in range(SESSIONS):
        day, half = divmod(s, 2)
        start = "10:30" if half == 0 else "16:30"
        end = "12:30" if half == 0 else "18:30"
        venue += ["[[sessions]]", f'id = "s{s + 1}"', f'name = "Poster Session {s + 1}"',
                  f"start = 2026-12-{8 + day:02d}T{start}:00",
                  f"end = 2026-12-{8 + day:02d}T{end}:00", ""]
    for h in range(halls):
        venue += ["[[rooms]]", f'id = "hall-{chr(65 + h)}"', f'name = "Hall {chr(65 + h)}"',
                  f"boards = {per_hall}", f'board_prefix = "{chr(65 + h)}"', ""]
    limit = max(10, min(60, posters // 150))  # solver seconds grow with the conference
    venue += ["[rules]", 'accept_decisions = ["Accept"]', f"time_limit = {limit}", ""]
    doc = {"count": posters, "next": None, "previous": None, "results": records}
    return doc, "\n".join(venue)


def write(posters: int, folder: Path, seed: int = 0) -> Path:
    doc, venue = generate(posters, seed)
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "papers.json").write_text(json.dumps(doc, ensure_ascii=False), "utf-8")
    (folder / "venue.toml").write_text(venue, "utf-8")
    return folder
