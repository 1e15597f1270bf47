"""The ``site`` check: with [[sites]], every session at one site and every presenter at one.

Recounted from the written plan's venue and placements, sharing no code with
the solver: each room names a [[sites]] id, the rooms open in a session (and
the rooms its posters stand in) are all at the session's site, and the posters
one person presents are all at one site.  The times in papers.json are checked
against each session's own zone (``zone``, used by planner.verify.papers_json).
"""

from __future__ import annotations

from collections import defaultdict
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from planner.read.conference import Session, Venue
from planner.verify.context import Check


def zone(venue: Venue, session: Session, default: ZoneInfo) -> ZoneInfo:
    """The zone of a session's site (``default``, the venue's, without sites)."""
    for site in venue.sites:
        if site.id == session.site:
            try:
                return ZoneInfo(site.timezone)
            except (ZoneInfoNotFoundError, ValueError, OSError):
                return default
    return default


def check_sites(check: Check) -> None:
    """Rooms and sessions at one known site each, and each presenter at one site."""
    venue = check.venue
    if not venue.sites:
        return
    known = {s.id for s in venue.sites}
    for room in venue.rooms:
        if room.site not in known:
            check.add("site", f"room '{room.id}' is at no known site ('{room.site}')")
    for session in venue.sessions:
        at = {r.site for r in venue.rooms if r.sessions is None or session.id in r.sessions}
        if session.site not in known or at - {session.site}:
            check.add(
                "site",
                f"session '{session.id}' (site '{session.site}') has rooms at "
                f"{', '.join(sorted(str(s) for s in at))}",
            )
    _presenters(check)


def _presenters(check: Check) -> None:
    sites_of: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for paper in check.plan.papers:
        pl = check.where.get(paper.id)
        if paper.presenter and pl is not None:
            room = check.rooms.get(pl.room)
            site = room.site if room is not None else None
            sites_of[paper.presenter][str(site)].append(paper.id)
    for key, at in sorted(sites_of.items()):
        if len(at) > 1:
            shown = "; ".join(
                f"{check.posters(pids)} at {site}" for site, pids in sorted(at.items())
            )
            check.add("site", f"{check.person(key)} presents posters at {len(at)} sites: {shown}")
