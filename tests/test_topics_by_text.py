"""Organizer topics refined by text: the abstracts decide which topics meet.

Eight organizer topics of eight posters whose names pair up by subject
("Robot grasping" and "Manipulation planning" share a vocabulary, as do
"Speech recognition" and "Audio synthesis", ...), in two sessions of two
rooms of 16 boards: two topics share each room.  The topic names alone say
nothing about which two; the plan must put the pairs together, and its
grouping under the independent TF-IDF must beat a plan that groups by the
names only (planner.topics.build.TEXT_REFINES_TOPICS off: the rooms as the
room stage leaves them).
"""

from __future__ import annotations

import itertools
import random
from collections import Counter

import numpy as np
import pytest
from helpers import make_inputs, room, run, session, venue
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sklearn.preprocessing import normalize

import planner.model.topic_sessions
import planner.topics.build
from planner.engine import Options, _problem
from planner.model.boards import _turn_blocks
from planner.model.stage_models import Domains
from planner.model.topic_blocks import regroup_rooms
from planner.model.topic_sessions import regroup_sessions
from planner.plan import figure_text
from planner.prechecks.clash_bound import find_clashes
from planner.read.conference import AuthorRecord, Paper, Pin
from planner.topics.build import build_topics

# Subject words both topics of a pair use, then each topic's own.
SUBJECTS = {
    "robots": "robot gripper arm grasp manipulator end-effector tactile dexterous contact "
    "object pose joint torque kinematics",
    "audio": "speech audio waveform acoustic spectrogram speaker phoneme vocoder pitch "
    "utterance microphone prosody listening sound",
    "vision": "image pixel segmentation mask bounding box detector camera convolutional "
    "scene instance semantic visual frame",
    "molecules": "protein molecule ligand binding residue drug compound chemical structure "
    "atom affinity assay docking fold",
}
TOPICS = {
    "Robot grasping": ("robots", "grasping suction fingers slip stable clutter bin picking"),
    "Manipulation planning": ("robots", "planning trajectory motion collision rearrangement"),
    "Speech recognition": ("audio", "transcription recognition asr word error rate decoding"),
    "Audio synthesis": ("audio", "synthesis generation text-to-speech voice cloning music"),
    "Image segmentation": ("vision", "segmentation boundary panoptic medical organ contour"),
    "Object detection": ("vision", "detection anchor proposal localization yolo pedestrians"),
    "Protein folding": ("molecules", "folding alphafold contact map secondary helix sheet"),
    "Drug discovery": ("molecules", "discovery screening candidate toxicity lead optimization"),
}
PAIRED = {
    frozenset({"Robot grasping", "Manipulation planning"}),
    frozenset({"Speech recognition", "Audio synthesis"}),
    frozenset({"Image segmentation", "Object detection"}),
    frozenset({"Protein folding", "Drug discovery"}),
}


def topic_papers(per_topic: int = 8, seed: int = 0) -> list[Paper]:
    """Papers whose titles and abstracts mix their subject's words with their topic's own."""
    rng = random.Random(seed)
    papers = []
    for name, (subject, own) in TOPICS.items():
        shared_words, own_words = SUBJECTS[subject].split(), own.split()
        for k in range(per_topic):
            pid = f"{name.split()[0].lower()}{k}"
            title = " ".join(rng.sample(shared_words, 3) + rng.sample(own_words, 2))
            words = [rng.choice(shared_words) for _ in range(18)]
            words += [rng.choice(own_words) for _ in range(10)]
            rng.shuffle(words)
            abstract = " ".join(words) + "."
            authors = [AuthorRecord(id=f"{pid}-a", name=f"Author {pid}")]
            papers.append(
                Paper(
                    id=pid,
                    title=title.capitalize(),
                    abstract=abstract,
                    authors=authors,
                    decision="Accept",
                    topic=name,
                    raw={"id": pid, "name": title, "topic": name},
                )
            )
    return papers


def paired_venue():
    return venue([session("s1", 0), session("s2", 1)], [room("east", 16), room("west", 16)])


