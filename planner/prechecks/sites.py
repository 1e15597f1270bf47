"""A presenter confined to two sites: the venue no plan can meet (exit 3).

A presenter is at one site for the whole conference (constraints.sites).  When
pins or ``[[place]]`` rules send a presenter's posters to different sites and
no co-author could take one over (planner.people.presenters.hand_over_sites),
no plan keeps the rule; this says which posters and what confines them.
"""

from __future__ import annotations

from collections import defaultdict

from planner.core.ids import paper_order
from planner.people.inputs import Inputs
from planner.people.presenters import reachable_sites
from planner.read.conference import Pin


def site_findings(inputs: Inputs, pins: list[Pin]) -> list[tuple[str, str]]:
    """(rule, message) for each presenter whose posters no one site can take."""
    venue, index = inputs.venue, inputs.index
    if len(venue.sites) < 2:
        return []
    pinned = {p.paper: p.session for p in pins}
    presents: dict[str, list[str]] = defaultdict(list)
    for paper in inputs.accepted:
        key = index.presenter.get(paper.id)
        if key is not None and paper.id not in index.talk_only:
            presents[key].append(paper.id)
    out = []
    for key, pids in sorted(presents.items()):
        reach = {p: reachable_sites(p, venue, inputs.places, pinned) for p in pids}
        if len(pids) < 2 or set.intersection(*reach.values()):
            continue
        where = "; ".join(
            f"{p} at {' or '.join(sorted(venue.site_by_id[s].name for s in reach[p] if s))}"
            f" ({'pinned' if p in pinned else '[[place]] rules'})"
            for p in sorted(pids, key=paper_order)
        )
        out.append(
            (
                "site",
                f"{index.people[key].label} presents posters that must go to different sites "
                f"({where}), and no co-author can present one of them there; a presenter is at "
                "one site. Change a pin or [[place]] rule, or name another presenter in "
                "[presenters].",
            )
        )
    return out
