"""What changed since the previous plan, and why, for the organizers' notices.

Posters: moved (another session, room or board), added, removed.  Talks: moved
(another session or room), retimed (same room, another time: the running
order closed up after a withdrawn talk, say), added, removed.  Each move and
time change says why.
"""

from __future__ import annotations

from planner.plan.records import (
    Changes,
    Move,
    PaperRecord,
    Placement,
    Plan,
    Removed,
    TalkMove,
    TalkRecord,
)
from planner.read.places import rule_against


def _where(plan: Plan, pl: Placement) -> str:
    venue = plan.venue
    session = (
        venue.session_by_id[pl.session].name if pl.session in venue.session_by_id else pl.session
    )
    room = venue.room_by_id[pl.room].name if pl.room in venue.room_by_id else pl.room
    return f"{session} / {room} / {pl.label}"


# Reasons of placements pinned by a hand edit (planner.engine's WORKBOOK_PIN, REPORT_PIN).
HAND_EDIT = "pinned by a hand edit"


def _hand_edited(previous: Plan, plan: Plan) -> dict[str, Placement]:
    """Posters a hand edit moved in this revision: pinned by it, and not where they were."""
    before = previous.placement_of
    out = {}
    for pl in plan.placements:
        old = before.get(pl.paper)
        if (
            pl.status == "pinned"
            and pl.reason.startswith(HAND_EDIT)
            and old is not None
            and (old.session, old.room, old.board) != (pl.session, pl.room, pl.board)
        ):
            out[pl.paper] = pl
    return out


def _because_of_hand_edit(
    plan: Plan,
    before: Placement,
    after: Placement,
    hand: dict[str, Placement],
    papers: dict[str, PaperRecord],
) -> str:
    """Why a poster moved when a hand-edited poster explains it, else ""."""
    sessions = plan.venue.session_by_id
    for h, pl in sorted(hand.items()):
        if (pl.session, pl.room, pl.board) == (before.session, before.room, before.board):
            return f"its board went to poster {h}, moved there by a hand edit"
    if before.session != after.session and before.session in sessions:
        mine = set(papers[after.paper].authors)
        for h, pl in sorted(hand.items()):
            shared = mine & set(papers[h].authors)
            if (
                shared
                and pl.session in sessions
                and sessions[pl.session].overlaps(sessions[before.session])
            ):
                return (
                    f"to keep clear of poster {h}, which a hand edit moved to the same "
                    "time (a shared author)"
                )
    for h, pl in sorted(hand.items()):
        if (pl.session, pl.room) == (before.session, before.room):
            return f"to make room for poster {h}, moved there by a hand edit"
    return ""


def _why(
    plan: Plan,
    before: Placement,
    after: Placement,
    removed_clash_papers: set[str],
    old_papers: dict[str, PaperRecord],
    new_papers: dict[str, PaperRecord],
    hand: dict[str, Placement] | None = None,
) -> str:
    venue = plan.venue
    if after.status == "pinned":
        return after.reason or "pinned"
    if before.session not in venue.session_by_id:
        return f"session '{before.session}' was removed"
    room = venue.room_by_id.get(before.room)
    if room is None:
        return f"room '{before.room}' was removed"
    if not room.is_open(before.session) or venue.usable_boards(before.session, room) == 0:
        return f"{room.name} is no longer open in that session"
    ruled = rule_against(
        venue, after.paper, plan.records.get(after.paper, {}), before.session, before.room
    )
    if ruled is not None and (before.session, before.room) != (after.session, after.room):
        return ruled
    edited = _because_of_hand_edit(plan, before, after, hand or {}, new_papers)
    if edited:
        return edited
    if after.paper in removed_clash_papers and before.session != after.session:
        return "to remove a shared-author clash"
    old_paper = old_papers.get(after.paper)
    new_paper = new_papers[after.paper]
    if (
        old_paper is not None
        and old_paper.authors != new_paper.authors
        and before.session != after.session
    ):
        return "its author list changed"
    if before.session == after.session and before.room == after.room:
        return "board order within the room"
    if before.board > venue.usable_boards(before.session, room):
        return f"{room.name} has fewer boards now"
    return "to make room for the changes with the fewest moves"


def describe_changes(
    previous: Plan, plan: Plan, would_clash: list[tuple[str, str, str, str]] | None = None
) -> Changes:
    """The changes from ``previous`` to ``plan``.

    ``would_clash`` lists (person key, person label, paper, paper) clashes the
    new inputs would have had if every poster had stayed where it was (a new
    co-author, say); those the plan avoids are reported as removed.
    """
    before = previous.placement_of
    after = plan.placement_of
    old_papers = previous.paper_by_id
    new_papers = plan.paper_by_id

    gone = _clashes_gone(previous, plan, would_clash)
    removed_clash_papers = {p for key in gone for p in key[1:]}

    moved = _moves(previous, plan, before, after, removed_clash_papers, old_papers, new_papers)
    added = [pid for pid in after if pid not in before]
    removed = [pid for pid in before if pid not in after]
    edited = [
        pid
        for pid in after
        if pid in old_papers
        and (
            old_papers[pid].title_raw != new_papers[pid].title_raw
            or old_papers[pid].authors != new_papers[pid].authors
        )
    ]
    talks_moved, talks_retimed = _talk_changes(previous, plan)
    talk_before, talk_after = previous.talk_of, plan.talk_of
    talks_added = [pid for pid in talk_after if pid not in talk_before]
    talks_removed = [pid for pid in talk_before if pid not in talk_after]
    affected: set[str] = set()
    changed_talks = [m.paper for m in talks_moved + talks_retimed] + talks_added
    for pid in [m.paper for m in moved] + added + edited + changed_talks:
        affected.update(new_papers[pid].authors)
    for pid in removed + talks_removed:
        affected.update((new_papers.get(pid) or old_papers[pid]).authors)
    return Changes(
        previous_revision=previous.revision,
        moved=moved,
        added=added,
        removed=removed,
        removed_papers=[
            Removed(paper=pid, title=old_papers[pid].title, authors=list(old_papers[pid].authors))
            for pid in removed
        ],
        edited=edited,
        authors_affected=sorted(affected),
        clashes_removed=[gone[k] for k in sorted(gone)],
        talks_moved=talks_moved,
        talks_retimed=talks_retimed,
        talks_added=talks_added,
        talks_removed=talks_removed,
    )


