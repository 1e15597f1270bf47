"""EasyChair's export: its CSV tables (a folder or the .zip) or its Excel snapshot.

EasyChair keeps a submission's parts in separate tables joined by the
submission number: ``submission.csv`` (``#``, title, the authors as one
display string "A, B and C", keywords one per line, decision, abstract,
``deleted?``), ``author.csv`` (a row per author per submission, in author
order, with ``person #``: the person's id across submissions),
``submission_topic.csv`` (a row per topic chosen) and the topic list
``topic.csv`` (its ``header?`` rows are areas; the topics below a header
belong to its area); ``track.csv`` names the tracks of a multi-track event.
planner.read.papers.easychair_tables finds the tables; this module joins them:

* authors come from author.csv (name = first and last name, id = person #,
  institution = affiliation); a submission without author rows falls back to
  the display string, split on ", " and " and ";
* deleted submissions (``deleted? = yes``) are dropped, and author or topic
  rows of them are no error; a row of a submission the list does not hold is;
* topic = "Area › Topic" of the submission's first topic, else its track;
* an empty decision means "no decision" when other submissions have one
  (EasyChair lists every submission, so an empty cell is an undecided paper,
  not an accepted one); the decisions starting with "accept" are the
  reader's accept decisions.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from planner.core.errors import InputError, Problem, Problems
from planner.core.ids import canonical_id
from planner.core.limits import (
    MAX_AUTHORS,
    MAX_NAME_CHARS,
    MAX_RECORDS,
    MAX_TEXT_CHARS,
    check_record,
    id_problem,
    show,
    text_problem,
)
from planner.read.conference import AuthorRecord, Paper, PaperList
from planner.read.papers.easychair_tables import Table, Tables, load_tables, sniff_tables
from planner.read.papers.fields import author_problem
from planner.read.papers.rows import header_key
from planner.read.papers.systems import Reader, ReadOptions, Source

LABEL_CSV = "EasyChair (CSV tables)"
LABEL_XLSX = "EasyChair (snapshot XLSX)"

# Canonical column -> header spellings (compared after header_key), best first.
SUBMISSION: dict[str, tuple[str, ...]] = {
    "id": ("#", "submission #", "submission id", "submission number", "id"),
    "title": ("title", "submission title", "paper title"),
    "authors": ("authors", "author names"),
    "abstract": ("abstract",),
    "decision": ("decision",),
    "keywords": ("keywords", "keyword"),
    "deleted": ("deleted?", "deleted"),
    "track_id": ("track #", "track id", "track number"),
    "track": ("track name", "track"),
}
AUTHOR: dict[str, tuple[str, ...]] = {
    "submission": ("submission #", "submission id", "submission number", "submission", "paper #"),
    "first": ("first name", "given name", "firstname"),
    "last": ("last name", "family name", "surname"),
    "name": ("name", "full name", "author"),
    "email": ("email", "e-mail", "email address"),
    "affiliation": ("affiliation", "organization", "organisation", "institution"),
    "person": ("person #", "person id", "person"),
}
SUBMISSION_TOPIC: dict[str, tuple[str, ...]] = {
    "submission": AUTHOR["submission"],
    "topic": ("topic", "topic name", "name"),
}
TOPIC: dict[str, tuple[str, ...]] = {
    "topic": ("topic", "topic name", "name"),
    "header": ("header?", "header", "is header"),
}
TRACK: dict[str, tuple[str, ...]] = {
    "id": ("#", "track #", "id"),
    "name": ("name", "short name"),
    "long": ("long name",),
}
_YES = {"yes", "y", "true", "1"}
_UNDECIDED = "no decision"  # EasyChair's word for a submission without a decision


@dataclass
class _Report:
    """Problems found in any of the tables, each naming its file, table and row."""

    items: list[Problem] = field(default_factory=list)

    def add(self, table: Table, number: int, what: str, fix: str) -> None:
        self.items.append(Problem(table.file, table.where(number), what, fix))

    def raise_if_any(self) -> None:
        if self.items:
            raise InputError(self.items)


@dataclass
class _Line:
    """One row with its table's matched columns."""

    cells: list[str]
    columns: dict[str, int]

    def get(self, key: str) -> str:
        idx = self.columns.get(key)
        return self.cells[idx].strip() if idx is not None and idx < len(self.cells) else ""