def _rooms_by_topic(plan) -> dict[tuple[str, str], set[str]]:
    labels = {t.id: t.label for t in plan.topics}
    cells: dict[tuple[str, str], set[str]] = {}
    for pl in plan.placements:
        cells.setdefault((pl.session, pl.room), set()).add(labels[pl.topic])
    return cells


def test_topics_paired_by_text_share_rooms_and_beat_names_alone(monkeypatch):
    inputs = make_inputs(topic_papers(), paired_venue())
    plan = run(inputs, time_limit=2.0)
    cells = _rooms_by_topic(plan)
    # Each topic stays whole (no topic split without need) ...
    assert Counter(pl.topic for pl in plan.placements) == Counter({t: 8 for t in range(8)})
    assert plan.figures.topic_rooms == 8
    # ... and each room holds one pair that shares a subject.
    assert sorted(map(frozenset, cells.values()), key=sorted) == sorted(PAIRED, key=sorted)
    monkeypatch.setattr(planner.topics.build, "TEXT_REFINES_TOPICS", False)
    names_only = run(inputs, time_limit=2.0)
    assert names_only.figures.topic_rooms == 8  # names alone group as well ...
    assert plan.figures.grouping > names_only.figures.grouping + 0.05  # ... by text worse
    assert plan.figures.clashes == names_only.figures.clashes == 0
    # The summary gives both groupings: by the organizer's topics and by text.
    assert plan.figures.with_topic == names_only.figures.with_topic == 1.0
    assert figure_text.by_organizer_topics(plan.figures) == (
        "100% of posters in the room holding most of their organizer topic; "
        f"by text {plan.figures.grouping:.2f}x random by room"
    )


def test_without_organizer_topics_the_figure_is_left_out():
    papers = topic_papers(per_topic=4)
    for p in papers:
        p.topic = None
    plan = run(make_inputs(papers, paired_venue()), time_limit=1.0)
    assert plan.figures.with_topic is None
    assert "with_topic" not in plan.figures.model_dump()


@pytest.mark.parametrize("seed", [1, 2])
def test_pairs_hold_for_other_seeds(seed):
    plan = run(make_inputs(topic_papers(seed=seed), paired_venue()), time_limit=2.0, seed=seed)
    assert sorted(map(frozenset, _rooms_by_topic(plan).values()), key=sorted) == sorted(
        PAIRED, key=sorted
    )


def _one_session(papers: list[Paper], pins: dict[str, Pin] | None = None):
    """One session of two rooms of 16 holding four topics, mismatched: each room one of
    each pair (grasping + speech east, manipulation + audio west)."""
    v = venue([session("s1", 0)], [room("east", 16), room("west", 16)])
    inputs = make_inputs(papers, v)
    topics = build_topics(inputs.accepted, v)
    problem = _problem(inputs, Options(), None, topics, pins or {})
    session_of = dict.fromkeys(problem.papers, "s1")
    east = ("robot", "speech")
    room_of = {p: "east" if p.startswith(east) else "west" for p in problem.papers}
    return problem, topics, session_of, room_of


FOUR = ("Robot grasping", "Manipulation planning", "Speech recognition", "Audio synthesis")


def _four() -> list[Paper]:
    return [p for p in topic_papers() if p.topic in FOUR]


def test_whole_topic_blocks_trade_rooms_to_sit_with_alike_topics():
    problem, topics, session_of, room_of = _one_session(_four())
    after = regroup_rooms(problem, topics, session_of, room_of)
    # Robots with robots, audio with audio; each topic still in one room.
    assert {after[p] for p in after if p.startswith(("robot", "manipulation"))} in (
        {"east"},
        {"west"},
    )
    assert {after[p] for p in after if p.startswith(("speech", "audio"))} in ({"east"}, {"west"})
    assert Counter(after.values()) == Counter(room_of.values())  # loads as they were


def test_pinned_rooms_and_shared_authors_hold_blocks_in_place():
    papers = _four()
    problem, topics, session_of, room_of = _one_session(
        papers, {"robot0": Pin(paper="robot0", session="s1", room="east")}
    )
    after = regroup_rooms(problem, topics, session_of, room_of)
    assert after["robot0"] == "east"  # the pin holds its block: the others come to it
    assert {after[p] for p in after if p.startswith(("robot", "manipulation"))} == {"east"}
    # A grasping and a speech poster that share an author stay in one room: the
    # two blocks can then only move together, and nothing gains.
    shared = AuthorRecord(id="both", name="Shared Author")
    for p in papers:
        if p.id in ("robot1", "speech1"):
            p.authors.append(shared)
    problem, topics, session_of, room_of = _one_session(papers)
    after = regroup_rooms(problem, topics, session_of, room_of)
    assert after["robot1"] == after["speech1"]