def _clashes_gone(
    previous: Plan, plan: Plan, would_clash: list[tuple[str, str, str, str]] | None
) -> dict[tuple[str, ...], str]:
    """Clashes of the previous plan, or that the new inputs would have had, the plan avoids.

    Keyed by (person key, paper, paper), each with its wording.
    """
    new_clashes = {(c.person, *sorted(c.papers)) for c in plan.clashes}
    gone: dict[tuple[str, ...], str] = {}
    for c in previous.clashes:
        gone[(c.person, *sorted(c.papers))] = f"{c.name}: papers {c.papers[0]} and {c.papers[1]}"
    for person, label, a, b in would_clash or []:
        gone[(person, *sorted((a, b)))] = f"{label}: papers {a} and {b}"
    return {k: v for k, v in gone.items() if k not in new_clashes}


def _moves(
    previous: Plan,
    plan: Plan,
    before: dict[str, Placement],
    after: dict[str, Placement],
    removed_clash_papers: set[str],
    old_papers: dict[str, PaperRecord],
    new_papers: dict[str, PaperRecord],
) -> list[Move]:
    """Every poster not on the board it had, with where it was, where it is and why."""
    hand = _hand_edited(previous, plan)
    moved: list[Move] = []
    for pid, pl in after.items():
        old = before.get(pid)
        if old is None or (old.session, old.room, old.board) == (pl.session, pl.room, pl.board):
            continue
        kind = (
            "session" if old.session != pl.session else "room" if old.room != pl.room else "board"
        )
        moved.append(
            Move(
                paper=pid,
                title=new_papers[pid].title,
                before=_where(previous, old),
                after=_where(plan, pl),
                kind=kind,
                why=_why(plan, old, pl, removed_clash_papers, old_papers, new_papers, hand),
            )
        )
    return moved


# ---------------------------------------------------------------------- talks


def _talk_where(plan: Plan, t: TalkRecord) -> str:
    venue = plan.venue
    session = venue.talk_session_by_id.get(t.session)
    room = venue.talk_room_by_id.get(t.room)
    return (
        f"{session.name if session else t.session} / {room.name if room else t.room} / "
        f"{t.start:%H:%M}-{t.end:%H:%M}"
    )


def _talk_changes(previous: Plan, plan: Plan) -> tuple[list[TalkMove], list[TalkMove]]:
    """Talks now in another session or room, and talks in their room at another time."""
    before = previous.talk_of
    papers = plan.paper_by_id
    moved: list[TalkMove] = []
    retimed: list[TalkMove] = []
    for t in plan.talks:
        old = before.get(t.paper)
        if old is None:
            continue
        if (old.session, old.room) != (t.session, t.room):
            kind = "session" if old.session != t.session else "room"
            why = _why_talk_moved(previous, plan, old, t)
        elif (old.start, old.end) != (t.start, t.end):
            kind, why = "time", _why_retimed(previous, plan, old, t)
        else:
            continue
        change = TalkMove(
            paper=t.paper,
            title=papers[t.paper].title,
            before=_talk_where(previous, old),
            after=_talk_where(plan, t),
            kind=kind,
            why=why,
        )
        (retimed if kind == "time" else moved).append(change)
    return moved, retimed


def _why_talk_moved(previous: Plan, plan: Plan, old: TalkRecord, new: TalkRecord) -> str:
    venue = plan.venue
    if new.status == "pinned":
        return new.reason or "pinned"
    if old.session not in venue.talk_session_by_id:
        return f"talk session '{old.session}' was removed"
    if old.room not in {r.id for r in venue.talk_rooms_in(old.session)}:
        return f"room '{old.room}' no longer holds talks in that session"
    before = previous.talk_of
    for t in plan.talks:
        came = before.get(t.paper)
        if (t.session, t.room) == (old.session, old.room) and (
            came is None or (came.session, came.room) != (t.session, t.room)
        ):
            return f"to make room for talk {t.paper}"
    old_paper = previous.paper_by_id.get(old.paper)
    if old_paper is not None and old_paper.authors != plan.paper_by_id[new.paper].authors:
        return "its author list changed"
    return "to make room for the changes with the fewest moves"


def _why_retimed(previous: Plan, plan: Plan, old: TalkRecord, new: TalkRecord) -> str:
    """Why a talk that kept its room runs at another time."""
    cell = (old.session, old.room)
    after, papers = plan.talk_of, plan.paper_by_id
    for t in previous.talks:
        if (t.session, t.room) != cell or t.position >= old.position:
            continue
        now = after.get(t.paper)
        if now is None:
            what = "is no longer a talk" if t.paper in papers else "was withdrawn"
            return f"the running order closed up: talk {t.paper} before it {what}"
        if (now.session, now.room) != cell:
            return f"the running order closed up: talk {t.paper} before it moved"
    before = previous.talk_of
    for t in plan.talks:
        came = before.get(t.paper)
        earlier = (t.session, t.room) == cell and t.position < new.position
        if earlier and (came is None or (came.session, came.room) != cell):
            return f"talk {t.paper} now comes before it"
    if new.end - new.start != old.end - old.start:
        return "its length changed"
    return "the running order within the room changed"
