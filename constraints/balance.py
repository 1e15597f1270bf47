"""Balance: sessions are filled evenly where capacity allows.

Rule: each session's load is close to its share of the posters, in proportion
to its usable boards (so a smaller session gets fewer posters), computed over
the sessions papers can actually take (planner.model.shares: pins,
``[[place]]`` rules and absences that force a session over or under its part
are part of its share, not fought).  Within ±5 % of the share every session
is within 10 % of the others by boards.

Encoding, per session ``s`` with ``load(s) = Σ_p x[p, s]``:

- band: ``over[s] ≥ load(s) − hi(s)`` and ``under[s] ≥ lo(s) − load(s)``,
  ``lo..hi`` the loads within ±5 % of the share (planner.model.shares.band);
- short: ``short[s] ≥ ⌊share/2⌋ − load(s)``, the posters a session lacks to
  half its share;
- fine: ``dev[s] ≥ |load(s) − share(s)|`` around the floor and ceiling of
  the share.

Priority: ``Weights.band`` (90) per poster outside the band, above the one
topic fragment (70) a move can save and below a talk paper's poster before
its talk, moves and clashes; ``Weights.short`` (300) more per poster under
half the share, so a near-empty session is never the price of grouping;
``Weights.balance`` (1) per poster off the share, the tie-breaker.
docs/modelling.md §3.
"""

from __future__ import annotations

import math

from constraints.rule import Rule
from planner.model.shares import band, half, session_shares
from planner.model.stage_models import SessionModel

NAME = "balance"


def sessions(m: SessionModel) -> None:
    if not m.settings.balance:  # a rerun keeping every poster: the loads are the last plan's
        return
    problem = m.problem
    venue = problem.venue
    caps = {s: venue.session_capacity(s) for s in problem.session_ids}
    shares = session_shares(problem.session_ids, caps, m.domains.allowed)
    n = len(problem.papers)
    fine, outside, short = [], [], []
    for s, share in shares.items():
        if not m.by_session[s]:
            continue
        # The sum itself in every row, not one load variable equal to it: with
        # the variable, LNS neighbourhoods on the synthetic 1,000-poster list
        # took session grouping from 1.30x to 1.25x.
        load = sum(v for _, v in m.by_session[s])
        lo, hi = math.floor(share), math.ceil(share)
        dev = m.model.new_int_var(0, n, f"balance[{s}]")
        m.model.add(dev >= load - hi)
        m.model.add(dev >= lo - load)
        fine.append(dev)
        low, high = band(share)
        over = m.model.new_int_var(0, n, f"band_over[{s}]")
        under = m.model.new_int_var(0, low, f"band_under[{s}]")
        m.model.add(over >= load - high)
        m.model.add(under >= low - load)
        outside += [over, under]
        if half(share) > 0:
            lack = m.model.new_int_var(0, half(share), f"short[{s}]")
            m.model.add(lack >= half(share) - load)
            short.append(lack)
    m.add_cost(NAME, problem.weights.band, outside)
    m.add_cost(NAME, problem.weights.short, short)
    m.add_cost(NAME, problem.weights.balance, fine)


RULE: Rule = Rule(NAME, sessions=sessions)
