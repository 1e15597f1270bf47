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
from planner.people.windows import presenter_windows
from planner.read.conference import Paper, Venue
from planner.read.places import Places


def hand_over_surplus(papers: list[Paper], venue: Venue, index: AuthorIndex) -> list[Handover]:
    """Moves surplus posters to co-authors in ``index.presenter``; returns the hand-overs."""
    fixed = set(venue.presenter_of)
    windows_cache: dict[frozenset[str], int] = {}

    def windows(key: str) -> int:
        away = frozenset(index.unavailable.get(key, ()))
        if away not in windows_cache:
            windows_cache[away] = presenter_windows(venue, set(away))
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


def reachable_sites(
    pid: str, venue: Venue, places: Places | None, pins: dict[str, str]
) -> set[str | None]:
    """The sites a poster may go to: those of the sessions its pin or [[place]] rules leave."""
    if pid in pins and pins[pid] in venue.session_by_id:
        sessions = [pins[pid]]
    elif places is not None and places.active:
        sessions = places.sessions_for(pid)
    else:
        sessions = [s.id for s in venue.sessions]
    return {venue.session_by_id[s].site for s in sessions}


def hand_over_sites(
    papers: list[Paper], venue: Venue, index: AuthorIndex, places: Places | None
) -> list[Handover]:
    """Hands over posters a presenter cannot show at their one site (constraints.sites).

    A presenter whose posters are confined (by pins or [[place]] rules) to
    different sites keeps those at the site most of them can reach (ties: the
    venue's order of sites) and hands each other one to a co-author who can
    present there (their own posters reach its site, they have a free time),
    chosen as for the surplus above.  A poster nobody can take stays; the
    prechecks (planner.prechecks.sites) then explain why (exit 3).
    """
    if len(venue.sites) < 2:
        return []
    pins = {p.paper: p.session for p in venue.pins}
    reach = {p.id: reachable_sites(p.id, venue, places, pins) for p in papers}
    presents: dict[str, list[str]] = defaultdict(list)
    for paper in papers:
        if (key := index.presenter.get(paper.id)) is not None:
            presents[key].append(paper.id)
    order = [s.id for s in venue.sites]
    handovers: list[Handover] = []
    for key in sorted(presents, key=lambda k: (-len(presents[k]), k)):
        pids = sorted(presents[key], key=paper_order)
        if len(pids) < 2 or set.intersection(*(reach[p] for p in pids)):
            continue
        site = max(order, key=lambda s: (sum(s in reach[p] for p in pids), -order.index(s)))
        for pid in [p for p in pids if site not in reach[p] and p not in venue.presenter_of]:
            new = _site_taker(pid, key, venue, index, presents, reach)
            if new is None:
                continue  # stays; planner.prechecks.sites explains it
            index.presenter[pid] = new
            presents[key].remove(pid)
            presents[new].append(pid)
            handovers.append(
                Handover(pid, key, new, len(pids), len(pids), site_reason(venue, site))
            )
    return sorted(handovers, key=lambda h: paper_order(h.paper))


def site_reason(venue: Venue, site: str) -> str:
    return f"posters are confined to two sites; they present at {venue.site_by_id[site].name}"


def _site_taker(
    pid: str,
    current: str,
    venue: Venue,
    index: AuthorIndex,
    presents: dict[str, list[str]],
    reach: dict[str, set[str | None]],
) -> str | None:
    """The co-author, in author order after ``current``, who can present ``pid`` at its site."""
    people = index.paper_people.get(pid, [])
    start = people.index(current) + 1 if current in people else 0
    for k in people[start:] + people[:start]:
        if k == current or index.people[k].name.startswith("(unnamed"):
            continue
        mine = presents.get(k, [])
        common = set.intersection(reach[pid], *(reach[p] for p in mine if p in reach))
        away = set(index.unavailable.get(k, ()))
        if common and len(mine) < presenter_windows(venue, away):
            return k
    return None
