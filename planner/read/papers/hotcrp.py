"""HotCRP's JSON download of papers (Search > select all > Download > JSON), and its import format.

A list of paper objects (or ``{"papers": [...]}``, or one paper alone): the
paper number in ``pid`` (``_id_`` in some import files), ``title``,
``abstract``, ``authors`` as ``{"email", "first", "last", "affiliation",
"contact"}`` (or ``{"name", "email", "affiliation"}``, or a text such as
"Ann Lee <ann@x.org> (MIT)"), ``topics`` (a list of names, or in older
versions an object of name -> true), ``decision`` (the decision's name,
"Accepted" or a venue's own such as "Accept (talk)") and ``status``
("accepted", "rejected", "submitted", "withdrawn"; ``"withdrawn": true`` too).
The venue's own submission fields sit under their own keys ("primary_area").

The decision is the ``decision`` name, else the ``status``; a withdrawn
paper's is "Withdrawn".  Accepted: "accepted", "accept", "Accepted", and
every decision name HotCRP itself marks accepted (``status`` "accepted") in
this file.  The topic is the first topic, else ``primary_area``.  HotCRP
keeps no person ids: authors are known by e-mail, then name; an author with
an e-mail but no name is an error, since posters and the report show names.

Each record is written back into papers.json as it came, with ``"id"``
holding the paper number when it has none (planner verify finds each paper
there by ``id``).
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

LABEL = "HotCRP (JSON)"
ACCEPT = ["accepted", "accept", "Accepted"]
ID_KEYS = ("pid", "_id_")
EXAMPLE = (
    '[{"pid": 1, "title": "A title", "authors": [{"first": "Ann", "last": "Lee", '
    '"email": "ann@example.org", "affiliation": "MIT"}], "decision": "Accepted"}]'
)
# "Ann Lee <ann@x.org> (MIT)": the author text HotCRP's import takes.
_AUTHOR_TEXT = re.compile(r"^(?P<name>[^<(]*?)\s*(?:<(?P<email>[^>]*)>)?\s*(?:\((?P<aff>.*)\))?$")
# A paper too long for first_record: its number and an author object's keys.
_PID = re.compile(r'"(?:pid|_id_)"\s*:\s*"?\d')
_AUTHOR_OBJECT = re.compile(r'"authors"\s*:\s*\[\s*\{[^{}]{0,500}?"(?:first|last|email)"\s*:')
_OBJECT_PAPER = re.compile(r'"object"\s*:\s*"paper"')  # HotCRP 3's own marker


def sniff(source: Source) -> bool:
    """JSON records numbered by ``pid`` (or ``_id_``) whose authors are objects with
    ``first``/``last`` or ``email``."""
    if source.data is None or not source.head.startswith(("[", "{")):
        return False
    record = first_record(source.head, ("papers",))
    if record is None:
        head = source.head  # a first record too long for the head: its start must do
        return bool(
            _PID.search(head) and (_AUTHOR_OBJECT.search(head) or _OBJECT_PAPER.search(head))
        )
    if not any(key in record for key in ID_KEYS) or "content" in record:
        return False
    authors = record.get("authors")
    if not isinstance(authors, list) or not authors:
        return record.get("object") == "paper"
    first = authors[0]
    return isinstance(first, dict) and any(key in first for key in ("first", "last", "email"))


def read(source: Source, options: ReadOptions) -> PaperList:
    """The papers; raises InputError listing every problem.  ``options``: none apply."""
    records = load_records(source, ("papers",), ID_KEYS, EXAMPLE)
    problems = Problems(source.shown)
    papers = []
    used: Counter[str] = Counter()  # the source fields read, for field_sources
    accept = list(ACCEPT)
    for i, rec in enumerate(records, 1):
        if not isinstance(rec, dict):
            problems.add(f"record {i}", "is not an object", "Each paper must be a JSON object.")
            continue
        if not check_record(rec, f"record {i}", problems):
            continue
        paper = _paper(rec, i, problems, used)
        if paper is None:
            continue
        papers.append(paper)
        # A venue's own accept decisions ("Accept (talk)"): HotCRP marks them accepted.
        accepted = _text(rec.get("status")).casefold() == "accepted"
        if accepted and paper.decision and paper.decision not in accept:
            accept.append(paper.decision)
    problems.raise_if_any()
    return PaperList(
        source=source.shown,
        format="json",
        papers=papers,
        reader=LABEL,
        field_sources=_field_sources(used),
        accept=accept,
    )


def _paper(rec: dict[str, Any], i: int, problems: Problems, used: Counter[str]) -> Paper | None:
    """One record as a paper; None once its problem is added."""
    pid = _paper_id(rec, i, problems, used)
    if pid is None:
        return None
    where = f"record {i} (paper {show(pid)})"
    title = checked_title(rec.get("title"), where, "field 'title'", problems)
    if title is None:
        return None
    authors = _authors(rec.get("authors"), where, problems)
    if authors is None:
        return None
    abstract = rec.get("abstract")
    raw = rec if "id" in rec else {"id": rec[_id_key(rec)], **rec}
    return Paper(
        id=pid,
        title=title,
        abstract=abstract if isinstance(abstract, str) else "",
        authors=authors,
        decision=_decision(rec, used),
        keywords=_keywords(rec.get("keywords")),
        topic=_topic(rec, used),
        source_row=i,
        raw=raw,
    )


def _id_key(rec: dict[str, Any]) -> str:
    """The key holding the paper number: ``pid``, else ``_id_``."""
    return next((k for k in ID_KEYS if rec.get(k) not in (None, "")), ID_KEYS[0])


def _paper_id(rec: dict[str, Any], i: int, problems: Problems, used: Counter[str]) -> str | None:
    key = _id_key(rec)
    value = rec.get(key)
    if value in (None, "") or isinstance(value, (bool, dict, list)):
        problems.add(f"record {i}", "has no paper number in 'pid'", "Give every paper its number.")
        return None
    pid = canonical_id(value)
    bad = id_problem(pid) if pid else "is empty"
    if bad:
        problems.add(
            f"record {i}, field '{key}'",
            f"the paper number '{show(pid)}' {bad}",
            "Give the paper a plain, short number.",
        )
        return None
    used[key] += 1
    return pid


def _authors(value: Any, where: str, problems: Problems) -> list[AuthorRecord] | None:
    """The authors in order; None once a problem is added."""
    if value is None:
        return []
    if not isinstance(value, list):
        problems.add(f"{where}, field 'authors'", "is not a list", f"Use {EXAMPLE}.")
        return None
    if len(value) > MAX_AUTHORS:
        problems.add(
            f"{where}, field 'authors'",
            f"lists {len(value):,} authors, more than the {MAX_AUTHORS:,} the planner "
            "takes on one paper",
            "Check the author list (see the README's limits).",
        )
        return None
    authors = []
    for j, raw in enumerate(value, 1):
        author = _author(raw)
        if author is None:
            problems.add(
                f"{where}, author {j}",
                "is neither an author object nor a name",
                'Use {"first": "Ann", "last": "Lee", "email": "ann@example.org"}.',
            )
            return None
        if not author.name:
            got = f"an e-mail ({show(author.email)}) but no name" if author.email else "no name"
            problems.add(
                f"{where}, author {j}",
                f"has {got}; HotCRP authors need names",
                "Fill in the author's first and last name in HotCRP, then download again.",
            )
            return None
        bad = author_problem(author)
        if bad:
            problems.add(f"{where}, author {j}", bad, "Fix the author there.")
            return None
        authors.append(author)
    return authors


def _author(raw: Any) -> AuthorRecord | None:
    """One author: an object (first/last or name, email, affiliation) or a text."""
    if isinstance(raw, str):
        found = _AUTHOR_TEXT.match(raw.strip())
        name, email, aff = (found["name"], found["email"], found["aff"]) if found else (raw, "", "")
    elif isinstance(raw, dict):
        parts = [_text(raw.get("first")), _text(raw.get("last"))]
        name = " ".join(p for p in parts if p) or _text(raw.get("name"))
        email, aff = _text(raw.get("email")), _text(raw.get("affiliation"))
    else:
        return None
    return AuthorRecord(
        name=(name or "").strip(),
        email=(email or "").strip() or None,
        institution=(aff or "").strip() or None,
    )


def _text(value: Any) -> str:
    return value.strip() if isinstance(value, str) else ""


def _decision(rec: dict[str, Any], used: Counter[str]) -> str | None:
    """The decision's name, else the status; "Withdrawn" for a withdrawn paper."""
    status = _text(rec.get("status"))
    if rec.get("withdrawn") is True or status.casefold() == "withdrawn":
        used["withdrawn"] += 1
        return "Withdrawn"
    decision = _text(rec.get("decision"))
    if decision:
        used["decision"] += 1
        return decision
    if status:
        used["status"] += 1
        return status
    return None  # an import file of accepted papers often has neither


