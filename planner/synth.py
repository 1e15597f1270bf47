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
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

_AREAS = [
    "language model", "diffusion", "reinforcement learning", "graph neural", "federated",
    "privacy", "optimization", "kernel", "bayesian", "causal", "vision transformer", "speech",
    "robotics", "quantization", "compiler", "serving", "retrieval", "fairness", "theory", "bandit",
    "time series", "molecule", "protein", "tabular", "recommendation", "contrastive", "sparsity",
    "distillation", "adversarial", "interpretability",
]  # fmt: skip
_SYLLABLES = [
    "ka", "lo", "mi", "ter", "ran", "vex", "dor", "pli", "sun", "gra", "tio", "mer", "zen", "qua",
    "bel", "fro", "nim", "sar", "tul", "wex",
]  # fmt: skip
_FILLER = [
    "we", "study", "a", "method", "for", "with", "efficient", "scalable", "robust", "learning",
    "models", "data", "training", "inference", "results", "show", "improves", "over", "baselines",
    "on", "benchmarks", "analysis", "novel",
]  # fmt: skip
_FIRST = [
    "Alex", "Bea", "Chen", "Dana", "Eli", "Fatima", "Gus", "Hana", "Ivan", "Jia", "Kai", "Lena",
    "Mo", "Nia", "Omar", "Pia", "Quinn", "Ravi", "Sara", "Tomas", "Uma", "Vik", "Wen", "Xia",
    "Yara", "Zoe",
]  # fmt: skip
_LAST = [
    "Ahn", "Berg", "Costa", "Diaz", "Eze", "Fischer", "Gupta", "Haas", "Ito", "Jensen", "Kim",
    "Li", "Mora", "Nagy", "Okafor", "Park", "Qureshi", "Rossi", "Sato", "Tan", "Ueda", "Vogel",
    "Wang", "Xu", "Yilmaz", "Zhou",
]  # fmt: skip
SESSIONS = 6
HALL = 450


def _word(rng: np.random.Generator) -> str:
    return "".join(rng.choice(_SYLLABLES, size=int(rng.integers(2, 4))))


