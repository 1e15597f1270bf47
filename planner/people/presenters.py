"""Who presents each poster when the chosen presenter has too many posters.

A presenter stands at one poster at a time, so nobody can present more
posters than there are separate poster times they can attend.  Real lists
break that often enough (a first author with seven posters and six sessions;
a common name that is several people), and a chair with thousands of papers
will not write presenters by hand to get a first plan.  So the policy's
presenter (first or last author, or the list's presenter column) keeps as
many of their posters as they can present, and each surplus poster is handed
to a co-author:

* the posters a presenter keeps are, in this order, those no co-author could
  take, then the lowest paper ids; the rest are handed over, lowest id first;
* a surplus poster goes to the co-author with the fewest posters to present
  so far (a co-author with a name before one the list left unnamed, who cannot
  be told), ties broken by author order starting after the original presenter
  (so the second author before the third, and the first author after the
  last);
* nobody is handed more posters than the times they can attend.

The chair's own choices in the venue's ``[presenters]`` table always win: they
are never handed over, and an author named there for more posters than they
can present makes the venue impossible (planner.prechecks.checks says so).  Every
hand-over is listed by ``planner check``, in the run summary, the workbook and
``changes.json``, so the chair can confirm it or override it in
``[presenters]``.  The choice is deterministic: the same list gives the same
hand-overs.
"""

from __future__ import annotations

from collections import defaultdict

from planner.core.ids import paper_order
from planner.people.authors import AuthorIndex, Handover
from planner.people.windows import person_windows
from planner.read.conference import Paper, Venue


def hand_over_surplus(papers: list[Paper], venue: Venue, index: AuthorIndex) -> list[Handover]:
    """Moves surplus posters to co-authors in ``index.presenter``; returns the hand-overs."""
    fixed = set(venue.presenter_of)
    windows_cache: dict[frozenset[str], int] = {}

    def windows(key: str) -> int:
        away = frozenset(index.unavailable.get(key, ()))
        if away not in windows_cache:
            windows_cache[away] = person_windows(venue, set(away))
        return windows_cache[away]

    presents: dict[str, list[str]] = defaultdict(list)
    for paper in papers:
        key = index.presenter.get(paper.id)
        if key is not None:
            presents[key].append(paper.id)
    load = {key: len(pids) for key, pids in presents.items()}

    def takers(pid: str, current: str) -> list[str]:
        """Co-authors who could present ``pid``, best first."""
        people = index.paper_people.get(pid, [])
        start = people.index(current) + 1 if current in people else 0
        rotated = people[start:] + people[:start]
        free = [k for k in rotated if k != current and load.get(k, 0) < windows(k)]
        return sorted(
            free,
            key=lambda k: (
                index.people[k].name.startswith("(unnamed"),
                load.get(k, 0),
                rotated.index(k),
            ),
        )

    handovers: list[Handover] = []
    for key in sorted(presents, key=lambda k: (-len(presents[k]), k)):
        pids = sorted(presents[key], key=paper_order)
        room = windows(key)
        if len(pids) <= room:
            continue
        # Keep what only this person can present (or the chair assigned), then
        # the lowest ids; hand over the rest.
        keep_first = [p for p in pids if p in fixed or not takers(p, key)]
        rest = [p for p in pids if p not in keep_first]
        surplus = rest[max(0, room - len(keep_first)) :]
        total = len(pids)
        for pid in surplus:
            options = takers(pid, key)
            if not options:
                continue  # left with this presenter; the prechecks explain it
            new = options[0]
            index.presenter[pid] = new
            load[key] -= 1
            load[new] = load.get(new, 0) + 1
            handovers.append(Handover(pid, key, new, total, room))
    return sorted(handovers, key=lambda h: paper_order(h.paper))
