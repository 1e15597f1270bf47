"""Shared-author clashes: as few as any plan can have, reaching the lower bound.

Rule: two posters that share an author clash when their sessions overlap in
time (planner.prechecks.clash_bound).  Clashes are counted per author and pair of posters.
An author with ``n`` posters and ``w`` separate times cannot have fewer than
the pairs of ``n`` posters spread evenly over ``w`` times; the planner reaches
that bound whenever the venue allows it.

Encoding.  Authors with the same paper set (and the same absences) are one
group, counted with its multiplicity.  ``overlap groups`` are the maximal
groups of mutually overlapping sessions.

- ``hard`` mode (tried first, when the sessions fall into clean time slots):
  the lower-bound structure is demanded outright, as docs/modelling.md §2 measured best
  at scale: for ``n ≤ w`` one poster per slot at most (``add_at_most_one``;
  groups that are subsets of another are dropped), for ``n > w`` an even spread
  ``⌊n/w⌋ ≤ count(slot) ≤ ⌈n/w⌉``, which has exactly the fewest pairs.
- ``hard`` mode with a few ``soft`` groups: the people the warm start
  (planner.model.warmstart) left above their own minimum are counted softly, as
  below, and everyone else is held to their minimum outright.
- ``soft`` mode (when hard mode is infeasible, e.g. pins or full rooms force a
  clash, or sessions overlap in a chain): with clean slots, for each group and
  slot with count ``c``, ``pairs(c) = Σ_{j≥1} max(0, c − j)`` is built from
  integer variables ``e_j ≥ c − j`` and minimised, and a redundant row
  ``Σ pairs ≥ lower bound`` gives the solver the bound.  Where sessions overlap
  in a chain (A overlaps B, B overlaps C, A and C apart) a pair must be counted
  once, not once per overlap group: pairs within a session use ``pairs(c_s)``
  and pairs across two overlapping sessions ``c_s · c_t``
  (``add_multiplication_equality`` on small integer counts).

Priority: below presenter clashes (hard), above everything else
(``Weights.clash`` per clash).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from ortools.sat.python.cp_model import IntVar, LinearExprT

from constraints.rule import Rule
from planner.model.stage_models import PlanningProblem, SessionModel
from planner.people.windows import min_pairs

NAME = "clashes"


@dataclass(frozen=True)
class Group:
    papers: tuple[str, ...]
    away: frozenset[str]
    people: tuple[str, ...]  # person keys sharing this paper set

    @property
    def multiplicity(self) -> int:
        return len(self.people)


def author_groups(problem: PlanningProblem) -> list[Group]:
    """People with two or more papers, merged by identical paper set and absences."""
    wanted = set(problem.papers)
    buckets: dict[tuple[tuple[str, ...], frozenset[str]], list[str]] = defaultdict(list)
    for person in problem.index.people.values():
        papers = tuple(sorted(p for p in person.papers if p in wanted))
        if len(papers) >= 2:
            away = frozenset(problem.index.unavailable.get(person.key, ()))
            buckets[papers, away].append(person.key)
    return [
        Group(papers, away, tuple(sorted(keys)))
        for (papers, away), keys in sorted(buckets.items(), key=lambda kv: kv[0][0])
    ]


def _slots(problem: PlanningProblem, away: frozenset[str]) -> list[list[str]]:
    """The overlap groups with at least one session the group can attend."""
    venue = problem.venue
    return [
        [s for s in g if s not in away and venue.session_capacity(s) > 0]
        for g in problem.groups
        if any(s not in away and venue.session_capacity(s) > 0 for s in g)
    ]


def sessions(m: SessionModel) -> None:
    if m.explain:
        return  # clashes are soft in the explanation model: they never make it infeasible
    problem = m.problem
    groups = author_groups(problem)
    if m.settings.clash_mode == "hard" and problem.slotted:
        # People the warm start could not bring to their own minimum keep the
        # soft count; demanding it of them would make the model infeasible.
        soft = m.settings.soft_clash_people
        _hard(m, [g for g in groups if soft.isdisjoint(g.people)])
        _soft(m, [g for g in groups if not soft.isdisjoint(g.people)])
    else:
        _soft(m, groups)


def _hard(m: SessionModel, groups: list[Group]) -> None:
    problem = m.problem
    pairwise: list[Group] = []
    for g in groups:
        slots = _slots(problem, g.away)
        n, w = len(g.papers), len(slots)
        if n <= w:
            pairwise.append(g)
            continue
        lo, hi = n // w, -(-n // w)
        for slot in slots:
            m.model.add_linear_constraint(sum(m.in_sessions(g.papers, slot)), lo, hi)
    # A set contained in another's at-most-one rows is implied by them.
    by_paper: dict[str, list[frozenset[str]]] = defaultdict(list)
    sets = [frozenset(g.papers) for g in pairwise]
    for s in sets:
        for p in s:
            by_paper[p].append(s)
    for g, s in zip(pairwise, sets, strict=True):
        first = g.papers[0]
        if any(o != s and s < o for o in by_paper[first]):
            continue
        for slot in problem.groups:
            m.at_most_one(m.in_sessions(g.papers, slot), f"author {g.people[0]}", NAME, "")


def _pairs(m: SessionModel, count: LinearExprT, most: int, name: str) -> list[IntVar]:
    """Integer variables whose sum is the pairs among ``count`` posters."""
    out = []
    for j in range(1, most):
        e = m.model.new_int_var(0, most - j, f"{name},{j}]")
        m.model.add(e >= count - j)
        out.append(e)
    return out


def _soft_chained(m: SessionModel, groups: list[Group]) -> None:
    """Exact pair counts for sessions that overlap in a chain."""
    problem = m.problem
    venue = problem.venue
    sessions = venue.sessions
    overlapping = [
        (a.id, b.id) for i, a in enumerate(sessions) for b in sessions[i + 1 :] if a.overlaps(b)
    ]
    terms = []
    for g in groups:
        counts = {}
        for s in problem.session_ids:
            literals = m.in_sessions(g.papers, [s])
            if not literals:
                continue
            most = len(literals)
            counts[s] = (sum(literals), most)
            terms.extend(_pairs(m, counts[s][0], most, f"clash[{g.people[0]},{s}") * g.multiplicity)
        for a, b in overlapping:
            if a not in counts or b not in counts:
                continue
            (ca, na), (cb, nb) = counts[a], counts[b]
            va = m.model.new_int_var(0, na, f"n[{g.people[0]},{a}]")
            vb = m.model.new_int_var(0, nb, f"n[{g.people[0]},{b}]")
            m.model.add(va == ca)
            m.model.add(vb == cb)
            prod = m.model.new_int_var(0, na * nb, f"cross[{g.people[0]},{a},{b}]")
            m.model.add_multiplication_equality(prod, [va, vb])
            terms.extend([prod] * g.multiplicity)
    m.add_cost(NAME, problem.weights.clash, terms)


def _soft(m: SessionModel, groups: list[Group]) -> None:
    problem = m.problem
    if not problem.slotted:
        _soft_chained(m, groups)
        return
    terms = []
    bound = 0
    for g in groups:
        bound += g.multiplicity * min_pairs(len(g.papers), len(_slots(problem, g.away)))
        for slot in problem.groups:
            literals = m.in_sessions(g.papers, slot)
            most = len({p for p in g.papers for s, _ in m.by_paper.get(p, []) if s in slot})
            if most < 2:
                continue
            terms.extend(
                _pairs(m, sum(literals), most, f"clash[{g.people[0]},{slot[0]}") * g.multiplicity
            )
    if terms and bound:
        m.model.add(sum(terms) >= bound)
    m.add_cost(NAME, problem.weights.clash, terms)


RULE: Rule = Rule(NAME, sessions=sessions)