def _two_sessions(papers: list[Paper]):
    """Two sessions of one room of 16 holding four topics, mismatched: each session one
    topic of each pair (grasping + speech in s1, manipulation + audio in s2)."""
    v = venue([session("s1", 0), session("s2", 1)], [room("hall", 16)])
    inputs = make_inputs(papers, v)
    topics = build_topics(inputs.accepted, v)
    problem = _problem(inputs, Options(), None, topics, {})
    domains = Domains.open_to_all(problem)
    session_of = {p: "s1" if p.startswith(("robot", "speech")) else "s2" for p in problem.papers}
    return problem, domains, topics, session_of, dict.fromkeys(problem.papers, "hall")


def test_whole_topic_blocks_trade_sessions_to_meet_alike_topics():
    problem, domains, topics, session_of, room_of = _two_sessions(_four())
    regroup_sessions(problem, domains, topics, session_of, room_of)
    assert len({session_of[p] for p in session_of if p.startswith(("robot", "manip"))}) == 1
    assert len({session_of[p] for p in session_of if p.startswith(("speech", "audio"))}) == 1
    assert Counter(session_of.values()) == Counter({"s1": 16, "s2": 16})


def test_a_block_never_trades_into_a_clash():
    papers = _four()
    shared = AuthorRecord(id="both", name="Shared Author")
    for p in papers:  # a grasping and a manipulation poster share an author
        if p.id in ("robot1", "manipulation1"):
            p.authors.append(shared)
    problem, domains, topics, session_of, room_of = _two_sessions(papers)
    before = dict(session_of)
    regroup_sessions(problem, domains, topics, session_of, room_of)
    # Either trade that pairs the topics would put the two in one session: none is made.
    assert session_of == before


def test_a_topic_too_big_for_a_room_splits_along_its_text():
    """24 "Robotics" posters (12 on grasping, 12 on manipulation planning) in rooms of 20:
    the topic takes two rooms, and each room gets one sub-subject (the polish swaps
    posters of one topic between rooms by likeness), not an arbitrary half."""
    robots = [p for p in topic_papers(per_topic=12) if p.topic in FOUR[:2]]
    for p in robots:
        p.topic = "Robotics"
    audio = [p for p in topic_papers() if p.topic in FOUR[2:]]
    v = venue([session("s1", 0)], [room("east", 20), room("west", 20)])
    plan = run(make_inputs(robots + audio, v), time_limit=1.0)
    rooms = {pl.paper: pl.room for pl in plan.placements}
    assert len({rooms[p.id] for p in robots}) == 2
    for prefix in ("robot", "manipulation"):
        assert len({rooms[p.id] for p in robots if p.id.startswith(prefix)}) == 1


def test_topic_borders_on_the_boards_meet_at_their_most_alike_posters():
    """The blocks' directions are chosen for the whole chain: the sum of the likeness of
    the posters meeting at the borders is the best of every choice of directions."""
    rng = np.random.default_rng(0)
    for _ in range(20):
        vectors = normalize(rng.normal(size=(12, 5)))
        blocks = [[0, 1, 2], [3, 4], [5, 6, 7, 8], [9], [10, 11]]
        turned = _turn_blocks([list(b) for b in blocks], vectors)
        assert sorted(map(sorted, turned)) == sorted(map(sorted, blocks))

        def borders(bs: list[list[int]], v: np.ndarray = vectors) -> float:
            return sum(float(v[a[-1]] @ v[b[0]]) for a, b in itertools.pairwise(bs))

        best = max(
            borders([b[::-1] if flip else b for b, flip in zip(blocks, flips, strict=True)])
            for flips in itertools.product((False, True), repeat=len(blocks))
        )
        assert borders(turned) == pytest.approx(best)


