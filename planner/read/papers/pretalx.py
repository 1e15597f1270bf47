"""pretalx's submissions: the organiser export (CSV or JSON) or the API's ``/submissions``.

pretalx gives the same submissions in three shapes, all read here:

* the API (``/api/events/<event>/submissions/``): records with ``code``,
  ``title``, ``speakers`` (``[{"code", "name", "email"}]``, or bare codes when
  not expanded), ``submission_type``, ``track``, ``state``,
  ``pending_state``, ``abstract``, ``description``, ``duration``, ``slot``,
  ``tags``; a bare list, or one of the API's pages
  ``{"count", "next", "previous", "results"}``;
* the organiser export (Submissions → Export) as JSON: records keyed by the
  export's field labels ("ID", "Proposal title", "Speaker IDs", "Speaker
  names", "Proposal state", "Session type", "Track", "Tags", ...);
* the same export as CSV: those labels as the header, "ID" first, and a field
  of several values (speakers, tags) joined in one cell by newlines or by
  ", " (the export's "data delimiter").

The paper is the submission: its id the submission code, its authors the
speakers in order (the speaker code as the person id), its decision the
state (``pending_state`` where the organisers set one and have not released
it yet: that is the decision being planned for), its topic the track and its
keywords the tags.  Localized texts come as objects keyed by language
(``{"en": "Talk", "de": "Vortrag"}``): English is read, else the first.
``accepted`` and ``confirmed`` are accepted unless the venue file says
otherwise.  Everything else (the session type, the duration, the old
``slot``) stays in the record for ``[[place]]`` rules and papers.json.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from planner.core.errors import InputError, Problem, Problems
from planner.core.ids import canonical_id
from planner.core.limits import (
    MAX_AUTHORS,
    MAX_NAME_CHARS,
    MAX_RECORDS,
    check_record,
    id_problem,
    show,
    text_problem,
)
from planner.read.conference import AuthorRecord, Paper, PaperList
from planner.read.papers.fields import author_problem
from planner.read.papers.rows import (
    csv_rows,
    header_key,
    long_cell,
    match_columns,
    table_rows,
    xlsx_rows,
)

# The shared JSON reading (its messages for bad bytes and bad JSON), not copied.
from planner.read.papers.site_json import _load as load_json
from planner.read.papers.systems import Reader, ReadOptions, Source
from planner.read.papers.table import found_header

LABEL = "pretalx (CSV or JSON)"
ACCEPT = ["accepted", "confirmed"]

# The organiser export's field labels (compared after header_key), best first;
# older pretalx said "Submission" where it now says "Proposal".
LABELS: dict[str, tuple[str, ...]] = {
    "id": ("id", "proposal id", "submission id", "code"),
    "title": ("proposal title", "submission title", "title"),
    "speaker_ids": ("speaker ids", "speaker id", "speaker codes"),
    "speaker_names": ("speaker names", "speaker name", "speakers"),
    "emails": ("speaker emails", "speaker email", "emails", "email"),
    "state": ("proposal state", "submission state", "state"),
    "pending": ("pending proposal state", "pending submission state", "pending state"),
    "type": ("session type", "submission type"),
    "track": ("track",),
    "tags": ("tags",),
    "abstract": ("abstract",),
    "description": ("description",),
}
_ALIASES = {header_key(a): col for col, names in LABELS.items() for a in names}
_PRIORITY = {header_key(a): rank for names in LABELS.values() for rank, a in enumerate(names)}

# What each planner field is read from in the API's records (planner check shows it).
API_SOURCES = {
    "id": "code",
    "title": "title",
    "authors": "speakers (code, name, email)",
    "abstract": "abstract, else description",
    "decision": "pending_state, else state",
    "topic": "track",
    "keywords": "tags",
}
EXPORT_FIX = (
    "Export the submissions again from pretalx (Submissions → Export) with the fields "
    "ID, Proposal title, Speaker IDs, Speaker names and Proposal state ticked."
)


# -- sniffing -----------------------------------------------------------------

# A key of a JSON object (not text inside a string, where quotes are escaped).
_KEY = r'(?<!\\)"{}"\s*:'


def _has_key(head: str, *names: str) -> bool:
    return any(re.search(_KEY.format(re.escape(n)), head) for n in names)


def sniff(source: Source) -> bool:
    """A pretalx export: JSON records with a "code" and "speakers" (the API's) or
    with the export's labels, or a CSV whose header is the export's labels."""
    head = source.head
    if source.data is None or not head:
        return False
    if head.startswith(("[", "{")):
        api = _has_key(head, "code") and _has_key(head, "speakers")
        if api and _has_key(head, "state", "submission_type"):
            return True
        return _has_key(head, "ID") and _has_key(
            head, "Proposal title", "Speaker IDs", "Speaker names", "Proposal state"
        )
    keys = [header_key(c) for c in _first_row(head)]
    if not keys or keys[0] != "id":
        return False
    speakers = {"speakerids", "speakernames"} & set(keys)
    pretalx_only = {"proposaltitle", "proposalstate", "submissionstate", "sessiontype"}
    return bool(speakers) and bool(pretalx_only & set(keys))


def _first_row(head: str) -> list[str]:
    """The cells of a table's header line, split as planner.read.papers.rows splits it."""
    line = next((ln for ln in head.splitlines() if ln.strip()), "")
    delimiter = max((",", ";", "\t"), key=line.count)
    return next(csv.reader([line], delimiter=delimiter), [])


# -- the three shapes, read into one set of values -----------------------------


@dataclass
class _Values:
    """One submission's fields as the planner needs them, whatever the shape."""

    pid: Any
    title: Any
    state: str
    pending: str
    track: str
    tags: list[str]
    abstract: str


@dataclass(frozen=True)
class _Labelled:
    """An export row or JSON record, read through its labels ("Proposal title")."""

    names: list[str]  # the header, or the record's keys
    columns: dict[str, int]  # canonical field -> index in names
    values: list[Any]  # the row's cells, or the record's values

    def get(self, key: str) -> Any:
        idx = self.columns.get(key)
        return self.values[idx] if idx is not None and idx < len(self.values) else None

    def label(self, key: str) -> str:
        return self.names[self.columns[key]] if key in self.columns else key


def _label_columns(names: list[str]) -> dict[str, int]:
    """Canonical field -> index of its best label among a JSON record's keys."""
    columns: dict[str, int] = {}
    for idx, name in enumerate(names):
        spelling = header_key(name)
        key = _ALIASES.get(spelling)
        if key is None:
            continue
        if key not in columns or _PRIORITY[spelling] < _PRIORITY[header_key(names[columns[key]])]:
            columns[key] = idx
    return columns


def _text(value: Any) -> str:
    """A pretalx text: plain, or localized ({"en": "Talk"}: English, else the first),
    or an object with a "name" (a track or session type when the API expands it)."""
    if isinstance(value, dict):
        if "name" in value:
            return _text(value["name"])
        if "tag" in value:
            return _text(value["tag"])
        english = [v for k, v in value.items() if str(k).casefold().startswith("en")]
        for item in [*english, *value.values()]:
            if _text(item):
                return _text(item)
        return ""
    if isinstance(value, bool) or value is None:
        return ""
    if isinstance(value, (int, float, str)):
        return str(value).strip()  # a number is an id (the newer API, not expanded)
    return ""


def _split(value: Any) -> list[str]:
    """A field of several values: a JSON list, or one cell joined by newlines, else
    by ", " (the organiser export's two data delimiters)."""
    if isinstance(value, list):
        return [t for t in (_text(v) for v in value) if t]
    text = _text(value)
    sep = "\n" if "\n" in text else ","
    return [part.strip() for part in text.split(sep) if part.strip()]


def _api_values(rec: dict[str, Any]) -> _Values:
    abstract = _text(rec.get("abstract")) or _text(rec.get("description"))
    return _Values(
        pid=rec.get("code"),
        title=rec.get("title"),
        state=_text(rec.get("state")),
        pending=_text(rec.get("pending_state")),
        track=_text(rec.get("track")),
        tags=_split(rec.get("tags")),
        abstract=abstract,
    )


def _label_values(fields: _Labelled) -> _Values:
    get = fields.get
    return _Values(
        pid=get("id"),
        title=get("title"),
        state=_text(get("state")),
        pending=_text(get("pending")),
        track=_text(get("track")),
        tags=_split(get("tags")),
        abstract=_text(get("abstract")) or _text(get("description")),
    )


# -- speakers -------------------------------------------------------------------


def _too_many(count: int, where: str, problems: Problems) -> bool:
    if count <= MAX_AUTHORS:
        return False
    problems.add(
        where,
        f"lists {count:,} speakers, more than the {MAX_AUTHORS:,} the planner takes on one paper",
        "Check the speaker list (see the README's limits).",
    )
    return True


def _checked(authors: list[AuthorRecord], where: str, problems: Problems) -> bool:
    for j, author in enumerate(authors, 1):
        bad = author_problem(author)
        if bad:
            problems.add(f"{where}, speaker {j}", bad, "Fix the speaker there.")
            return False
    return True


def _author(code: Any, name: str, email: Any) -> AuthorRecord:
    text = _text(code)
    mail = _text(email).lower()
    return AuthorRecord(id=canonical_id(text) if text else None, name=name, email=mail or None)


def _api_speakers(value: Any, where: str, problems: Problems) -> list[AuthorRecord] | None:
    """The API's speakers: objects, or bare speaker codes when not expanded."""
    if value is None:
        return []
    if not isinstance(value, list):
        problems.add(
            f"{where}, field 'speakers'",
            "is not a list",
            'Write "speakers": [{"code": "ABCDEF", "name": "Ann Lee"}].',
        )
        return None
    if _too_many(len(value), f"{where}, field 'speakers'", problems):
        return None
    authors = []
    for j, item in enumerate(value, 1):
        if isinstance(item, dict):
            authors.append(_author(item.get("code"), _text(item.get("name")), item.get("email")))
        elif isinstance(item, (str, int)) and not isinstance(item, bool):
            authors.append(_author(item, "", None))
        else:
            problems.add(
                f"{where}, speaker {j}",
                "is neither a speaker object nor a speaker code",
                'Use {"code": "ABCDEF", "name": "Ann Lee"}.',
            )
            return None
    return authors if _checked(authors, where, problems) else None


def _label_speakers(fields: _Labelled, where: str, problems: Problems) -> list[AuthorRecord] | None:
    """The speakers of an export record or row: "Speaker IDs", "Speaker names" and
    any e-mails, one per speaker in the same order."""
    ids = _split(fields.get("speaker_ids"))
    names_value = fields.get("speaker_names")
    if not isinstance(names_value, list) and "\n" not in _text(names_value) and len(ids) == 1:
        names = [_text(names_value)] if _text(names_value) else []  # "Lee, Ann": one speaker
    else:
        names = _split(names_value)
    emails = _split(fields.get("emails"))
    count = len(ids) if ids else len(names)  # the codes hold no comma: they count
    if _too_many(count, where, problems):
        return None
    for key, values in (("speaker_names", names), ("emails", emails)):
        if values and len(values) != count:
            problems.add(
                f"{where}, field '{fields.label(key)}'",
                f"has {len(values)} entries for {count} speakers",
                "Give one entry per speaker, in order: export again with the data delimiter "
                "'Newline' (with 'Comma', a name that holds a comma cannot be told apart).",
            )
            return None
    authors = [
        _author(
            ids[k] if ids else None,
            names[k] if names else "",
            emails[k] if emails else None,
        )
        for k in range(count)
    ]
    return authors if _checked(authors, where, problems) else None


# -- one submission ---------------------------------------------------------------


def _paper(
    values: _Values,
    authors: Callable[[str], list[AuthorRecord] | None],
    number: int,
    unit: str,
    raw: dict[str, Any],
    problems: Problems,
) -> Paper | None:
    """The submission as a paper; None once its problem is added."""
    where = f"{unit} {number}"
    text = _text(values.pid) if not isinstance(values.pid, dict) else ""
    if not text:
        problems.add(where, "has no submission code (ID)", "Give every submission its code.")
        return None
    pid = canonical_id(text)
    bad = id_problem(pid)
    if bad:
        problems.add(where, f"the id '{show(pid)}' {bad}", "Give the submission a plain, short id.")
        return None
    where = f"{unit} {number} (id {pid})"
    title = values.title.strip() if isinstance(values.title, str) else ""
    if not title:
        problems.add(where, "has no title", "Give every submission a title.")
        return None
    bad = text_problem(title, MAX_NAME_CHARS)
    if bad:
        problems.add(where, f"the title {bad}", "Shorten the title.")
        return None
    speakers = authors(where)
    if speakers is None:
        return None
    return Paper(
        id=pid,
        title=title,
        abstract=values.abstract,
        authors=speakers,
        decision=values.pending or values.state or None,
        keywords=values.tags,
        topic=values.track or None,
        source_row=number,
        raw=raw,
    )


# -- the file -----------------------------------------------------------------------


def read(source: Source, options: ReadOptions) -> PaperList:
    """The submissions of a pretalx export; raises InputError listing every problem."""
    if source.data is None:
        raise InputError(
            Problem(source.shown, "", "a pretalx export is one file, not a folder", EXPORT_FIX)
        )
    if source.suffix == ".json" or source.head.startswith(("[", "{")):
        result = _read_json(source.data, source.shown)
    else:
        result = _read_table(source)
    result.reader = LABEL
    result.accept = list(ACCEPT)
    return result


def _records(doc: Any, shown: str) -> tuple[list[Any], dict[str, Any] | None]:
    """The submissions, and the object around them (None for a bare list)."""
    if isinstance(doc, list):
        return _bounded(doc, shown), None
    if not (isinstance(doc, dict) and isinstance(doc.get("results"), list)):
        raise InputError(
            Problem(
                shown,
                "",
                "expected a list of pretalx submissions or an API page with a 'results' list",
                EXPORT_FIX,
            )
        )
    records = doc["results"]
    count = doc.get("count")
    if isinstance(count, int) and not isinstance(count, bool) and count > len(records):
        # The API answers a page at a time: one page alone would plan a fraction of the talks.
        raise InputError(
            Problem(
                shown,
                "",
                f"holds {len(records):,} of the {count:,} submissions: it is one page of "
                "pretalx's API ('next' names the page after it)",
                "Fetch every page (follow 'next', or ask for ?limit= the count) and put all "
                "the submissions in one 'results' list, or use the organiser export "
                "(Submissions → Export → JSON).",
            )
        )
    # The page links point into the API and mean nothing once every page is here.
    envelope = {k: v for k, v in doc.items() if k not in ("results", "next", "previous")}
    return _bounded(records, shown), envelope


def _bounded(records: list[Any], shown: str) -> list[Any]:
    if len(records) > MAX_RECORDS:
        raise InputError(
            Problem(
                shown,
                "",
                f"the list has {len(records):,} submissions, more than "
                f"the {MAX_RECORDS:,} the planner reads",
                "Check that this is the right file (see the README's limits).",
            )
        )
    return records


def _read_json(data: bytes, shown: str) -> PaperList:
    """The API's records or the organiser export's JSON (records keyed by labels)."""
    records, envelope = _records(load_json(data, shown), shown)
    problems = Problems(shown)
    if envelope is not None:
        check_record(envelope, "the object around 'results'", problems)
    papers: list[Paper] = []
    sources: dict[str, str] = {}
    for i, rec in enumerate(records, 1):
        if not isinstance(rec, dict):
            problems.add(
                f"record {i}", "is not an object", "Each submission must be a JSON object."
            )
            continue
        # Every string must fit the limits, since the record is written back whole.
        if not check_record(rec, f"record {i}", problems):
            continue
        paper = _json_record(rec, i, sources, problems)
        if paper is not None:
            if "id" not in rec:
                # papers.json names each paper by "id" (the site's key, and what
                # planner verify reads); pretalx says "code" or "ID".
                paper.raw = {"id": paper.id, **rec}
            papers.append(paper)
    problems.raise_if_any()
    return PaperList(
        source=shown,
        format="json",
        papers=papers,
        envelope=envelope,
        field_sources=sources,
    )


def _json_record(
    rec: dict[str, Any], i: int, sources: dict[str, str], problems: Problems
) -> Paper | None:
    """One JSON record, in the API's shape (it has a "code") or the export's labels."""
    if "code" in rec:
        sources.update(API_SOURCES)
        return _paper(
            _api_values(rec),
            lambda where: _api_speakers(rec.get("speakers"), where, problems),
            i,
            "record",
            rec,
            problems,
        )
    keys = list(rec)
    fields = _Labelled(keys, _label_columns(keys), list(rec.values()))
    sources.update(_label_sources(fields))
    return _labelled_paper(fields, i, "record", rec, problems)


def _labelled_paper(
    fields: _Labelled, number: int, unit: str, raw: dict[str, Any], problems: Problems
) -> Paper | None:
    return _paper(
        _label_values(fields),
        lambda where: _label_speakers(fields, where, problems),
        number,
        unit,
        raw,
        problems,
    )


def _label_sources(fields: _Labelled) -> dict[str, str]:
    """The export's labels each planner field is read from (planner check shows them)."""

    def first(*keys: str, sep: str = ", else ") -> str:
        return sep.join(fields.label(k) for k in keys if k in fields.columns)

    found = {
        "id": first("id"),
        "title": first("title"),
        "authors": first("speaker_ids", "speaker_names", sep=" + "),
        "abstract": first("abstract", "description"),
        "decision": first("pending", "state"),
        "topic": first("track"),
        "keywords": first("tags"),
    }
    return {k: v for k, v in found.items() if v}


def _read_table(source: Source) -> PaperList:
    """The organiser export as CSV (or that CSV saved as a workbook, with --from)."""
    assert source.data is not None
    shown = source.shown
    workbook = source.suffix in (".xlsx", ".xlsm")
    rows = xlsx_rows(source.data, shown) if workbook else csv_rows(source.data, shown)
    rows = table_rows(rows, shown, EXPORT_FIX)
    header_row, header = rows[0]
    header = [h.strip() for h in header]
    problems = Problems(shown)
    columns = match_columns(header, _ALIASES, _PRIORITY, header_row, problems)
    # Named as the export labels them, so the chair knows which boxes to tick.
    missing = [name for k, name in (("id", "ID"), ("title", "Proposal title")) if k not in columns]
    if "speaker_ids" not in columns and "speaker_names" not in columns:
        missing.append("Speaker IDs or Speaker names")
    if missing:
        problems.add(
            f"row {header_row} (header)",
            f"missing column(s): {', '.join(missing)}",
            f"{EXPORT_FIX} The header has: {found_header(header)}.",
        )
    problems.raise_if_any()
    papers = []
    for number, row in rows[1:]:
        if long_cell(row, number, header, problems):
            continue
        raw = {header[i] if i < len(header) else f"column {i + 1}": v for i, v in enumerate(row)}
        paper = _labelled_paper(_Labelled(header, columns, row), number, "row", raw, problems)
        if paper is not None:
            papers.append(paper)
    problems.raise_if_any()
    return PaperList(
        source=shown,
        format="xlsx" if workbook else "csv",
        papers=papers,
        field_sources=_label_sources(_Labelled(header, columns, [])),
    )


READER = Reader(name="pretalx", label=LABEL, sniff=sniff, read=read)
