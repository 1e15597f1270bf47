"""Balance: sessions are filled evenly where capacity allows.

Rule: each session's load is close to its share of the posters, in proportion
to its usable boards, so no session is crowded while another is empty.

Encoding: ``dev[s] ≥ |load(s) − share(s)|`` around the floor and ceiling of
the share; minimise ``Σ dev``.

Priority: lowest (``Weights.balance`` per poster off the share).
"""

from __future__ import annotations

import math

from constraints.rule import Rule
from planner.model.stage_models import SessionModel

NAME = "balance"


def sessions(m: SessionModel) -> None:
    problem = m.problem
    venue = problem.venue
    caps = {s: venue.session_capacity(s) for s in problem.session_ids}
    total = sum(caps.values()) or 1
    n = len(problem.papers)
    terms = []
    for s, cap in caps.items():
        share = n * cap / total
        lo, hi = math.floor(share), math.ceil(share)
        load = sum(v for _, v in m.by_session[s])
        dev = m.model.new_int_var(0, n, f"balance[{s}]")
        m.model.add(dev >= load - hi)
        m.model.add(dev >= lo - load)
        terms.append(dev)
    m.add_cost(NAME, problem.weights.balance, terms)


RULE: Rule = Rule(NAME, sessions=sessions)