@dataclass
class _Submission:
    pid: str
    number: int  # the row in the submission table
    title: str
    line: _Line
    raw: dict[str, Any]


@dataclass
class _Joined:
    """What the other tables give each submission, by submission number."""

    authors: dict[str, list[tuple[AuthorRecord, dict[str, Any]]]] = field(default_factory=dict)
    topics: dict[str, list[str]] = field(default_factory=dict)
    areas: dict[str, str] = field(default_factory=dict)  # folded topic -> its area
    tracks: dict[str, str] = field(default_factory=dict)  # track # -> its name


def sniff(source: Source) -> bool:
    return sniff_tables(source)


def read(source: Source, options: ReadOptions) -> PaperList:
    """The papers of an EasyChair export; raises InputError listing every problem."""
    tables = load_tables(source, forced=options.system is not None)
    report = _Report()
    sub_table = tables.get("submission")
    assert sub_table is not None  # load_tables refuses an export without one
    columns = _columns(sub_table, SUBMISSION, ("id", "title"), report)
    report.raise_if_any()
    live, deleted = _submissions(sub_table, columns, report)
    joined = _Joined()
    known = {s.pid for s in live}
    author_table = tables.get("author")
    if author_table is not None:
        joined.authors = _authors(author_table, sub_table, known, deleted, report)
    topic_table = tables.get("submissiontopic")
    if topic_table is not None:
        joined.topics = _submission_topics(topic_table, sub_table, known, deleted, report)
    if (topic_list := tables.get("topic")) is not None:
        joined.areas = _areas(topic_list, report)
    if (track_table := tables.get("track")) is not None:
        joined.tracks = _tracks(track_table, report)
    report.raise_if_any()
    undecided = _UNDECIDED if any(s.line.get("decision") for s in live) else None
    papers = [_paper(s, joined, sub_table, undecided, report) for s in live]
    report.raise_if_any()
    return PaperList(
        source=source.shown,
        format="xlsx" if tables.form == "xlsx" else "csv",
        papers=[p for p in papers if p is not None],
        reader=LABEL_XLSX if tables.form == "xlsx" else LABEL_CSV,
        field_sources=_field_sources(tables, columns),
        accept=_accept(live),
    )


def _columns(
    table: Table, spec: dict[str, tuple[str, ...]], required: tuple[str, ...], report: _Report
) -> dict[str, int]:
    """Canonical column -> index in the table's header; a missing required one is a problem."""
    keys = [header_key(h) for h in table.header]
    header_row = table.rows[0][0] if table.rows else 1
    out: dict[str, int] = {}
    for col, names in spec.items():
        for name in names:
            hits = [i for i, k in enumerate(keys) if k == header_key(name)]
            if len(hits) > 1:
                report.add(
                    table,
                    header_row,
                    f"columns {' and '.join(repr(table.header[i]) for i in hits)} both give "
                    f"the {col}",
                    "Delete or rename one of them.",
                )
            if hits:
                out[col] = hits[0]
                break
    missing = [spec[c][0] for c in required if c not in out]
    if missing:
        report.add(
            table,
            header_row,
            f"missing column(s): {', '.join(repr(m) for m in missing)}"
            if table.rows
            else "the table is empty",
            f"Download {table.name} from EasyChair again, with its header row.",
        )
    return out