def _keywords(value: Any) -> list[str]:
    if isinstance(value, str):
        value = split_cell(value.replace(",", ";"))
    if not isinstance(value, list):
        return []
    return [str(k).strip() for k in value if isinstance(k, (str, int)) and str(k).strip()]


def _topic(rec: dict[str, Any], used: Counter[str]) -> str | None:
    """The first topic; else the venue's ``primary_area`` field."""
    topics = rec.get("topics")
    if isinstance(topics, dict):  # older HotCRP: {"Topic name": true}
        topics = [name for name, on in topics.items() if on]
    if isinstance(topics, list):
        first = next((t for t in topics if isinstance(t, str) and t.strip()), None)
        if first is not None:
            used["topics"] += 1
            return first.strip()
    area = rec.get("primary_area")
    if isinstance(area, str) and area.strip():
        used["primary_area"] += 1
        return area_label(area)
    return None


def _field_sources(used: Counter[str]) -> dict[str, str]:
    """Which record field filled each planner field, for planner check."""
    decision = [k for k in ("decision", "status") if used[k]]
    topic = [k for k in ("topics", "primary_area") if used[k]]
    return {
        "id": ", else ".join(k for k in ID_KEYS if used[k]) or "pid",
        "title": "title",
        "abstract": "abstract",
        "authors": "authors (first + last or name, email, affiliation)",
        "decision": (", else ".join(decision) or "decision") + " (withdrawn: Withdrawn)",
        "keywords": "keywords",
        "topic": ", else ".join("topics (the first)" if k == "topics" else k for k in topic)
        or "(none)",
    }


READER = Reader(name="hotcrp", label=LABEL, sniff=sniff, read=read)
