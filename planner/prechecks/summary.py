"""What ``planner check`` reports: the figures a chair needs before planning.

Papers by decision, the authors, boards against posters per session, the
separate poster times, the clash lower bound with the authors that force it,
and the prechecks' findings.  planner.console prints it.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import datetime

from planner.people.inputs import Inputs
from planner.people.windows import separate_times
from planner.prechecks.checks import Finding, prechecks
from planner.prechecks.clash_bound import Bound, clash_lower_bound
from planner.prechecks.talks import room_minutes, talk_clash_bound, talks_of
from planner.read.conference import Session, Venue


@dataclass
class TalkSummary:
    """The talk programme in ``planner check``: talks by decision, sessions, minutes."""

    by_decision: list[tuple[str, int, int]]  # decision, talks, minutes each
    sessions: list[tuple[str, str, str, int, int]]  # id, name, time, rooms, room-minutes
    need: int  # room-minutes the talks need, changeovers included
    have: int  # room-minutes the talk sessions hold
    poster_too: bool
    clash_bound: int = 0  # fewest shared-author talk overlaps any plan can have


@dataclass
class Summary:
    records: int
    by_decision: list[tuple[str, int, bool]]
    posters: int
    people: int
    slots: int
    unnamed: int
    multi: int
    most: int
    sessions: list[tuple[str, str, str, int, int]]  # id, name, time, rooms, usable boards
    capacity: int
    windows: list[str]
    bounds: list[Bound]
    findings: list[Finding]
    talks: TalkSummary | None = None

    @property
    def clash_bound(self) -> int:
        return sum(b.clashes for b in self.bounds)


def summarize(inputs: Inputs) -> Summary:
    from planner.people.inputs import is_accepted

    venue, index = inputs.venue, inputs.index
    decisions: Counter[str] = Counter(p.decision or "(none)" for p in inputs.paper_list.papers)
    by_decision = []
    for decision, count in decisions.most_common():
        sample = next(p for p in inputs.paper_list.papers if (p.decision or "(none)") == decision)
        by_decision.append((decision, count, is_accepted(sample, venue)))
    slots = sum(len(p.authors) for p in inputs.accepted)
    unnamed = sum(1 for p in inputs.accepted for a in p.authors if not a.name.strip())
    counts = [len(p.papers) for p in index.people.values()]
    sessions = [
        (
            s.id,
            s.name,
            f"{s.start:%a %d %b %H:%M}-{s.end:%H:%M}{_at(venue, s.site)}",
            len(venue.rooms_in(s.id)),
            venue.session_capacity(s.id),
        )
        # With [[sites]], in time order by instant: each site's clock differs.
        for s in sorted(venue.sessions, key=lambda s: (_when(venue, s), s.id))
    ]
    return Summary(
        records=len(inputs.paper_list.papers),
        by_decision=by_decision,
        posters=len(inputs.posters),
        people=len(index.people),
        slots=slots,
        unnamed=unnamed,
        multi=sum(1 for c in counts if c >= 2),
        most=max(counts, default=0),
        sessions=sessions,
        capacity=venue.capacity,
        windows=[s.id for s in separate_times(venue.sessions)],
        bounds=clash_lower_bound(index, venue),
        findings=prechecks(inputs),
        talks=_talks(inputs),
    )


def _talks(inputs: Inputs) -> TalkSummary | None:
    venue = inputs.venue
    if venue.talks is None and not venue.talk_sessions:
        return None
    talks = talks_of(inputs)
    change = venue.talks.changeover if venue.talks else 0
    per: Counter[tuple[str, int]] = Counter((t.paper.decision or "", t.minutes) for t in talks)
    sessions = [
        (
            s.id,
            s.name,
            f"{s.start:%a %d %b %H:%M}-{s.end:%H:%M}",
            len(venue.talk_rooms_in(s.id)),
            room_minutes(venue, s.id),
        )
        for s in sorted(venue.talk_sessions, key=lambda s: (s.start, s.id))
    ]
    return TalkSummary(
        by_decision=[(d, n, m) for (d, m), n in sorted(per.items())],
        sessions=sessions,
        need=sum(t.minutes + change for t in talks),
        have=sum(row[4] for row in sessions),
        poster_too=venue.talks.poster_too if venue.talks else True,
        clash_bound=talk_clash_bound(inputs) if talks else 0,
    )


def _when(venue: Venue, session: Session) -> datetime:
    """A session's start for ordering: its UTC instant with [[sites]], its local time without."""
    return venue.instant(session.id, session.start) if venue.sites else session.start


def _at(venue: Venue, site: str | None) -> str:
    """`` at sd`` with [[sites]]: the site whose clock the time is on (short, one line)."""
    return f" at {site}" if venue.sites and site is not None else ""
