"""OpenReview's notes (API v2), as openreview-py dumps them: the accepted papers of a venue.

The input is a JSON list of notes, an object ``{"notes": [...], "count": n}``
or one note per line (``.jsonl``).  Every field of a note is wrapped:
``content.title.value``, ``content.authors.value`` (names) beside
``content.authorids.value`` (profile ids such as ``~Jane_Doe1``, or an
e-mail for an author without a profile), ``content.keywords.value``,
``content.primary_area.value``, ``content.venue.value`` ("ICLR 2024 poster")
and ``content.venueid.value`` ("ICLR.cc/2024/Conference").

Which notes are accepted: those whose venueid is the venue's id, given by
``--venue-id`` or ``[rules] venue_id``; without it, the most common venueid
that is no submission state (".../Rejected_Submission",
".../Withdrawn_Submission", ".../Desk_Rejected_Submission", ".../Submission").
An accepted note's decision is its presentation type, the last word of its
venue ("Poster", "Oral", "Spotlight"), else "Accept"; a rejected or
withdrawn note gets "Rejected" or "Withdrawn", any other "Not accepted", so
none of them gets a poster.  Notes without a venueid are judged by their
venue text alone.

The paper id is the note's ``number`` (chairs know papers by number), else
its ``id``.  The record written back into papers.json is the note as it
came, with two additions so that ``[[place]]`` rules and the site can read
it: each content field's unwrapped value beside ``content`` at the top level
(``"venue": "ICLR 2024 poster"``; a top-level key of the note is never
replaced), and, when the number is the paper id, ``"id"`` holding the number
(planner verify finds each paper in papers.json by ``id``) with the note's
own id kept in ``forum`` (where API v2 has it already) or ``note_id``.
"""

from __future__ import annotations

import re
from collections import Counter
from typing import Any

from planner.core.errors import Problems
from planner.core.ids import canonical_id
from planner.core.limits import (
    MAX_AUTHORS,
    check_record,
    id_problem,
    show,
)
from planner.read.conference import AuthorRecord, Paper, PaperList
from planner.read.papers.exports import area_label, first_record, load_records
from planner.read.papers.fields import author_problem, checked_title, split_cell
from planner.read.papers.systems import Reader, ReadOptions, Source

LABEL = "OpenReview (API v2 notes)"
ACCEPT = ["Poster", "Spotlight", "Oral", "Accept"]
TYPES = {"poster": "Poster", "spotlight": "Spotlight", "oral": "Oral"}
# Content fields that give the topic, best first (ICML's "Theory->Deep Learning",
# NeurIPS' "reinforcement_learning", ICLR's plain text).
TOPIC_FIELDS = ("primary_area", "research_area", "subject_area", "subject_areas")
FORUM_URL = "https://openreview.net/forum?id={}"
EXAMPLE = '[{"id": "aB3dE", "number": 7, "content": {"title": {"value": "A title"}}}]'
EXPORT_FIX = (
    "Export the notes with their content (openreview-py, API v2: "
    "json.dump([n.to_json() for n in client.get_all_notes(...)], f))."
)
# The wrapped content of an API v2 note, for a note too long for first_record.
_WRAPPED = re.compile(r'"content"\s*:\s*\{\s*"[^"\\]{1,200}"\s*:\s*\{[^{}]{0,2000}?"value"\s*:')


def sniff(source: Source) -> bool:
    """A JSON or JSON Lines file whose first record has ``content`` of wrapped values."""
    if source.data is None or not source.head.startswith(("[", "{")):
        return False
    record = first_record(source.head, ("notes",))
    if record is not None:
        return _is_note(record)
    return bool(_WRAPPED.search(source.head))


def _is_note(record: dict[str, Any]) -> bool:
    content = record.get("content")
    return isinstance(content, dict) and any(
        isinstance(v, dict) and "value" in v for v in content.values()
    )


def read(source: Source, options: ReadOptions) -> PaperList:
    """The notes as papers; raises InputError listing every problem."""
    records = load_records(source, ("notes",), ("content",), EXAMPLE)
    problems = Problems(source.shown)
    notes: list[tuple[int, dict[str, Any]]] = []
    for i, note in enumerate(records, 1):
        if not isinstance(note, dict):
            problems.add(f"record {i}", "is not an object", "Each note must be a JSON object.")
        elif not isinstance(note.get("content"), dict):
            problems.add(_named(i, note), "has no 'content' (the note's fields)", EXPORT_FIX)
        elif check_record(note, _named(i, note), problems):
            notes.append((i, note))
    accepted = _accepted_venue([n for _, n in notes], options, problems)
    papers = []
    used: Counter[str] = Counter()  # the source fields read, for field_sources
    for i, note in notes:
        paper = _paper(note, i, accepted, problems, used)
        if paper is not None:
            papers.append(paper)
    problems.raise_if_any()
    return PaperList(
        source=source.shown,
        format="json",
        papers=papers,
        reader=LABEL,
        field_sources=_field_sources(used, accepted, given=bool(options.venue_id)),
        accept=list(ACCEPT),
    )


