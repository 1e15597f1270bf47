"""What changed since the previous plan, and why, for the organizers' notices."""

from __future__ import annotations

from planner.plan.records import Changes, Move, PaperRecord, Placement, Plan, Removed
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
    affected: set[str] = set()
    for pid in [m.paper for m in moved] + added + edited:
        affected.update(new_papers[pid].authors)
    for pid in removed:
        affected.update(old_papers[pid].authors)
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
