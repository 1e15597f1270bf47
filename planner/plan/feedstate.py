"""Published calendar state: SEQUENCE and LAST-MODIFIED per event, across reruns.

Subscribed calendars only apply a change when SEQUENCE rises, and clients show
duplicates when UIDs change.  So the plan stores, per event UID, a digest of
what subscribers saw, its SEQUENCE and when it last changed.  An unchanged
event keeps all three; a changed one gets SEQUENCE + 1 and this revision's
stamp; a withdrawn poster's entry is kept (marked cancelled) so that SEQUENCE
never decreases if it comes back.
"""

from __future__ import annotations

from planner.plan.events import all_events, visible_digest
from planner.plan.records import FeedEntry, PersonRecord, Plan


def update_feed_state(plan: Plan, previous: Plan | None) -> None:
    old = dict(previous.feeds) if previous is not None else {}
    stamp = plan.revision_time
    state: dict[str, FeedEntry] = {}
    for event in all_events(plan):
        content = event.record()
        digest = visible_digest(content)
        before = old.pop(event.uid, None)
        if before is None:
            state[event.uid] = FeedEntry(digest=digest, sequence=0, modified=stamp, event=content)
        elif before.digest == digest and not before.cancelled:
            state[event.uid] = before.model_copy(update={"event": content})
        else:
            state[event.uid] = FeedEntry(
                digest=digest, sequence=before.sequence + 1, modified=stamp, event=content
            )
    for uid, entry in old.items():  # withdrawn since: remembered, marked cancelled
        if entry.cancelled:
            state[uid] = entry
        else:
            state[uid] = FeedEntry(
                digest=entry.digest,
                sequence=entry.sequence + 1,
                modified=stamp,
                cancelled=True,
                event=entry.event,
                cancelled_in=plan.revision,
            )
    plan.feeds = dict(sorted(state.items()))
    plan.past_people = _past_people(plan, previous)
    plan.__dict__.pop("_people_cache", None)


def _past_people(plan: Plan, previous: Plan | None) -> list[PersonRecord]:
    """Everyone who had a feed in an earlier revision and has no poster now.

    Their feed file must not disappear (a subscribed calendar would get a 404
    and keep the stale event), so the plan remembers them, for good.
    """
    if previous is None:
        return []
    current = {p.key for p in plan.people}
    before = {p.key: p for p in [*previous.past_people, *previous.people]}
    return [before[k] for k in sorted(before) if k not in current]