def _submissions(
    table: Table, columns: dict[str, int], report: _Report
) -> tuple[list[_Submission], set[str]]:
    """The submissions that are not deleted, and the numbers of the deleted ones."""
    if len(table.rows) > MAX_RECORDS + 1:
        report.add(
            table,
            table.rows[0][0],
            f"the table has more than {MAX_RECORDS:,} submissions, the most the planner reads",
            "Check that this is the right export (see the README's limits).",
        )
        report.raise_if_any()
    live: list[_Submission] = []
    deleted: set[str] = set()
    first_row: dict[str, int] = {}
    header = table.header
    for number, cells in table.rows[1:]:
        line = _Line(cells, columns)
        pid = canonical_id(line.get("id"))
        if line.get("deleted").casefold() in _YES:
            deleted.add(pid)  # dropped whole; its author and topic rows are no error
            continue
        if _long_cell(table, number, cells, report):
            continue
        if not _good_id(table, number, pid, report):
            continue
        if pid in first_row:
            report.add(
                table,
                number,
                f"submission # {pid} is listed again (first at row {first_row[pid]})",
                "Keep one row per submission: download the tables from EasyChair again.",
            )
            continue
        first_row[pid] = number
        title = _title(table, number, pid, line, report)
        if title is None:
            continue
        raw = {
            (h or f"column {i + 1}"): v for i, (h, v) in enumerate(zip(header, cells, strict=False))
        }
        live.append(_Submission(pid, number, title, line, raw))
    return live, deleted - set(first_row)


def _good_id(table: Table, number: int, pid: str, report: _Report) -> bool:
    if not pid:
        report.add(table, number, "has no submission number (#)", "Fill in the # column.")
        return False
    bad = id_problem(pid)
    if bad:
        report.add(
            table, number, f"the submission # '{show(pid)}' {bad}", "Give a plain, short number."
        )
        return False
    return True


def _title(table: Table, number: int, pid: str, line: _Line, report: _Report) -> str | None:
    title = line.get("title")
    bad = "is empty" if not title else text_problem(title, MAX_NAME_CHARS)
    if bad:
        report.add(
            table, number, f"the title of submission # {pid} {bad}", "Fix the title in EasyChair."
        )
        return None
    return title


def _long_cell(table: Table, number: int, cells: list[str], report: _Report) -> bool:
    """Adds a problem for a cell over MAX_TEXT_CHARS; True when the row has one."""
    long = next((i for i, c in enumerate(cells) if len(c) > MAX_TEXT_CHARS), None)
    if long is None:
        return False
    name = table.header[long] if long < len(table.header) else f"column {long + 1}"
    report.add(
        table,
        number,
        f"the cell in column '{show(name)}' {text_problem(cells[long], MAX_TEXT_CHARS)}",
        "Shorten it (see the README's limits).",
    )
    return True


def _owner(
    table: Table,
    number: int,
    line: _Line,
    sub_table: Table,
    known: set[str],
    deleted: set[str],
    report: _Report,
) -> str | None:
    """The live submission a row of author.csv or submission_topic.csv belongs to, or None."""
    sid = canonical_id(line.get("submission"))
    if sid in known:
        return sid
    if not sid:
        report.add(table, number, "has no submission #", "Fill it in, or delete the row.")
    elif sid not in deleted:
        report.add(
            table,
            number,
            f"submission # {show(sid)} matches no submission in {sub_table.name}",
            f"Download {table.name} and {sub_table.name} together (one download from "
            "EasyChair), or delete the row.",
        )
    return None


def _authors(
    table: Table, sub_table: Table, known: set[str], deleted: set[str], report: _Report
) -> dict[str, list[tuple[AuthorRecord, dict[str, Any]]]]:
    """Each submission's authors from author.csv, in row order, with their rows for the record."""
    columns = _columns(table, AUTHOR, ("submission",), report)
    if table.rows and not {"first", "last", "name"} & set(columns):
        report.add(
            table,
            table.rows[0][0],
            "has no name columns ('first name', 'last name')",
            f"Download {table.name} from EasyChair again, with its header row.",
        )
    if "submission" not in columns:
        return {}
    header = table.header
    kept = {i for c, i in columns.items() if c in ("submission", "email")}
    out: dict[str, list[tuple[AuthorRecord, dict[str, Any]]]] = {}
    for number, cells in table.rows[1:]:
        line = _Line(cells, columns)
        if _long_cell(table, number, cells, report):
            continue
        sid = _owner(table, number, line, sub_table, known, deleted, report)
        if sid is None:
            continue
        name = " ".join(p for p in (line.get("first"), line.get("last")) if p) or line.get("name")
        person = canonical_id(line.get("person"))
        author = AuthorRecord(
            id=person or None,
            name=name,
            institution=line.get("affiliation") or None,
            email=line.get("email").lower() or None,
        )
        bad = author_problem(author)
        if bad:
            report.add(table, number, bad, f"Fix the author in EasyChair, or in {table.name}.")
            continue
        # The record is written back in papers.json, which a conference site
        # publishes: the author's e-mail stays out of it (the planner keeps it).
        row = {"id": author.id, "fullname": name, "institution": author.institution}
        row.update(
            {
                (h or f"column {i + 1}"): v.strip()
                for i, (h, v) in enumerate(zip(header, cells, strict=False))
            }
        )
        for i in kept:
            row.pop(header[i] if i < len(header) else "", None)
        out.setdefault(sid, []).append((author, row))
    return out


