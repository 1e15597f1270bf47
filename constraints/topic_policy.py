"""Topic policy: similar posters share a session and a room (or are spread).

``rules.topic_policy = "group"`` (default): each topic's posters share as few
sessions, and within a session as few rooms, as possible, and related topics
share them.  ``"spread"``: each topic's posters are spread evenly over the
sessions (in proportion to their boards), as large conferences do so that
presenters can visit related posters; within a session they are still grouped
by room.  Along the boards, neighbours are similar in both modes
(planner.boards).

Encoding (no pairwise poster terms; see the modelling notes §1.4-1.5):

- group, stage 1: fragment literals ``y[t, s]`` with the aggregated row
  ``Σ_{p∈t} x[p, s] ≤ min(n_t, cap_s) · y[t, s]`` (visible to the LP) plus
  implications ``x[p, s] ⇒ y[t, s]``, and the valid bound
  ``Σ_s y[t, s] ≥ ⌈n_t / max cap⌉``; minimise ``Σ y``.
- spread, stage 1: ``dev[t, s] ≥ |count(t, s) − target|`` around the
  floor/ceiling of the proportional share; minimise ``Σ dev``.
- both, stage 2: fragment literals ``y[t, r]`` per room as above.
- affinity (stage 2; in stage 1 it slowed the solve tenfold for little): for
  each topic and
  its most similar topics (centroid cosine), a literal ``w ⇒ y[t, ·] ∧ y[u, ·]``
  earns a reward in proportion to their similarity, so related topics meet.  A
  topic's rewards add up to less than one fragment, so they choose *which*
  topics meet and never split a topic.

Priority: below moves, above balance (``Weights.topic`` per fragment or poster
off its share).
"""

from __future__ import annotations

import math
from collections import defaultdict

import numpy as np
from ortools.sat.python import cp_model

from planner.model import RoomModel, SessionModel, StageModel

NAME = "topics"
NEIGHBOURS = 3  # related topics rewarded for meeting, per topic


def _members(papers: list[str], topic_of: dict[str, int]) -> dict[int, list[str]]:
    out: dict[int, list[str]] = defaultdict(list)
    for p in papers:
        out[topic_of[p]].append(p)
    return dict(sorted(out.items()))


def sessions(m: SessionModel) -> None:
    problem = m.problem
    venue = problem.venue
    caps = {s: venue.session_capacity(s) for s in problem.session_ids}
    members = _members(problem.papers, problem.topic_of)
    terms = []
    if venue.rules.topic_policy == "spread":
        total = sum(caps.values()) or 1
        for t, papers in members.items():
            for s, cap in caps.items():
                count = sum(m.in_sessions(papers, [s]))
                share = len(papers) * cap / total
                lo, hi = math.floor(share), math.ceil(share)
                dev = m.model.new_int_var(0, len(papers), f"spread[{t},{s}]")
                m.model.add(dev >= count - hi)
                m.model.add(dev >= lo - count)
                terms.append(dev)
        m.add_cost(NAME, problem.weights.topic, terms)
        return
    present: dict[tuple[int, str], cp_model.IntVar] = {}
    biggest = max(caps.values()) or 1
    for t, papers in members.items():
        ys = []
        for s, cap in caps.items():
            literals = m.in_sessions(papers, [s])
            if not literals:
                continue
            y = present[t, s] = m.model.new_bool_var(f"y[{t},{s}]")
            m.model.add(sum(literals) <= min(len(literals), cap) * y)
            for lit in literals:
                m.model.add_implication(lit, y)
            ys.append(y)
        need = math.ceil(len(papers) / biggest)
        if need >= 2 and len(ys) >= need:
            m.model.add(sum(ys) >= need)
        terms.extend(ys)
    m.add_cost(NAME, problem.weights.topic, terms)


def rooms(m: RoomModel) -> None:
    if len(m.rooms) < 2:
        return
    venue = m.problem.venue
    caps = {r: venue.usable_boards(m.session, venue.room_by_id[r]) for r in m.rooms}
    terms = []
    present: dict[tuple[int, str], cp_model.IntVar] = {}
    for t, papers in _members(m.papers, m.problem.topic_of).items():
        ys = []
        for r, cap in caps.items():
            y = present[t, r] = m.model.new_bool_var(f"y[{t},{r}]")
            m.model.add(sum(m.z[p, r] for p in papers) <= min(len(papers), cap) * y)
            ys.append(y)
        m.model.add(sum(ys) >= math.ceil(len(papers) / max(caps.values())))
        terms.extend(ys)
    m.add_cost(NAME, m.problem.weights.topic, terms)
    _affinity(m, present, list(caps))


def _affinity(m: StageModel, present: dict[tuple[int, str], cp_model.IntVar],
              places: list[str]) -> None:
    """Rewards related topics for sharing a place (a session, or a room)."""
    sim = m.problem.topic_similarity
    if sim is None or len(sim) < 2:
        return
    scale = m.problem.weights.topic / (2 * NEIGHBOURS + 1)
    topics = sorted({t for t, _ in present})
    pairs: set[tuple[int, int]] = set()
    for t in topics:
        nearest = [int(u) for u in np.argsort(-sim[t], kind="stable")
                   if int(u) != t and int(u) in topics]
        for u in nearest[:NEIGHBOURS]:
            pairs.add((min(t, u), max(t, u)))
    top = max((float(sim[t, u]) for t, u in pairs), default=0.0)
    if top <= 0:
        return
    rewards = []
    for t, u in sorted(pairs):
        weight = int(scale * float(sim[t, u]) / top)
        if weight <= 0:
            continue
        for place in places:
            if (t, place) in present and (u, place) in present:
                w = m.model.new_bool_var(f"meet[{t},{u},{place}]")
                m.model.add_implication(w, present[t, place])
                m.model.add_implication(w, present[u, place])
                rewards.append(-weight * w)
    m.add_cost(NAME + " affinity", 1, rewards)