SIX = (*FOUR, "Image segmentation", "Object detection")
# Start: each session holds two topics of different subjects.
CROSSED = {"robot": "s1", "speech": "s2", "image": "s3", "audio": "s1", "object": "s2"}
CROSSED["manipulation"] = "s3"


def test_trades_pass_through_a_clash_to_meet_alike_topics(monkeypatch: pytest.MonkeyPatch):
    """Three sessions of one room, each holding a topic of 10 posters and one of 6 of
    another subject; only blocks of one size trade.  Every trade that meets a subject
    pair puts two posters of a shared author in one session (the linked blocks differ
    in size, so they cannot simply trade with each other); meeting all three pairs
    takes two trades, the first through that clash and the second ending it.  The
    annealing finds that path, and ends with every pair met and no clash; the best
    trade first alone cannot move."""
    small = ("manipulation", "audio", "object")
    papers = [
        p
        for p in topic_papers(per_topic=10)
        if p.topic in SIX and not (p.id.startswith(small) and int(p.id[-1]) >= 6)
    ]
    links = [("audio0", "image0"), ("object0", "robot0"), ("speech0", "manipulation0")]
    for k, (a, b) in enumerate(links):
        shared = AuthorRecord(id=f"link{k}", name=f"Linked Author {k}")
        for p in papers:
            if p.id in (a, b):
                p.authors.append(shared)
    v = venue([session("s1", 0), session("s2", 1), session("s3", 2)], [room("hall", 16)])
    inputs = make_inputs(papers, v)
    topics = build_topics(inputs.accepted, v)
    problem = _problem(inputs, Options(), None, topics, {})
    domains = Domains.open_to_all(problem)
    start = {p: CROSSED[p.rstrip("0123456789")] for p in problem.papers}

    def regroup(anneal: bool) -> dict[str, str]:
        if not anneal:
            monkeypatch.setattr(
                planner.model.topic_sessions._Across, "_anneal", lambda self, rng: False
            )
        session_of, room_of = dict(start), dict.fromkeys(problem.papers, "hall")
        regroup_sessions(problem, domains, topics, session_of, room_of)
        assert Counter(session_of.values()) == Counter(start.values())
        return session_of

    after = regroup(anneal=True)
    for pair in PAIRED - {frozenset({"Protein folding", "Drug discovery"})}:
        prefixes = tuple(name.split()[0].lower() for name in pair)
        assert len({after[p] for p in after if p.startswith(prefixes)}) == 1, pair
    for a, b in links:
        assert after[a] != after[b]
    assert regroup(anneal=False) == start


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.permutations(range(8)),
    st.lists(st.tuples(st.integers(0, 63), st.integers(0, 63)), min_size=2, max_size=12),
    st.integers(0, 3),
)
def test_block_trades_never_add_a_clash_or_change_a_load(
    order: list[int], links: list[tuple[int, int]], seed: int
):
    """Whatever the co-authors and the start, the trades (passing through clashes on the
    way) end with nobody in more clash pairs than before and every session as full."""
    papers = topic_papers()
    names = list(TOPICS)
    for k, (a, b) in enumerate(links):
        shared = AuthorRecord(id=f"link{k}", name=f"Linked Author {k}")
        papers[a].authors.append(shared)
        if b != a:
            papers[b].authors.append(shared)
    v = venue([session(f"s{i}", i) for i in range(4)], [room("hall", 16)])
    inputs = make_inputs(papers, v)
    topics = build_topics(inputs.accepted, v)
    problem = _problem(inputs, Options(), None, topics, {})
    domains = Domains.open_to_all(problem)
    topic_of = {p.id: p.topic for p in papers}
    start = {p: f"s{order.index(names.index(topic_of[p])) // 2}" for p in problem.papers}
    session_of, room_of = dict(start), dict.fromkeys(problem.papers, "hall")
    regroup_sessions(problem, domains, topics, session_of, room_of, seed)

    def pairs(where: dict[str, str]) -> Counter[str]:
        return Counter(c.person for c in find_clashes(where, problem.index, problem.venue))

    before, after = pairs(start), pairs(session_of)
    assert all(after[k] <= before[k] for k in after)
    assert Counter(session_of.values()) == Counter(start.values())