def _submission_topics(
    table: Table, sub_table: Table, known: set[str], deleted: set[str], report: _Report
) -> dict[str, list[str]]:
    """Each submission's topics, in row order."""
    columns = _columns(table, SUBMISSION_TOPIC, ("submission", "topic"), report)
    if len(columns) < 2:
        return {}
    out: dict[str, list[str]] = {}
    for number, cells in table.rows[1:]:
        line = _Line(cells, columns)
        if _long_cell(table, number, cells, report):
            continue
        sid = _owner(table, number, line, sub_table, known, deleted, report)
        if sid is not None and line.get("topic"):
            out.setdefault(sid, []).append(line.get("topic"))
    return out


def _areas(table: Table, report: _Report) -> dict[str, str]:
    """Folded topic -> its area: the last header row above it in the topic list."""
    columns = _columns(table, TOPIC, ("topic",), report)
    out: dict[str, str] = {}
    area = ""
    for _, cells in table.rows[1:]:
        line = _Line(cells, columns)
        topic = line.get("topic")
        if not topic:
            continue
        if line.get("header").casefold() in _YES:
            area = topic
        elif area:
            out[_fold(topic)] = area
    return out


def _tracks(table: Table, report: _Report) -> dict[str, str]:
    """Track # -> its long name (else its name)."""
    columns = _columns(table, TRACK, ("id",), report)
    out = {}
    for _, cells in table.rows[1:]:
        line = _Line(cells, columns)
        name = line.get("long") or line.get("name")
        if line.get("id") and name:
            out[canonical_id(line.get("id"))] = name
    return out


def _fold(text: str) -> str:
    return " ".join(text.split()).casefold()


def _paper(
    sub: _Submission, joined: _Joined, table: Table, undecided: str | None, report: _Report
) -> Paper | None:
    """One submission as a paper, with its authors and topics; None once a problem is added."""
    pairs = joined.authors.get(sub.pid)
    if pairs is None:  # no author.csv rows: the display string "A, B and C"
        names = split_display(sub.line.get("authors"))
        pairs = [
            (AuthorRecord(name=n), {"id": None, "fullname": n, "institution": None}) for n in names
        ]
    if len(pairs) > MAX_AUTHORS:
        report.add(
            table,
            sub.number,
            f"submission # {sub.pid} lists {len(pairs):,} authors, more than the "
            f"{MAX_AUTHORS:,} the planner takes on one paper",
            "Check the author list (see the README's limits).",
        )
        return None
    topics = joined.topics.get(sub.pid, [])
    areas = list(dict.fromkeys(a for t in topics if (a := joined.areas.get(_fold(t)))))
    track = sub.line.get("track") or joined.tracks.get(canonical_id(sub.line.get("track_id")), "")
    keywords = [k.strip() for k in re.split(r"[\r\n]+", sub.line.get("keywords")) if k.strip()]
    extra: dict[str, Any] = {"topics": topics, "areas": areas, "track": track}
    raw = _record(sub, table.header, [row for _, row in pairs], keywords, extra)
    problems = Problems(table.file)
    if not check_record(raw, table.where(sub.number), problems):
        report.items += problems.items
        return None
    return Paper(
        id=sub.pid,
        title=sub.title,
        abstract=sub.line.get("abstract"),
        authors=[a for a, _ in pairs],
        decision=sub.line.get("decision") or undecided,
        keywords=keywords,
        topic=_topic(topics, joined.areas) or track or None,
        source_row=sub.number,
        raw=raw,
    )