def _topics(rng: np.random.Generator, posters: int) -> list[tuple[str, list[str]]]:
    """A label and a 25-word vocabulary per topic, 8 to 60 topics as the size asks."""
    n_topics = max(8, min(60, posters // 60))
    topics = []
    for t in range(n_topics):
        area = _AREAS[t % len(_AREAS)]
        words = [_word(rng) for _ in range(25)]
        topics.append((f"{area} {words[0]}", words))
    return topics


def _paper_text(rng: np.random.Generator, label: str, words: list[str]) -> tuple[str, str]:
    """A title and an abstract from the topic's vocabulary and filler words."""
    picks = rng.choice(words, size=4, replace=False)
    title = f"{picks[0].capitalize()} {label} with {picks[1]} {picks[2]}"
    body = [str(w) for w in rng.choice(words, size=30)] + [
        str(w) for w in rng.choice(_FILLER, size=30)
    ]
    rng.shuffle(body)
    return title, " ".join(body) + "."


@dataclass
class _Authors:
    """The people of :func:`generate`: a home topic, a productivity and a name each."""

    count: int
    home: np.ndarray
    pools: list[np.ndarray]  # per topic, the people at home in it
    weight: np.ndarray
    names: list[str]


def _authors(rng: np.random.Generator, posters: int, n_topics: int) -> _Authors:
    """Author pools per topic: seniors (heavy tail) and students (one or two papers)."""
    n_authors = int(posters * 4)
    home = rng.integers(0, n_topics, size=n_authors)
    pools = [np.flatnonzero(home == t) for t in range(n_topics)]
    weight = 1.0 / (np.arange(1, n_authors + 1) ** 0.6)  # Zipf-like productivity
    rng.shuffle(weight)
    names = [
        f"{_FIRST[i % 26]} {_LAST[(i // 26) % 26]}{'' if i < 676 else f' {i // 676}'}"
        for i in range(n_authors)
    ]
    return _Authors(n_authors, home, pools, weight, names)


def _records(
    rng: np.random.Generator,
    posters: int,
    topics: list[tuple[str, list[str]]],
    topic_of: np.ndarray,
    people: _Authors,
) -> list[dict]:
    """The papers of :func:`generate`, each presented by a student of its own."""
    n_authors, weight = people.count, people.weight
    student_next = 0
    used_students: set[int] = set()
    records = []
    for p in range(posters):
        t = int(topic_of[p])
        pool = people.pools[t] if len(people.pools[t]) else np.arange(n_authors)
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
        title, abstract = _paper_text(rng, label, words)
        records.append(_record(p, title, abstract, label, authors, people))
    return records


def _record(
    p: int, title: str, abstract: str, label: str, authors: list[int], people: _Authors
) -> dict:
    """One paper as a conference site's JSON gives it, authors with ids and institutions."""
    names = people.names
    return {
        "id": 100000 + p,
        "name": title,
        "authors": [
            {
                "id": f"~{names[a].replace(' ', '_')}{a}",
                "fullname": names[a],
                "institution": f"Institute {people.home[a] % 17}",
            }
            for a in authors
        ],
        "abstract": abstract,
        "decision": "Accept",
        "keywords": [label],
    }


def _venue(posters: int) -> list[str]:
    """Six sessions over three days in as many halls as the posters need, a little slack."""
    halls = max(1, math.ceil(posters * 1.08 / SESSIONS / HALL))
    per_hall = math.ceil(posters * 1.08 / SESSIONS / halls)
    venue = [
        f'name = "Synthetic {posters}"',
        f'acronym = "synth{posters}"',
        'timezone = "America/New_York"',
        "",
    ]
    for s in range(SESSIONS):
        day, half = divmod(s, 2)
        start = "10:30" if half == 0 else "16:30"
        end = "12:30" if half == 0 else "18:30"
        venue += [
            "[[sessions]]",
            f'id = "s{s + 1}"',
            f'name = "Poster Session {s + 1}"',
            f"start = 2026-12-{8 + day:02d}T{start}:00",
            f"end = 2026-12-{8 + day:02d}T{end}:00",
            "",
        ]
    for h in range(halls):
        venue += [
            "[[rooms]]",
            f'id = "hall-{chr(65 + h)}"',
            f'name = "Hall {chr(65 + h)}"',
            f"boards = {per_hall}",
            f'board_prefix = "{chr(65 + h)}"',
            "",
        ]
    venue += ["[rules]", 'accept_decisions = ["Accept"]', ""]
    return venue


def generate(posters: int, seed: int = 0) -> tuple[dict, str]:
    """A paper list (conference-site JSON) and a venue (TOML text)."""
    rng = np.random.default_rng(seed)
    topics = _topics(rng, posters)
    n_topics = len(topics)
    topic_of = rng.integers(0, n_topics, size=posters)
    people = _authors(rng, posters, n_topics)
    records = _records(rng, posters, topics, topic_of, people)
    venue = _venue(posters)
    doc = {"count": posters, "next": None, "previous": None, "results": records}
    return doc, "\n".join(venue)


def write(posters: int, folder: Path, seed: int = 0) -> Path:
    doc, venue = generate(posters, seed)
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "papers.json").write_text(json.dumps(doc, ensure_ascii=False), "utf-8")
    (folder / "venue.toml").write_text(venue, "utf-8")
    return folder


# Names shared by several people, as common names are in real lists ("Bo Li").
_COMMON = [
    "Bo Li", "Yang Liu", "Yu Wang", "Wei Chen", "Jun Zhang", "Lei Zhang", "Xin Li", "Hao Wang",
]  # fmt: skip


def _people_names(count: int, offset: int) -> list[str]:
    """Distinct made-up names ("Ada Berg K", "Ada Berg K2")."""
    out = []
    for i in range(offset, offset + count):
        suffix = chr(65 + (i // 676) % 26) + (str(i // 17576 + 1) if i >= 17576 else "")
        out.append(f"{_FIRST[i % 26]} {_LAST[(i // 26) % 26]} {suffix}")
    return out


@dataclass
class _Labs:
    """The seniors of :func:`generate_names_only`: each a lab with a topic and a name."""

    count: int
    topic: np.ndarray
    last: np.ndarray  # per paper, its senior (last) author
    peers: list[np.ndarray]  # per topic, its seniors
    weight: np.ndarray
    busy: set[int]  # labs with a student on more papers than there are sessions
    names: list[str]


def _labs(rng: np.random.Generator, posters: int, n_topics: int) -> _Labs:
    """Seniors: a home topic and a heavy-tailed number of papers (1-12)."""
    n_seniors = max(4, posters // 2)
    productivity = np.minimum(10, np.floor(rng.pareto(1.7, size=n_seniors) + 1)).astype(int)
    senior_topic = rng.integers(0, n_topics, size=n_seniors)
    last = np.repeat(np.arange(n_seniors), productivity)
    rng.shuffle(last)
    if len(last) < posters:
        extra = rng.integers(0, n_seniors, size=posters - len(last))
        last = np.concatenate([last, extra])
    last = last[:posters]
    peers = [np.flatnonzero(senior_topic == t) for t in range(n_topics)]
    weight = np.sqrt(productivity.astype(float))
    # A few labs have a student who first-authors more papers than there are sessions.
    busy_labs = set(np.argsort(-productivity, kind="stable")[:6].tolist())
    senior_names = _people_names(n_seniors, 0)
    return _Labs(n_seniors, senior_topic, last, peers, weight, busy_labs, senior_names)


@dataclass
class _Students:
    """Students by name, handed out in order: each lab's, and outsiders no one else lists."""

    names: list[str]
    next: int = 0
    of_lab: dict[int, list[int]] = field(default_factory=dict)
    load_of_lab: dict[int, list[int]] = field(default_factory=dict)


def _first_author(
    rng: np.random.Generator, students: list[int], loads: list[int], busy: bool, cohort: _Students
) -> int:
    """A new student, or one of the lab's (busier students more likely)."""
    if not students or (rng.random() < 0.6 and not busy) or min(loads) >= (7 if busy else 3):
        students.append(cohort.next)
        loads.append(0)
        cohort.next += 1
        return len(students) - 1
    w = (np.array(loads, dtype=float) + (0.1 if busy else 1.0)) * (
        np.array(loads) < (7 if busy else 3)
    )
    return int(rng.choice(len(students), p=w / w.sum()))


def _lab_authors(
    rng: np.random.Generator, posters: int, labs: _Labs
) -> tuple[list[list[str]], list[int]]:
    """Each paper's author names and topic: students of the lab first, its senior last."""
    # Students belong to one lab; each lab paper takes a first author from it.
    cohort = _Students(_people_names(posters * 2, labs.count))
    authors_of: list[list[str]] = []
    topic_of: list[int] = []
    for p in range(posters):
        s = int(labs.last[p])
        t = int(labs.topic[s])
        topic_of.append(t)
        students = cohort.of_lab.setdefault(s, [])
        loads = cohort.load_of_lab.setdefault(s, [])
        first = _first_author(rng, students, loads, s in labs.busy, cohort)
        loads[first] += 1
        names = [cohort.names[students[first]]]
        for _ in range(int(rng.integers(1, 4))):
            if rng.random() < 0.6:
                other = int(rng.integers(0, len(students)))
                names.append(cohort.names[students[other]])
            else:  # a student no one else lists: someone from outside the lab
                names.append(cohort.names[cohort.next])
                cohort.next += 1
        if rng.random() < 0.35 and len(labs.peers[t]) > 1:
            w = labs.weight[labs.peers[t]] / labs.weight[labs.peers[t]].sum()
            co = int(rng.choice(labs.peers[t], p=w))
            if co != s:
                names.append(labs.names[co])
        if rng.random() < 0.15:
            names.append(labs.names[int(rng.integers(0, labs.count))])
        names.append(labs.names[s])
        authors_of.append(list(dict.fromkeys(names)))
    return authors_of, topic_of


def _common_names(
    rng: np.random.Generator, labs: _Labs, authors_of: list[list[str]]
) -> dict[str, str]:
    """Seniors renamed to a common name, 4-5 people with 2-4 papers each per name.

    They are in different topics, so that by name it looks like one author with
    12-15 posters.
    """
    senior_names, senior_topic = labs.names, labs.topic
    count = {n: 0 for n in senior_names}
    for names in authors_of:
        for n in names:
            if n in count:
                count[n] += 1
    rename: dict[str, str] = {}
    pool = [
        senior_names[i] for i in rng.permutation(labs.count) if 2 <= count[senior_names[i]] <= 4
    ]
    for name in _COMMON:
        target, total, used = int(rng.integers(12, 16)), 0, set()
        for person in pool:
            i = senior_names.index(person)
            if person in rename or int(senior_topic[i]) in used or total + count[person] > target:
                continue
            rename[person] = name
            used.add(int(senior_topic[i]))
            total += count[person]
            if total >= target - 1:
                break
    return rename


def _names_only_records(
    rng: np.random.Generator,
    topics: list[tuple[str, list[str]]],
    topic_of: list[int],
    authors_of: list[list[str]],
    rename: dict[str, str],
) -> list[dict]:
    """The papers of :func:`generate_names_only`: names only, tracks and three decisions."""
    records = []
    for p in range(len(topic_of)):
        label, words = topics[topic_of[p]]
        title, abstract = _paper_text(rng, label, words)
        roll = rng.random()
        track = "" if roll < 0.02 else ("Datasets & Benchmarks" if roll < 0.11 else "main")
        roll = rng.random()
        decision = "Oral" if roll < 0.02 else ("Spotlight" if roll < 0.12 else "Poster")
        names = list(dict.fromkeys(rename.get(n, n) for n in authors_of[p]))
        records.append(
            {
                "id": 200000 + p,
                "name": title,
                "authors": [{"id": None, "fullname": n, "institution": ""} for n in names],
                "abstract": abstract,
                "decision": decision,
                "topic": track,
            }
        )
    return records


def _names_only_venue(posters: int, fill: float) -> list[str]:
    """One hall, six two-hour sessions over three days, ``fill`` of its boards used."""
    boards = math.ceil(posters / SESSIONS / fill)
    venue = [
        f'name = "Names-only {posters}"',
        f'acronym = "names{posters}"',
        'timezone = "America/Vancouver"',
        "",
    ]
    for s in range(SESSIONS):
        day, half = divmod(s, 2)
        start, end = ("11:00", "13:00") if half == 0 else ("16:30", "18:30")
        venue += [
            "[[sessions]]",
            f'id = "s{s + 1}"',
            f'name = "Poster Session {s + 1}"',
            f"start = 2026-12-{9 + day:02d}T{start}:00",
            f"end = 2026-12-{9 + day:02d}T{end}:00",
            "",
        ]
    venue += ["[[rooms]]", 'id = "hall"', 'name = "Exhibit Hall"', f"boards = {boards}", ""]
    venue += ["[rules]", 'accept_decisions = ["Poster", "Spotlight", "Oral"]', ""]
    return venue


def generate_names_only(posters: int = 3600, seed: int = 0, fill: float = 0.95) -> tuple[dict, str]:
    """A NeurIPS-like accepted list as many exports give it, and its venue.

    Papers come from labs: a senior author (last) with a heavy-tailed number of
    papers, students of the lab as first and middle authors (most with one or
    two papers, a few with more papers than there are sessions), often a
    co-advising senior of the same area and sometimes an outside collaborator.
    So prolific authors share many of their papers, as they do in real lists,
    which is what makes the clash bound hard to reach.

    What else makes real lists hard, on purpose: authors have names only (no
    ids, no e-mails); a handful of common names are each several people in
    unrelated topics, so by name they look like one author with 12-15
    posters; the ``topic`` field holds the track ("main", "Datasets &
    Benchmarks", sometimes empty); decisions are Poster, Spotlight and Oral;
    one hall, six two-hour sessions, ``fill`` of its boards used.  At 3,600
    posters about 2 % of names have more than six posters and about 2,800 two
    or more, as at NeurIPS.
    """
    rng = np.random.default_rng(seed)
    topics = _topics(rng, posters)
    labs = _labs(rng, posters, len(topics))
    authors_of, topic_of = _lab_authors(rng, posters, labs)
    rename = _common_names(rng, labs, authors_of)
    records = _names_only_records(rng, topics, topic_of, authors_of, rename)
    venue = _names_only_venue(posters, fill)
    doc = {"count": posters, "next": None, "previous": None, "results": records}
    return doc, "\n".join(venue)


# Presentation modes as a real NLP conference's export spelled them, with the
# share of papers in each, and the space each may use.
_MODES = (
    ("In person", 0.32, "hall"),
    ("In Person", 0.31, "hall"),
    ("Virtual", 0.12, "hybrid"),
    ("Virtual-Gathertown", 0.25, "virtual"),
)


def _assign_modes(rng: np.random.Generator, records: list[dict]) -> dict[str, int]:
    """Titles only, a presentation mode per paper and most author ids; papers per space."""
    ids: dict[str, str] = {}
    counts = {space: 0 for _, _, space in _MODES}
    weights = np.array([share for _, share, _ in _MODES])
    for record in records:
        record.pop("abstract", None)
        record.pop("topic", None)
        k = int(rng.choice(len(_MODES), p=weights / weights.sum()))
        record["event_type"] = _MODES[k][0]
        counts[_MODES[k][2]] += 1
        for author in record["authors"]:
            name = author["fullname"]
            if name not in ids:
                ids[name] = f"~{name.replace(' ', '_')}1" if rng.random() < 0.84 else ""
            author["id"] = ids[name] or None
    return counts


def _modes_venue(posters: int, counts: dict[str, int], fill: float) -> list[str]:
    """Seven 1.5-hour slots, each with a hall, hybrid boards and a virtual space."""
    slots = 7
    boards = {
        "hall": math.ceil(counts["hall"] / slots / fill),
        "hybrid": math.ceil(counts["hybrid"] / slots / 0.9),
        "virtual": math.ceil(counts["virtual"] / slots / 0.9),
    }
    venue = [
        f'name = "Modes {posters}"',
        f'acronym = "modes{posters}"',
        'timezone = "Asia/Bangkok"',
        "",
    ]
    for s in range(slots):
        day, part = divmod(s, 3)
        start = ("09:00", "11:00", "14:00")[part]
        end = ("10:30", "12:30", "15:30")[part]
        venue += [
            "[[sessions]]",
            f'id = "slot{s + 1}"',
            f'name = "Poster Session {s + 1}"',
            f"start = 2026-11-{10 + day:02d}T{start}:00",
            f"end = 2026-11-{10 + day:02d}T{end}:00",
            "",
        ]
    for space, count in boards.items():
        venue += [
            "[[rooms]]",
            f'id = "{space}"',
            f'name = "{space.title()}"',
            f"boards = {count}",
            "",
        ]
    return venue


def _place_rules() -> list[str]:
    """``[[place]]`` rules that keep each presentation mode to its space."""
    venue: list[str] = []
    for space, values in (
        ("hall", ["In person"]),
        ("hybrid", ["Virtual"]),
        ("virtual", ["Virtual-Gathertown"]),
    ):
        venue += [
            "[[place]]",
            f'name = "{space}"',
            f"where = {{ event_type = {json.dumps(values)} }}",
            f'rooms = ["{space}"]',
            "exclusive = true",
            "",
        ]
    return venue


def generate_modes(posters: int = 1590, seed: int = 0, fill: float = 0.95) -> tuple[dict, str]:
    """An NLP-conference-like list with presentation modes, and its three-space venue.

    Papers as :func:`generate_names_only` makes them, but titles only (no
    abstracts), 84 % of author entries with ids, and an ``event_type`` field
    spelled inconsistently ("In person", "In Person", "Virtual",
    "Virtual-Gathertown").  Seven slots of 1.5 hours, each with three spaces
    at once: an in-person hall ``fill`` full, hybrid boards for remote
    presenters and a virtual space, and ``[[place]]`` rules that keep each
    mode to its space.
    """
    doc, _ = generate_names_only(posters, seed=seed)
    rng = np.random.default_rng(seed + 1)
    counts = _assign_modes(rng, doc["results"])
    venue = _modes_venue(posters, counts, fill)
    venue += ["[rules]", 'accept_decisions = ["Poster", "Spotlight", "Oral"]', ""]
    venue += _place_rules()
    return doc, "\n".join(venue)