def _named(i: int, note: dict[str, Any]) -> str:
    """A record as messages name it: its place in the file, and its number or id."""
    for key in ("number", "id"):
        value = note.get(key)
        if isinstance(value, (int, str)) and not isinstance(value, bool) and str(value).strip():
            return f"record {i} ({key} {show(str(value).strip())})"
    return f"record {i}"


def _value(field: Any) -> Any:
    """A content field's value: API v2 wraps it ({"value": ...}); API v1 did not."""
    if isinstance(field, dict):
        return field.get("value")
    return field


def _venueid(note: dict[str, Any]) -> str | None:
    value = _value(note["content"].get("venueid"))
    return value.strip() if isinstance(value, str) and value.strip() else None


def _is_submission_state(venueid: str) -> bool:
    """A venueid that says where a submission stands, not the venue that accepted it."""
    return venueid.endswith(("_Submission", "/Submission")) or venueid == "Submission"


def _accepted_venue(
    notes: list[dict[str, Any]], options: ReadOptions, problems: Problems
) -> str | None:
    """The venueid of the accepted notes: the one asked for, else the most common
    that is no submission state; None when no note has a venueid at all."""
    counts = Counter(v for v in map(_venueid, notes) if v is not None)
    candidates = [v for v, _ in counts.most_common() if not _is_submission_state(v)]
    wanted = options.venue_id.strip() if options.venue_id else None
    if wanted is None or wanted in counts:
        return wanted or (candidates[0] if candidates else None)
    if counts:
        found = ", ".join(f"{show(v)} ({n})" for v, n in counts.most_common(6))
        more = f" and {len(counts) - 6} more" if len(counts) > 6 else ""
        guess = candidates[0] if candidates else counts.most_common(1)[0][0]
        problems.add(
            "",
            f"no note has the venue id '{show(wanted)}' (--venue-id or [rules] venue_id): this "
            f"is a dump of another venue; its notes' venue ids are {found}{more}",
            f"Give this dump's venue id: --venue-id {show(guess)} (or [rules] venue_id).",
        )
    else:
        problems.add(
            "",
            f"--venue-id (or [rules] venue_id) is '{show(wanted)}', but no note has a "
            "content.venueid to compare it with",
            "Export the notes with their venueid, or drop --venue-id and [rules] venue_id.",
        )
    problems.raise_if_any()
    return None


def _decision(venueid: str | None, venue: Any, accepted: str | None) -> str | None:
    """The planner's decision: the presentation type when accepted, else why not."""
    text = venue.strip() if isinstance(venue, str) else ""
    if venueid is not None:
        if venueid == accepted:
            return _presentation(text)
        if venueid.endswith("Withdrawn_Submission"):
            return "Withdrawn"
        if venueid.endswith("Rejected_Submission"):  # Desk_Rejected_Submission too
            return "Rejected"
        return "Not accepted"  # under review, or another venue's note
    # No venueid: the venue text is all there is ("Submitted to ICLR 2024",
    # "ICLR 2024 Conference Withdrawn Submission", "ICLR 2024 poster").
    lowered = text.casefold()
    if not lowered:
        return None  # a list of accepted papers often says nothing more
    if "withdrawn" in lowered:
        return "Withdrawn"
    if "reject" in lowered:
        return "Rejected"
    if lowered.startswith("submitted to"):
        return "Not accepted"
    return _presentation(text)


def _presentation(venue: str) -> str:
    """ "ICLR 2024 poster" -> "Poster"; a venue without a type ("TMLR") -> "Accept"."""
    words = venue.split()
    return TYPES.get(words[-1].casefold(), "Accept") if words else "Accept"


def _paper(
    note: dict[str, Any],
    i: int,
    accepted: str | None,
    problems: Problems,
    used: Counter[str],
) -> Paper | None:
    """One note as a paper; None once its problem is added."""
    values = {str(k): _value(v) for k, v in note["content"].items()}
    pid = _paper_id(note, i, problems, used)
    if pid is None:
        return None
    where = f"record {i} (paper {show(pid)})"
    title = checked_title(
        values.get("title"), where, "content.title", problems, "has no title in content.title"
    )
    if title is None:
        return None
    authors = _authors(values, where, problems)
    if authors is None:
        return None
    topic = _topic(values, used)
    abstract = values.get("abstract")
    note_id = note.get("id")
    return Paper(
        id=pid,
        title=title,
        abstract=abstract if isinstance(abstract, str) else "",
        authors=authors,
        decision=_decision(_venueid(note), values.get("venue"), accepted),
        keywords=_keywords(values.get("keywords")),
        topic=topic,
        url=FORUM_URL.format(note_id) if isinstance(note_id, str) and note_id.strip() else None,
        source_row=i,
        raw=_raw(note, values, pid),
    )