def _record(
    sub: _Submission,
    header: list[str],
    authors: list[dict[str, Any]],
    keywords: list[str],
    extra: dict[str, Any],
) -> dict[str, Any]:
    """The submission's row with the joined tables in it, for [[place]] rules and papers.json.

    Keywords and topics are lists, so a rule matches one of them; the authors
    replace the display string, in the site's own shape (id, fullname,
    institution), since papers.json puts the record's fields over the site's.
    """
    raw = dict(sub.raw)
    columns = sub.line.columns
    if "authors" in columns and columns["authors"] < len(header):
        raw.pop(header[columns["authors"]], None)
    raw["authors"] = authors
    if "keywords" in columns and columns["keywords"] < len(header):
        raw[header[columns["keywords"]]] = keywords
    for key, value in extra.items():  # topics, areas, track: where the row has no such column
        if value and key not in raw:
            raw[key] = value
    return raw


def _topic(topics: list[str], areas: dict[str, str]) -> str | None:
    """The first topic, as "Area › Topic" when the topic list puts it under an area."""
    if not topics:
        return None
    area = areas.get(_fold(topics[0]))
    return f"{area} › {topics[0]}" if area else topics[0]


def split_display(text: str) -> list[str]:
    """EasyChair's display string of authors: "A, B and C" -> ["A", "B", "C"]."""
    text = text.strip()
    if not text:
        return []
    head, sep, last = text.rpartition(" and ")
    names = [*head.split(","), last] if sep else text.split(",")
    return [n.strip() for n in names if n.strip()]


def _accept(live: list[_Submission]) -> list[str] | None:
    """The distinct decisions starting with "accept", as written; None when there are none."""
    found: dict[str, str] = {}
    for sub in live:
        decision = sub.line.get("decision")
        if decision.casefold().startswith("accept"):
            found.setdefault(decision.casefold(), decision)
    return list(found.values()) or None


def _field_sources(tables: Tables, columns: dict[str, int]) -> dict[str, str]:
    """Each planner field and the table and column it was read from."""
    sub = tables.by_key["submission"]

    def at(table: Table, key: str, spec: dict[str, tuple[str, ...]]) -> str:
        idx = columns.get(key) if table is sub else None
        name = table.header[idx] if idx is not None else spec[key][0]
        return f"{table.name} '{name}'"

    out = {"id": at(sub, "id", SUBMISSION), "title": at(sub, "title", SUBMISSION)}
    author = tables.get("author")
    display = at(sub, "authors", SUBMISSION) if "authors" in columns else "none"
    if author is not None:
        out["authors"] = f"{author.name} 'first name' + 'last name' (else {display})"
        out["author ids"] = f"{author.name} 'person #'"
        out["institutions"] = f"{author.name} 'affiliation'"
        out["emails"] = f"{author.name} 'email'"
    else:
        out["authors"] = display
    for key in ("abstract", "decision", "keywords"):
        if key in columns:
            out[key] = at(sub, key, SUBMISSION)
    topic = tables.get("submissiontopic")
    if topic is not None:
        areas = tables.get("topic")
        out["topic"] = f"{topic.name} 'topic' (the first)" + (
            f", under its area in {areas.name}" if areas is not None else ""
        )
    track = tables.get("track")
    named = ""
    if "track" in columns:
        named = at(sub, "track", SUBMISSION)
    elif "track_id" in columns and track is not None:
        named = f"{track.name} 'long name'"
    if named:
        out["topic"] = f"{out['topic']}; else {named}" if "topic" in out else named
    return out


READER = Reader(
    name="easychair",
    label="EasyChair (CSV tables or snapshot XLSX)",
    sniff=sniff,
    read=read,
)
