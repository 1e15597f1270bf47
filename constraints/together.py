"""Together: two posters that share an author in one session stand in one room.

Rule: when the plan puts two posters sharing an author in the same session (a
clash the lower bound makes unavoidable, or one left over), they go to the
same room, so that the board stage (planner.model.boards) can put them on
adjacent boards and the author stands between them.  Pins and ``[[place]]``
rules win: they are hard, this is a cost.

Encoding (room stage, per session): for each such pair ``(p, q)`` one literal
``apart[p, q]`` with ``apart ≥ z[p, r] − z[q, r]`` for every room ``r``; each
paper is in exactly one room, so ``apart`` is 1 whenever they are in
different rooms.  The polish's last pass (planner.model.polish ``rejoin``)
brings a pair its swaps parted back into one room.

Priority: ``Weights.together`` per pair apart: below clashes (and a kept
poster's room move on a rerun), above topic grouping, so keeping a pair
together wins over the two topic fragments a swap can cost.
"""

from __future__ import annotations

from constraints.rule import Rule
from planner.model.partners import pairs_of, partners_of
from planner.model.stage_models import RoomModel

NAME = "together"


def rooms(m: RoomModel) -> None:
    if len(m.rooms) < 2:
        return
    partners = partners_of(m.papers, m.problem.index.paper_people)
    terms = []
    for p, q in pairs_of(partners, m.papers):
        apart = m.model.new_bool_var(f"apart[{p},{q}]")
        for r in m.rooms:
            m.model.add(apart >= m.z[p, r] - m.z[q, r])
        terms.append(apart)
    m.add_cost(NAME, m.problem.weights.together, terms)


RULE: Rule = Rule(NAME, rooms=rooms)