def _paper_id(note: dict[str, Any], i: int, problems: Problems, used: Counter[str]) -> str | None:
    """The note's number, else its id, made canonical; None once a problem is added."""
    for key in ("number", "id"):
        value = note.get(key)
        if value is None or isinstance(value, (bool, dict, list)):
            continue
        pid = canonical_id(value)
        if not pid:
            continue
        bad = id_problem(pid)
        if bad:
            problems.add(
                f"record {i}, field '{key}'",
                f"the id '{show(pid)}' {bad}",
                "Give the note a plain, short number.",
            )
            return None
        used[key] += 1
        return pid
    problems.add(f"record {i}", "has neither a 'number' nor an 'id'", EXPORT_FIX)
    return None


def _authors(values: dict[str, Any], where: str, problems: Problems) -> list[AuthorRecord] | None:
    """The authors: content.authors (names) paired with content.authorids in order."""
    names, ids = values.get("authors"), values.get("authorids")
    for key, value in (("authors", names), ("authorids", ids)):
        if value is not None and not (
            isinstance(value, list) and all(isinstance(x, str) for x in value)
        ):
            problems.add(
                f"{where}, content.{key}", "is not a list of texts", "Export the notes again."
            )
            return None
    names = names if names is not None else [""] * len(ids or [])
    ids = ids if ids is not None else [""] * len(names)
    if len(names) != len(ids):
        problems.add(
            where,
            f"content.authors lists {len(names)} names but content.authorids {len(ids)} ids, "
            "so they cannot be paired",
            "Export the notes again; each author has a name and a profile id (or e-mail).",
        )
        return None
    if len(names) > MAX_AUTHORS:
        problems.add(
            f"{where}, content.authors",
            f"lists {len(names):,} authors, more than the {MAX_AUTHORS:,} the planner "
            "takes on one paper",
            "Check the author list (see the README's limits).",
        )
        return None
    authors = []
    for j, (name, aid) in enumerate(zip(names, ids, strict=True), 1):
        aid = aid.strip()
        email = aid if "@" in aid else None  # an author without a profile: the e-mail given
        author = AuthorRecord(id=aid or None, name=name.strip(), email=email)
        bad = author_problem(author)
        if bad:
            problems.add(f"{where}, author {j}", bad, "Fix the author there.")
            return None
        authors.append(author)
    return authors


def _keywords(value: Any) -> list[str]:
    if isinstance(value, str):  # some venues ask for one text, comma separated
        value = split_cell(value.replace(",", ";"))
    if not isinstance(value, list):
        return []
    return [str(k).strip() for k in value if isinstance(k, (str, int)) and str(k).strip()]


def _topic(values: dict[str, Any], used: Counter[str]) -> str | None:
    """The area: "Theory->Deep Learning" -> "Theory › Deep Learning",
    "reinforcement_learning" -> "reinforcement learning"."""
    for key in TOPIC_FIELDS:
        value = values.get(key)
        if isinstance(value, list):  # subject areas: the first is the primary one
            value = next((v for v in value if isinstance(v, str) and v.strip()), None)
        if isinstance(value, str) and value.strip():
            used[f"content.{key}"] += 1
            return area_label(value)
    return None


def _raw(note: dict[str, Any], values: dict[str, Any], pid: str) -> dict[str, Any]:
    """The note as it came, plus its unwrapped content values and the paper id (module doc)."""
    raw = dict(note)
    for key, value in values.items():
        if key not in raw and value is not None:
            raw[key] = value
    note_id = note.get("id")
    if note_id is not None and canonical_id(note_id) != pid:
        if "forum" not in raw:
            raw["forum"] = note_id
        elif raw["forum"] != note_id:
            raw["note_id"] = note_id
        raw["id"] = note.get("number")
    elif note_id is None:
        raw["id"] = note.get("number")
    return raw


def _field_sources(used: Counter[str], accepted: str | None, given: bool) -> dict[str, str]:
    """Which note field filled each planner field, for planner check."""
    ids = "number" if not used["id"] else ("id" if not used["number"] else "number, else id")
    topics = [key for key in TOPIC_FIELDS if used[f"content.{key}"]]
    how = "as given" if given else "the most common; --venue-id chooses another"
    decision = (
        f"content.venueid (accepted: {accepted}, {how}) and content.venue (the type)"
        if accepted
        else "content.venue (no note has an accepted content.venueid)"
    )
    return {
        "id": ids,
        "title": "content.title",
        "abstract": "content.abstract",
        "authors": "content.authors, content.authorids",
        "decision": decision,
        "keywords": "content.keywords",
        "topic": ", else ".join(f"content.{k}" for k in topics) or "(none)",
        "url": "id (the forum page)",
    }


READER = Reader(name="openreview", label=LABEL, sniff=sniff, read=read)
