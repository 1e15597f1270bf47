"""The field names of the records in ``report.html``'s embedded data, and how a record is made.

The page carries one JSON document the script renders details, search, the author view
and the editor from.  Its records are lists rather than objects, so that a plan of
thousands of posters stays small: each kind's field names are sent once (under
"fields"), every record is built from those names, and report.js reads each field by
name through them (p[P.title]), never by a bare position.
"""

from __future__ import annotations

from typing import Any

POSTER_FIELDS = (
    "id",
    "title",
    "authors",  # people, as numbered in "people"
    "topic",
    "session",  # index into "sessions"
    "room",  # index into "rooms"
    "label",  # the board's label
    "status",
    "reason",
    "presenter",  # a person, or -1
    "url",  # the paper's page (http or https only), or ""
    "change",  # since the previous run: "", "new", "moved" or "edited"
    "clashes",  # indexes into "clashes"
    "rules",  # the [[place]] rules that match it, indexes into edit.rules
    "pinned",  # pinned by: "", "venue", "workbook" or "report"
    "board",  # the board's number
)
PERSON_FIELDS = ("name", "institutions", "key")
SESSION_FIELDS = ("name", "time")
MOVE_FIELDS = ("kind", "before", "after", "why")
CLASH_FIELDS = ("person", "name", "poster", "other", "presenter", "why")
CELL_FIELDS = ("boards", "usable")  # of a room in a session
RULE_FIELDS = ("name", "rooms", "sessions", "exclusive")
TERM_FIELDS = ("term", "weight")  # weight in thousandths; a poster's terms are flat
# Talks (only in the data of a plan with talks: see TALK_KINDS).
TALK_FIELDS = (
    "id",
    "title",
    "authors",  # people, as numbered in "people"
    "speaker",  # a person, or -1
    "topic",
    "session",  # index into talks.sessions, or -1
    "room",  # index into talks.rooms, or -1
    "position",  # 1, 2, ... in the room's running order
    "start",  # "09:05", on the session's day
    "end",
    "poster",  # the paper's poster (index into "posters"), or -1
    "clashes",  # talk clash records
    "minutes",  # the talk's length
    "pinned",  # pinned by: "", "venue", "workbook" or "report"
    "rules",  # the [[place]] rules that match it, as they bind talks: talks.edit.rules
)
TALK_CLASH_FIELDS = ("person", "poster", "talk")  # the poster or the other talk, the other -1
FIELDS = {
    "poster": POSTER_FIELDS,
    "person": PERSON_FIELDS,
    "session": SESSION_FIELDS,
    "move": MOVE_FIELDS,
    "clash": CLASH_FIELDS,
    "cell": CELL_FIELDS,
    "rule": RULE_FIELDS,
    "term": TERM_FIELDS,
}
TALK_KINDS = {"talk": TALK_FIELDS, "talkClash": TALK_CLASH_FIELDS}


def record_of(fields: tuple[str, ...], **values: Any) -> list[Any]:
    """One record of the data: ``values`` in the order of ``fields``, all of them."""
    if len(values) != len(fields):
        raise ValueError(f"record fields {sorted(values)} are not {fields}")
    return [values[name] for name in fields]
