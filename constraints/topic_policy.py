"""Topic policy: similar posters share a session and a room (or are spread).

``rules.topic_policy = "group"`` (default): each topic's posters share as few
sessions, and within a session as few rooms, as possible.  ``"spread"``: each
topic's posters are spread evenly over the sessions (in proportion to their
boards), as large conferences do so that
presenters can visit related posters; within a session they are still grouped
by room.  Along the boards, neighbours are similar in both modes
(planner.model.boards).

Encoding (no pairwise poster terms; docs/modelling.md §4 and §6):

- group, stage 1: fragment literals ``y[t, s]`` with the aggregated row
  ``Σ_{p∈t} x[p, s] ≤ min(n_t, cap_s) · y[t, s]`` (visible to the LP) plus
  implications ``x[p, s] ⇒ y[t, s]``, and the valid bound
  ``Σ_s y[t, s] ≥ ⌈n_t / max cap⌉``; minimise ``Σ y``.
- spread, stage 1: ``dev[t, s] ≥ |count(t, s) − target|`` around the
  floor/ceiling of the proportional share; minimise ``Σ dev``.
- both, stage 2: fragment literals ``y[t, r]`` per room as above.

At NeurIPS scale (when the engine sets ``SessionSettings.affinity``), fragments
measure the wrong thing: prolific authors spread nearly every topic over every
session, and removing a straggler fragment tears apart posters the warm start
(planner.model.warmstart) placed next to similar ones across topic lines (measured:
session grouping 1.29x random after the warm start, 1.19x after 10 s of
fragment minimisation).  There the session term is the first-order expansion
of what grouping measures, ``Σ_s ‖Σ_{p∈s} v_p‖²`` around the warm start: each
paper's affinity ``a[p, s]`` to each session's feature sum, scaled to
``0..AFFINITY_SCALE``, and the model minimises ``Σ (AFFINITY_SCALE − a[p, s])
· x[p, s]``.  Organizer topics keep their fragment literals at every size.

Priority: below moves, above balance (``Weights.topic`` per fragment or poster
off its share).
"""

from __future__ import annotations

import math
from collections import defaultdict

from constraints.rule import Rule
from planner.model.stage_models import LinearTerm, RoomModel, SessionModel

NAME = "topics"


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
    biggest = max(caps.values()) or 1
    if m.settings.affinity:
        _affinity(m)
        members = {t: ps for t, ps in members.items() if t in problem.organizer_topics}
    for t, papers in members.items():
        ys = []
        for s, cap in caps.items():
            literals = m.in_sessions(papers, [s])
            if not literals:
                continue
            y = m.model.new_bool_var(f"y[{t},{s}]")
            m.model.add(sum(literals) <= min(len(literals), cap) * y)
            for lit in literals:
                m.model.add_implication(lit, y)
            ys.append(y)
        need = math.ceil(len(papers) / biggest)
        if need >= 2 and len(ys) >= need:
            m.model.add(sum(ys) >= need)
        terms.extend(ys)
    m.add_cost(NAME, problem.weights.topic, terms)


AFFINITY_SCALE = 100


def _affinity(m: SessionModel) -> None:
    terms: list[LinearTerm] = []
    for p, options in m.by_paper.items():
        likes = m.settings.affinity.get(p)
        if likes is None:
            continue
        terms.extend((AFFINITY_SCALE - likes.get(s, 0)) * x for s, x in options)
    m.add_cost(NAME, m.problem.weights.affinity, terms)


def rooms(m: RoomModel) -> None:
    if len(m.rooms) < 2:
        return
    caps = m.caps
    terms = []
    for t, papers in _members(m.papers, m.problem.topic_of).items():
        ys = []
        for r, cap in caps.items():
            y = m.model.new_bool_var(f"y[{t},{r}]")
            m.model.add(sum(m.z[p, r] for p in papers) <= min(len(papers), cap) * y)
            ys.append(y)
        m.model.add(sum(ys) >= math.ceil(len(papers) / max(caps.values())))
        terms.extend(ys)
    m.add_cost(NAME, m.problem.weights.topic, terms)


RULE: Rule = Rule(NAME, sessions=sessions, rooms=rooms)
