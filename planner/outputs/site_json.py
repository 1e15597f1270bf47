"""``papers.json``: the placed papers in the shape the conference site gave them.

Every input field is kept as it came; the schedule fields are filled in
(the README, "Outputs"): ``session`` (the session's name), ``room_name``,
``poster_position`` (the board label), ``starttime``/``endtime`` (ISO 8601
with the UTC offset) and ``topic`` (the planner's topic label).  A paper that
gives a talk has ``talk``: ``session``, ``room_name``, ``order`` (its place in
the room's running order) and the talk's own ``starttime``/``endtime``; a
talk paper without a poster (``poster_too = false``) has ``talk`` and
``topic`` only.  An input field that says where or when a paper is presented
(a Mini-Conf ``sessions`` column, a ``Room``, a second time slot) is replaced
by the plan's value, or null where the plan has none: never left beside it.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from planner.outputs.folder import write_text
from planner.plan.records import PaperRecord, Placement, Plan
from planner.read.halves import poster_half
from planner.read.places import field_key

FILE = "papers.json"


def _record(plan: Plan, paper: PaperRecord) -> dict[str, Any]:
    """The input record; a table row gets the site's own fields too, first."""
    raw = dict(plan.records.get(paper.id) or {})
    if plan.inputs.papers_format == "json" and raw:
        return raw
    people = plan._people
    base: dict[str, Any] = {
        "id": paper.id,
        "name": paper.title_raw,
        "authors": [
            {
                "id": (people[k].ids[0] if k in people and people[k].ids else None),
                "fullname": name,
                "institution": (
                    people[k].institutions[0] if k in people and people[k].institutions else None
                ),
            }
            for k, name in zip(paper.authors, paper.author_names, strict=False)
        ],
        "abstract": paper.abstract,
        "decision": paper.decision,
    }
    # The table's own columns, as they came: a column named like a site field
    # ("authors", "id") keeps its own value, since every input field is kept.
    return {**base, **raw}


def records(plan: Plan) -> list[dict[str, Any]]:
    venue = plan.venue
    topics = {t.id: t.label for t in plan.topics}
    placement = plan.placement_of
    talks = plan.talk_of
    out = []
    for paper in plan.papers:
        pl = placement.get(paper.id)
        talk = talks.get(paper.id)
        if pl is None and talk is None:
            continue
        record = _record(plan, paper)
        topic = pl.topic if pl is not None else talk.topic if talk is not None else 0
        if pl is not None:
            session = venue.session_by_id[pl.session]
            record.update(
                {
                    "session": session.name,
                    "room_name": venue.room_by_id[pl.room].name,
                    "poster_position": pl.label,
                    # The offset of the session's own site (planner.read.venue.sites).
                    "starttime": venue.aware(session.id, session.start).isoformat(),
                    "endtime": venue.aware(session.id, session.end).isoformat(),
                }
            )
            half = poster_half(venue, session.id, pl.board)
            if half is not None:  # only with [rules] halves: the contract's half object
                record["half"] = {
                    "number": half[0],
                    "starttime": venue.aware(session.id, half[1]).isoformat(),
                    "endtime": venue.aware(session.id, half[2]).isoformat(),
                }
        if talk is not None:
            record["talk"] = {
                "session": venue.talk_session_by_id[talk.session].name,
                "room_name": venue.talk_room_by_id[talk.room].name,
                "order": talk.position,
                "starttime": venue.aware(talk.session, talk.start).isoformat(),
                "endtime": venue.aware(talk.session, talk.end).isoformat(),
            }
        record["topic"] = topics[topic]
        _replace_stale(record, plan, pl)
        out.append(record)
    return out


# Input fields that say where or when a paper is presented (a Mini-Conf
# "sessions" column, a list's "Room" or "Board", a site's second time slot),
# compared as [[place]] rules compare field names.  The plan's own fields
# above replace them; any such field the writer did not set is given the
# plan's value where it has one, else null, so the record keeps its shape and
# no output shows a stale place or time beside the planned one.
STALE = {
    "sessions": "session",
    "session": "session",
    "room": "room",
    "rooms": "room",
    "roomname": "room",
    "board": "board",
    "boardnumber": "board",
    "posternumber": "board",
    "posterposition": "board",
    "starttime": None,
    "endtime": None,
    "starttime2": None,
    "endtime2": None,
    "start": None,
    "end": None,
    "slot": None,
    "time": None,
    "location": None,
    "latitude": None,
    "longitude": None,
}
_SET = {"session", "room_name", "poster_position", "starttime", "endtime"}


def _replace_stale(record: dict[str, Any], plan: Plan, pl: Placement | None) -> None:
    venue = plan.venue
    placed: dict[str, str] = {}
    if pl is not None:
        placed = {
            "session": venue.session_by_id[pl.session].name,
            "room": venue.room_by_id[pl.room].name,
            "board": pl.label,
        }
    for key in list(record):
        if (pl is not None and key in _SET) or field_key(key) not in STALE:
            continue  # the plan's own field, set above, or no place or time at all
        what = STALE[field_key(key)]
        value: Any = placed.get(what) if what else None
        record[key] = [value] if isinstance(record[key], list) and value is not None else value


def write(plan: Plan, folder: Path) -> None:
    results = records(plan)
    if plan.envelope is None and plan.inputs.papers_format == "json":
        doc: Any = results
    else:
        doc = dict(plan.envelope or {})
        doc["count"] = len(results)
        doc["results"] = results
    write_text(folder / FILE, json.dumps(doc, ensure_ascii=False, indent=1) + "\n")
