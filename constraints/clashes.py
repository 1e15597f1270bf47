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

With presenting halves (``[rules] halves``) two posters in one session clash
only when they share a half, so ``k`` posters of one person in a session give
C(⌈k/2⌉, 2) + C(⌊k/2⌋, 2) pairs at the fewest (the board stage then gives them
alternate parity: planner.model.halves), and posters in two different
overlapping sessions still clash.  Hard mode for halves
(``_hard_halves``) holds each slot to 2⌊n/2w⌋..2⌈n/2w⌉ posters in one
session; soft mode (``_soft_halves``) counts per session ``Σ_j max(0, c − 2j)``,
and in a slot of parallel sessions the cross-session pairs too; sessions that
overlap in a chain count pairs within a session with that formula (``_pairs``
with ``step = 2``).

Priority: below presenter clashes (hard), above everything else
(``Weights.clash`` per clash).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from itertools import pairwise

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
    # open_sessions is computed once per problem: this runs for every author group.
    open_ = set(problem.open_sessions) - away
    return [[s for s in g if s in open_] for g in problem.groups if any(s in open_ for s in g)]


def sessions(m: SessionModel) -> None:
    if m.explain:
        return  # clashes are soft in the explanation model: they never make it infeasible
    problem = m.problem
    groups = author_groups(problem)
    if problem.venue.rules.halves and problem.slotted:
        halves_mode(m, groups)
        return
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


def _pairs(
    m: SessionModel, count: LinearExprT, most: int, name: str, step: int = 1
) -> list[IntVar]:
    """Integer variables whose sum is the pairs among ``count`` posters.

    ``step = 2`` counts the pairs within the halves of one session when the
    posters are split evenly between them: C(⌈c/2⌉, 2) + C(⌊c/2⌋, 2) is
    ``Σ_j max(0, c − 2j)``.
    """
    out = []
    for j in range(1, most):
        if step * j >= most:
            break
        e = m.model.new_int_var(0, most - step * j, f"{name},{j}]")
        m.model.add(e >= count - step * j)
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
            pairs = _pairs(m, counts[s][0], most, f"clash[{g.people[0]},{s}", _step(problem))
            terms.extend(pairs * g.multiplicity)
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


def halves_mode(m: SessionModel, groups: list[Group]) -> None:
    """Clash rows for presenting halves, in clean time slots (hard, or soft when asked)."""
    if m.settings.clash_mode == "hard":
        soft = m.settings.soft_clash_people
        _hard_halves(m, [g for g in groups if soft.isdisjoint(g.people)])
        _soft_halves(m, [g for g in groups if not soft.isdisjoint(g.people)])
    else:
        _soft_halves(m, groups)


def _one_session(m: SessionModel, papers: tuple[str, ...], slot: list[str], key: str) -> None:
    """All of ``papers`` placed in ``slot`` go to one of its sessions (``used`` literals)."""
    used = []
    for s in slot:
        literals = m.in_sessions(papers, [s])
        if not literals:
            continue
        u = m.model.new_bool_var(f"uses[{key},{s}]")
        for lit in literals:
            m.model.add_implication(lit, u)
        used.append(u)
    m.at_most_one(used, f"author {key}", NAME, "")


def _hard_halves(m: SessionModel, groups: list[Group]) -> None:
    """Each person at their bound: ``n`` posters spread evenly over ``2w`` halves.

    A slot then holds 2⌊n/2w⌋ to 2⌈n/2w⌉ of them (exactly 2⌊n/2w⌋ when 2w
    divides n), all in one of the slot's sessions so that none meets another
    session's poster at the same time.
    """
    problem = m.problem
    for g in groups:
        slots = _slots(problem, g.away)
        n, w = len(g.papers), 2 * len(slots)
        q, r = divmod(n, w)
        lo, hi = 2 * q, 2 * q + (2 if r else 0)
        for slot in slots:
            literals = m.in_sessions(g.papers, slot)
            if len(literals) > hi or lo > 0:
                m.model.add_linear_constraint(sum(literals), lo, hi)
            if len({s for s in slot if m.in_sessions(g.papers, [s])}) > 1:
                _one_session(m, g.papers, slot, g.people[0])


def _saved(m: SessionModel, literals: list[IntVar], name: str) -> list[LinearExprT]:
    """The pairs halves spare among a session's ``c`` posters, ⌊c²/4⌋, as terms.

    In unary: ``at[k]`` is "at least k posters here"; the k-th poster spares
    ⌊k/2⌋ pairs.  The objective wants them large, the ordering and the sum
    hold them to the count.
    """
    at = [m.model.new_bool_var(f"{name},{k}]") for k in range(1, len(literals) + 1)]
    m.model.add(sum(at) == sum(literals))
    for a, b in pairwise(at):
        m.model.add_implication(b, a)
    return [(k // 2) * a for k, a in enumerate(at, start=1) if k >= 2]


def _soft_halves(m: SessionModel, groups: list[Group]) -> None:
    """Clash pairs counted per half: ``pairs(slot) − Σ_s spared(session)``."""
    problem = m.problem
    terms: list[LinearExprT] = []
    bound = 0
    for g in groups:
        bound += g.multiplicity * min_pairs(len(g.papers), 2 * len(_slots(problem, g.away)))
        key = g.people[0]
        for slot in problem.groups:
            literals = m.in_sessions(g.papers, slot)
            if len(literals) < 2:
                continue
            used = [s for s in slot if m.in_sessions(g.papers, [s])]
            if len(used) == 1:  # one session: C(⌈c/2⌉,2) + C(⌊c/2⌋,2) directly
                most = len(literals)
                found = _pairs(m, sum(literals), most, f"clash[{key},{slot[0]}", 2)
                terms.extend(found * g.multiplicity)
                continue
            most = len({p for p in g.papers for s, _ in m.by_paper.get(p, []) if s in slot})
            terms.extend(_pairs(m, sum(literals), most, f"clash[{key},{slot[0]}") * g.multiplicity)
            for s in used:
                spared = _saved(m, m.in_sessions(g.papers, [s]), f"spared[{key},{s}")
                terms.extend([-t for t in spared] * g.multiplicity)
    if terms and bound:
        m.model.add(sum(terms) >= bound)
    m.add_cost(NAME, problem.weights.clash, terms)


def _step(problem: PlanningProblem) -> int:
    """2 with presenting halves: a session's posters of one person split between its halves."""
    return 2 if problem.venue.rules.halves else 1


RULE: Rule = Rule(NAME, sessions=sessions)
