"""The conference-site JSON paper list: a list of records, or an object with ``results``.

Each record is an object with an ``id``, a title in ``name`` (or ``title``)
and ``authors`` as objects or plain names; every other field is kept in the
record, which papers.json writes back whole.
"""

from __future__ import annotations

import json
from typing import Any

from planner.core.errors import InputError, Problem, Problems
from planner.core.ids import canonical_id
from planner.core.limits import (
    MAX_AUTHORS,
    MAX_RECORDS,
    check_record,
    id_problem,
    show,
)
from planner.read.conference import AuthorRecord, Paper, PaperList
from planner.read.papers.fields import author_problem, checked_title, split_cell


def read_json(data: bytes, shown: str) -> PaperList:
    """The papers of a conference-site JSON export; raises InputError listing every problem."""
    records, envelope = _records(_load(data, shown), shown)
    problems = Problems(shown)
    if envelope is not None:
        check_record(envelope, "the object around 'results'", problems)
    papers = []
    for i, rec in enumerate(records, 1):
        # Every string (extra fields too) must fit the limits and be storable,
        # since the record is written back whole into papers.json.
        if not check_record(rec, f"record {i}", problems):
            continue
        paper = _json_record(rec, i, problems)
        if paper is not None:
            papers.append(paper)
    problems.raise_if_any()
    return PaperList(
        source=shown,
        format="json",
        papers=papers,
        envelope=envelope,
        field_sources=_sources(records),
    )


def _sources(records: list[Any]) -> dict[str, str]:
    """Which record field gave each planner field, as the first record spells them."""
    first = next((r for r in records if isinstance(r, dict)), {})
    wanted = {
        "id": ("id",),
        "title": ("name", "title"),
        "authors": ("authors",),
        "abstract": ("abstract",),
        "decision": ("decision",),
        "keywords": ("keywords",),
        "topic": ("topic",),
        "presenter": ("presenter",),
    }
    return {
        field: next(k for k in keys if k in first)
        for field, keys in wanted.items()
        if any(k in first for k in keys)
    }


