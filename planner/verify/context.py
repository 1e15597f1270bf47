"""The state every check of ``planner verify`` shares: the plan, the venue, and where posters are.

``Check`` indexes the plan and the venue once (sessions, rooms, papers and
people by id), gathers the placements as the placement check finds them, and
words the messages alike: a poster with its title cut short, a list of posters
cut after a dozen, a placement as session, room and board.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from planner.plan.records import Placement, Plan
from planner.read.conference import Paper, Venue
from planner.verify.recount import accepted, board_half, gets_poster, overlaps
from planner.verify.report import Report, Violation

LISTED = 12  # posters named in one message before "and N more"
_TITLE_SHOWN = 48  # characters of a title in a message: enough to recognise it, one line each


class Check:
    def __init__(
        self, plan: Plan, venue: Venue, inputs: list[Paper] | None, report: Report
    ) -> None:
        self.plan, self.venue, self.inputs, self.report = plan, venue, inputs, report
        self.sessions = {s.id: s for s in venue.sessions}
        self.rooms = {r.id: r for r in venue.rooms}
        self.papers = {p.id: p for p in plan.papers}
        self.people = {p.key: p for p in plan.people}
        self.input_by_id = {p.id: p for p in inputs} if inputs is not None else {}
        self.placed: dict[str, Placement] = {}  # paper -> its (first) placement
        self.where: dict[str, Placement] = {}  # placements in a known session and room

    def add(self, rule: str, message: str) -> None:
        self.report.violations.append(Violation(rule, message))

    def note(self, message: str) -> None:
        self.report.notes.append(message)

    def poster(self, pid: str) -> str:
        paper = self.papers.get(pid)
        title = (
            paper.title
            if paper
            else (self.input_by_id[pid].clean_title if pid in self.input_by_id else "")
        )
        if len(title) > _TITLE_SHOWN:
            title = title[: _TITLE_SHOWN - 1].rstrip() + "…"
        return f"{pid} ({title})" if title else pid

    def posters(self, pids: Iterable[str]) -> str:
        pids = list(pids)
        shown = ", ".join(pids[:LISTED])
        return shown + (f" and {len(pids) - LISTED} more" if len(pids) > LISTED else "")

    def at(self, pl: Placement) -> str:
        return f"session '{pl.session}', room '{pl.room}', board {pl.label}"

    def person(self, key: str) -> str:
        record = self.people.get(key)
        return f"{record.name} ({key})" if record else key

    def expected(self) -> dict[str, str]:
        """Paper id -> title of every paper that must be placed."""
        if self.inputs is not None:
            return {p.id: p.clean_title for p in self.inputs if self.has_poster(p.decision)}
        return {p.id: p.title for p in self.plan.papers if self.has_poster(p.decision)}

    def has_poster(self, decision: str | None) -> bool:
        """An accepted paper's decision gives it a poster (not a talk with poster_too off)."""
        return accepted(decision, self.venue) and gets_poster(decision, self.venue)

    def overlapping_pairs(self, pids: list[str]) -> Iterator[tuple[str, str]]:
        """Every two of the placed posters ``pids`` (in list order) at overlapping times.

        With ``[rules] halves`` two posters in one session overlap only when
        their boards give them the same half.
        """
        rule = self.venue.rules.halves
        for i, a in enumerate(pids):
            for b in pids[i + 1 :]:
                pa, pb = self.where[a], self.where[b]
                if not overlaps(self.sessions[pa.session], self.sessions[pb.session]):
                    continue
                if pa.session == pb.session and board_half(pa.board, rule) != board_half(
                    pb.board, rule
                ):
                    continue
                yield a, b