def _load(data: bytes, shown: str) -> Any:
    """The JSON document in ``data``; raises InputError when it cannot be read."""
    try:
        return json.loads(data.decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise InputError(
            Problem(shown, "", "the file is not UTF-8 text", "Save the JSON as UTF-8.")
        ) from None
    except json.JSONDecodeError as exc:
        raise InputError(
            Problem(
                shown,
                f"line {exc.lineno}, column {exc.colno}",
                f"not valid JSON ({exc.msg})",
                "Fix the JSON there, or export the list again.",
            )
        ) from None
    except (ValueError, RecursionError) as exc:  # a number of thousands of digits, deep nesting
        raise InputError(
            Problem(shown, "", f"cannot read the JSON ({exc})", "Export the list again.")
        ) from None


def _records(doc: Any, shown: str) -> tuple[list[Any], dict[str, Any] | None]:
    """The paper records, and the object around them (None for a bare list)."""
    envelope: dict[str, Any] | None
    if isinstance(doc, list):
        records, envelope = doc, None
    elif isinstance(doc, dict) and isinstance(doc.get("results"), list):
        records = doc["results"]
        envelope = {k: v for k, v in doc.items() if k != "results"}
    else:
        raise InputError(
            Problem(
                shown,
                "",
                "expected a list of paper records or an object with a 'results' list",
                'Use {"count": 1, "results": [{"id": 1, "name": "A title", "authors": []}]}.',
            )
        )
    if len(records) > MAX_RECORDS:
        raise InputError(
            Problem(
                shown,
                "",
                f"the list has {len(records):,} records, more than "
                f"the {MAX_RECORDS:,} the planner reads",
                "Check that this is the right file (see the README's limits).",
            )
        )
    return records, envelope


def _json_author(raw: Any) -> AuthorRecord | None:
    if isinstance(raw, str):
        return AuthorRecord(name=raw.strip())
    if not isinstance(raw, dict):
        return None
    aid = raw.get("id", raw.get("author_id"))
    name = raw.get("fullname", raw.get("name", raw.get("full_name", "")))
    if not isinstance(name, str):
        name = "" if name is None else str(name)
    inst = raw.get("institution", raw.get("affiliation"))
    email = raw.get("email")
    return AuthorRecord(
        id=(canonical_id(aid) or None) if aid not in (None, "") else None,
        name=name.strip(),
        institution=str(inst).strip() if inst not in (None, "") else None,
        email=str(email).strip() if email not in (None, "") else None,
    )


def _json_record(rec: Any, i: int, problems: Problems) -> Paper | None:
    """The i-th record as a paper; None once its problem is added."""
    where = f"record {i}"
    if not isinstance(rec, dict):
        problems.add(where, "is not an object", "Each paper must be a JSON object.")
        return None
    pid = _json_id(rec, where, problems)
    if pid is None:
        return None
    where = f"record {i} (id {pid})"
    title = _json_title(rec, where, problems)
    if title is None:
        return None
    authors = _json_authors(rec, where, problems)
    if authors is None:
        return None
    abstract = rec.get("abstract")
    keywords = rec.get("keywords") or []
    if isinstance(keywords, str):
        keywords = split_cell(keywords.replace(",", ";"))
    elif not isinstance(keywords, list):
        keywords = [keywords]
    topic = rec.get("topic")
    decision = rec.get("decision")
    url = rec.get("paper_url") or rec.get("url") or rec.get("virtualsite_url")
    return Paper(
        id=pid,
        title=title,
        abstract=abstract if isinstance(abstract, str) else "",
        authors=authors,
        decision=str(decision).strip() or None if decision is not None else None,
        keywords=[str(k).strip() for k in keywords if str(k).strip()],
        topic=topic.strip() if isinstance(topic, str) and topic.strip() else None,
        presenter=_presenter_field(rec.get("presenter")),
        url=str(url) if isinstance(url, str) and url.startswith("http") else None,
        source_row=i,
        raw=rec,
    )


def _json_id(rec: dict[str, Any], where: str, problems: Problems) -> str | None:
    """The record's paper id, made canonical; None once a problem is added."""
    pid = rec.get("id")
    if pid in (None, "") or isinstance(pid, (dict, list, bool)):
        problems.add(where, "has no 'id'", "Give every paper a unique id.")
        return None
    pid = canonical_id(pid)
    if not pid:  # only spaces
        problems.add(where, "has no 'id'", "Give every paper a unique id.")
        return None
    bad = id_problem(pid)
    if bad:
        problems.add(
            f"{where}, field 'id'",
            f"the id '{show(pid)}' {bad}",
            "Give the paper a plain, short id.",
        )
        return None
    return pid


def _json_title(rec: dict[str, Any], where: str, problems: Problems) -> str | None:
    """The record's title, from 'name' or else 'title'; None once a problem is added."""
    title = rec.get("name") or rec.get("title")
    return checked_title(title, where, "field 'name'", problems, "has no title in 'name'")


def _json_authors(rec: dict[str, Any], where: str, problems: Problems) -> list[AuthorRecord] | None:
    """The record's authors, each checked; None once a problem is added."""
    raw_authors = rec.get("authors")
    if raw_authors is None:
        raw_authors = []
    if not isinstance(raw_authors, list):
        problems.add(
            where,
            "'authors' is not a list",
            'Write "authors": [{"id": 1, "fullname": "Ann Lee", "institution": "MIT"}].',
        )
        return None
    if len(raw_authors) > MAX_AUTHORS:
        problems.add(
            f"{where}, field 'authors'",
            f"lists {len(raw_authors):,} authors, more "
            f"than the {MAX_AUTHORS:,} the planner takes on one paper",
            "Check the author list (see the README's limits).",
        )
        return None
    authors = []
    for j, raw in enumerate(raw_authors, 1):
        author = _json_author(raw)
        if author is None:
            problems.add(
                f"{where}, author {j}",
                "is neither an object nor a name",
                'Use {"id": 1, "fullname": "Ann Lee", "institution": "MIT"}.',
            )
            return None
        bad = author_problem(author)
        if bad:
            problems.add(f"{where}, author {j}", bad, "Fix the author there.")
            return None
        authors.append(author)
    return authors


def _presenter_field(value: Any) -> str | None:
    if isinstance(value, dict):
        value = value.get("id") or value.get("fullname") or value.get("name")
    if value is None or isinstance(value, bool) or not str(value).strip():
        return None
    if isinstance(value, (list, dict)) and not value:
        return None  # "presenter": [] or {} says nobody in particular
    return str(value).strip()
