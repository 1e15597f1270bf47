"""Paper-list readers: conference-site JSON, CSV and XLSX tables.

All three produce a :class:`~planner.read.conference.PaperList`.  Table headers are
matched loosely (case, spaces and punctuation ignored) against the spellings
that OpenReview, CMT and HotCRP exports use; the README lists them.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
from pathlib import Path
from typing import Any

from planner.core.errors import InputError, Problem, Problems, display_path
from planner.core.ids import canonical_id
from planner.core.limits import (
    MAX_AUTHORS,
    MAX_NAME_CHARS,
    MAX_PAPER_FILE_BYTES,
    MAX_RECORDS,
    MAX_TEXT_CHARS,
    check_record,
    check_xlsx_size,
    id_problem,
    read_limited,
    show,
    text_problem,
)
from planner.read.conference import AuthorRecord, Paper, PaperList

# Canonical column -> accepted header spellings (compared after header_key), best
# first: when a table has two of them (OpenReview's "number" and "forum", CMT's
# "Author Names" and "Authors"), the earlier spelling is read and the other kept
# only in the record.
COLUMNS: dict[str, tuple[str, ...]] = {
    "id": (
        "id",
        "paper id",
        "paperid",
        "submission id",
        "paper number",
        "number",
        "submission number",
        "submission",
        "paper",
        "#",
        "pid",
        "forum",
    ),
    "title": ("title", "paper title", "submission title", "name"),
    # CMT's "Authors" is "Jane Doe (MIT)*; ...", its "Author Names" the bare names.
    "authors": ("author names", "authors names", "authors", "author", "author list"),
    "abstract": ("abstract", "paper abstract", "tldr abstract"),
    "decision": (
        "decision",
        "status",
        "outcome",
        "acceptance",
        "acceptance status",
        "final decision",
    ),
    "author_ids": ("author ids", "authorids", "author id", "openreview ids", "author profiles"),
    "emails": ("author emails", "emails", "email", "author email", "author e-mails", "e-mails"),
    "affiliations": (
        "affiliations",
        "author affiliations",
        "institutions",
        "affiliation",
        "author institutions",
        "organizations",
    ),
    "presenter": (
        "presenter",
        "presenting author",
        "presenter name",
        "presenter id",
        "poster presenter",
    ),
    "keywords": ("keywords", "keyword", "author keywords", "subject areas"),
    "topic": (
        "topic",
        "track",
        "track name",
        "primary subject area",
        "subject area",
        "area",
        "primary area",
        "category",
    ),
    "url": ("url", "link", "paper url", "forum url", "pdf", "paper link"),
}
REQUIRED = ("id", "title", "authors")


def header_key(text: str) -> str:
    """A header as compared: case, spaces and punctuation ignored ("Paper ID" -> "paperid")."""
    return re.sub(r"[^a-z0-9#]", "", str(text).casefold())


_ALIASES = {header_key(a): col for col, names in COLUMNS.items() for a in names}
_PRIORITY = {header_key(a): rank for names in COLUMNS.values() for rank, a in enumerate(names)}
# "Jane Doe (MIT)*": a name with its affiliation, as CMT's "Authors" column gives it.
_NAME_AND_PLACE = re.compile(r"^(?P<name>.*?\S)\s*\((?P<place>[^()]*)\)\s*\*?$")


def read_papers(path: Path) -> PaperList:
    """Reads a paper list, choosing the reader by file extension."""
    shown = display_path(path)
    suffix = path.suffix.lower()
    data = read_limited(path, shown, MAX_PAPER_FILE_BYTES, "paper list")
    digest = hashlib.sha256(data).hexdigest()
    if suffix == ".json":
        result = _read_json(data, shown)
    elif suffix in (".csv", ".tsv", ".txt"):
        result = _read_table(csv_rows(data, shown), shown, "csv")
    elif suffix in (".xlsx", ".xlsm"):
        result = _read_table(xlsx_rows(data, shown), shown, "xlsx")
    else:
        raise InputError(
            Problem(
                shown,
                "",
                f"unknown paper-list format '{suffix or path.name}'",
                "Give a .json, .csv or .xlsx file.",
            )
        )
    result.sha256 = digest
    _check_unique(result, shown)
    return result


# --------------------------------------------------------------------------- JSON


def _read_json(data: bytes, shown: str) -> PaperList:
    try:
        doc = json.loads(data.decode("utf-8-sig"))
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
    return PaperList(source=shown, format="json", papers=papers, envelope=envelope)


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
    where = f"record {i}"
    if not isinstance(rec, dict):
        problems.add(where, "is not an object", "Each paper must be a JSON object.")
        return None
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
    where = f"record {i} (id {pid})"
    title = rec.get("name") or rec.get("title")
    if not isinstance(title, str) or not title.strip():
        problems.add(where, "has no title in 'name'", "Give every paper a title.")
        return None
    bad = text_problem(title, MAX_NAME_CHARS)
    if bad:
        problems.add(f"{where}, field 'name'", f"the title {bad}", "Shorten the title.")
        return None
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
        bad = _author_problem(author)
        if bad:
            problems.add(f"{where}, author {j}", bad, "Fix the author there.")
            return None
        authors.append(author)
    abstract = rec.get("abstract")
    keywords = rec.get("keywords") or []
    if isinstance(keywords, str):
        keywords = _split(keywords.replace(",", ";"))
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


def _author_problem(author: AuthorRecord) -> str | None:
    """What is wrong with one author's id or name, or None."""
    if author.id is not None:
        bad = id_problem(author.id)
        if bad:
            return f"the author id '{show(author.id)}' {bad}"
    bad = text_problem(author.name, MAX_NAME_CHARS)
    return f"the name {bad}" if bad else None


def _presenter_field(value: Any) -> str | None:
    if isinstance(value, dict):
        value = value.get("id") or value.get("fullname") or value.get("name")
    if value is None or isinstance(value, bool) or not str(value).strip():
        return None
    if isinstance(value, (list, dict)) and not value:
        return None  # "presenter": [] or {} says nobody in particular
    return str(value).strip()


# --------------------------------------------------------------------------- tables


def _decode(data: bytes) -> str:
    """Text of a CSV as spreadsheets save it: UTF-8 (with or without BOM), UTF-16
    ("Unicode text"), else Windows-1252 (Excel on Windows), else Latin-1."""
    encodings = ["utf-8-sig", "cp1252", "latin-1"]
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        encodings.insert(0, "utf-16")
    for encoding in encodings:
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return data.decode("latin-1")  # pragma: no cover - latin-1 decodes any bytes


def csv_rows(data: bytes, shown: str) -> list[tuple[int, list[str]]]:
    """(row number, cells) of a CSV in any encoding and delimiter a spreadsheet saves."""
    text = _decode(data)
    if "\x00" in text:
        raise InputError(
            Problem(
                shown,
                "",
                "this is not a text CSV file (it holds NUL bytes)",
                "Export the list as CSV (UTF-8), or give the .xlsx itself.",
            )
        )
    # The header is the first line with text on it; blank lines above it are skipped.
    first = next((line for line in text.splitlines() if line.strip()), "")
    delimiter = max((",", ";", "\t"), key=first.count) if first else ","
    # A quote opened and never closed would swallow every later row into one
    # cell; only a strict reading notices, so it goes first.  Other strictness
    # ('"Fast" Things') is forgiven by the lenient reading below.
    strict = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    count = 0
    try:
        for count, _ in enumerate(strict, 1):  # noqa: B007 - count is what we want
            pass
    except csv.Error as exc:
        if "unexpected end of data" in str(exc):
            raise InputError(
                Problem(
                    shown,
                    f"row {count + 1}",
                    'a quote (") opened on this row is never closed',
                    'Close the quote, or double a quote that is part of the text ("").',
                )
            ) from None
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        return [(n, row) for n, row in enumerate(reader, 1)]
    except csv.Error as exc:
        raise InputError(
            Problem(
                shown,
                f"row {reader.line_num}",
                f"not valid CSV ({exc})",
                "Check the quotes on that row.",
            )
        ) from None


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def xlsx_rows(
    data: bytes, shown: str, sheets: tuple[str, ...] = ("papers", "placements")
) -> list[tuple[int, list[str]]]:
    """(row number, cells) of the first sheet named in ``sheets`` (any case), else the first."""
    from openpyxl import load_workbook

    check_xlsx_size(io.BytesIO(data), shown)
    try:
        wb = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many types for a damaged file
        raise InputError(
            Problem(
                shown,
                "",
                "not a readable .xlsx workbook",
                "Open it in a spreadsheet program and save it as .xlsx again.",
            )
        ) from None
    try:
        names = wb.sheetnames
        sheet = next((wb[n] for n in names if n.casefold() in sheets), wb[names[0]])
        rows = []
        filled = 0
        for n, row in enumerate(sheet.iter_rows(values_only=True), 1):
            cells = [_cell(v) for v in row]
            filled += any(c.strip() for c in cells)
            if filled > MAX_RECORDS + 1:  # stop reading here, not after a million rows
                break
            rows.append((n, cells))
        return rows
    except Exception:  # a sheet damaged past the point openpyxl checks on opening
        raise InputError(
            Problem(
                shown,
                "",
                "the workbook's first sheet cannot be read",
                "Open it in a spreadsheet program and save it as .xlsx again.",
            )
        ) from None
    finally:
        wb.close()


def _split(cell: str) -> list[str]:
    """Splits a multi-valued cell on ';', else on '|'; a ',' does not split.

    Empty entries keep their place: "a@x.org; " is an e-mail for the first
    author and none for the second.
    """
    if not cell.strip():
        return []
    for sep in (";", "|"):
        if sep in cell:
            return [part.strip() for part in cell.split(sep)]
    return [cell.strip()]


def table_rows(
    rows: list[tuple[int, list[str]]], shown: str, empty_fix: str
) -> list[tuple[int, list[str]]]:
    """The rows with text on them, header first; refuses an empty or oversized table.

    Shared with the availability table (planner.read.availability), so both tables
    are read under the same limits.
    """
    rows = [(n, r) for n, r in rows if any(c.strip() for c in r)]
    if len(rows) > MAX_RECORDS + 1:
        raise InputError(
            Problem(
                shown,
                "",
                f"the table has more than {MAX_RECORDS:,} rows, the most the planner reads",
                "Check that this is the right file (see the README's limits).",
            )
        )
    if not rows:
        raise InputError(Problem(shown, "", "the table is empty", empty_fix))
    return rows


def match_columns(
    header: list[str],
    aliases: dict[str, str],
    priority: dict[str, int],
    header_row: int,
    problems: Problems,
) -> dict[str, int]:
    """Canonical column -> index in ``header``, headers compared by :func:`header_key`.

    ``aliases`` maps a spelling's key to its column and ``priority`` ranks the
    spellings of one column (lower wins) when a table has two of them; the same
    spelling twice is a problem, since nobody can tell which one is meant.
    """
    columns: dict[str, int] = {}
    for idx, name in enumerate(header):
        spelling = header_key(name)
        key = aliases.get(spelling)
        if key is None:
            continue
        if key in columns:
            other = header_key(header[columns[key]])
            if other == spelling:
                problems.add(
                    f"row {header_row}",
                    f"columns '{header[columns[key]]}' and '{name}' both give the {key}",
                    "Delete or rename one of them.",
                )
            elif priority[spelling] < priority[other]:
                columns[key] = idx
            continue
        columns[key] = idx
    return columns


def long_cell(row: list[str], number: int, header: list[str], problems: Problems) -> bool:
    """Adds a problem for a cell over MAX_TEXT_CHARS; True when the row has one."""
    long = next((i for i, c in enumerate(row) if len(c) > MAX_TEXT_CHARS), None)
    if long is None:
        return False
    name = header[long] if long < len(header) else f"column {long + 1}"
    problems.add(
        f"row {number}, column '{show(name)}'",
        f"the cell {text_problem(row[long], MAX_TEXT_CHARS)}",
        "Shorten it (see the README's limits).",
    )
    return True


def _read_table(rows: list[tuple[int, list[str]]], shown: str, fmt: str) -> PaperList:
    rows = table_rows(
        rows, shown, "Put a header row (id, title, authors and any others) and one row per paper."
    )
    header_row, header = rows[0]
    header = [h.strip() for h in header]
    problems = Problems(shown)
    columns = match_columns(header, _ALIASES, _PRIORITY, header_row, problems)
    missing = [c for c in REQUIRED if c not in columns]
    if missing:
        problems.add(
            f"row {header_row} (header)",
            f"missing column(s): {', '.join(missing)}",
            "Add them; accepted spellings are listed in the README (e.g. 'Paper ID', "
            "'Title', 'Authors').",
        )
    problems.raise_if_any()

    papers: list[Paper] = []
    for number, row in rows[1:]:
        if long_cell(row, number, header, problems):
            continue
        paper = _table_record(row, number, header, columns, problems)
        if paper is not None:
            papers.append(paper)
    problems.raise_if_any()
    return PaperList(source=shown, format=fmt, papers=papers)


def _table_record(
    row: list[str], number: int, header: list[str], columns: dict[str, int], problems: Problems
) -> Paper | None:
    def get(key: str) -> str:
        idx = columns.get(key)
        return row[idx].strip() if idx is not None and idx < len(row) else ""

    where = f"row {number}"
    pid = get("id")
    if not pid:
        problems.add(where, "has no paper id", "Fill in the id column.")
        return None
    pid = canonical_id(pid)
    bad = id_problem(pid)
    if bad:
        problems.add(
            where, f"the paper id '{show(pid)}' {bad}", "Give the paper a plain, short id."
        )
        return None
    title = get("title")
    if not title:
        problems.add(f"{where} (id {pid})", "has no title", "Fill in the title column.")
        return None
    bad = text_problem(title, MAX_NAME_CHARS)
    if bad:
        problems.add(f"{where} (id {pid})", f"the title {bad}", "Shorten the title.")
        return None
    names = [re.sub(r"\s*\*$", "", n) for n in _split(get("authors"))]
    while names and not names[-1]:
        names.pop()  # a trailing separator, "Ann Lee; Bob Roe;", adds no author
    if len(names) > MAX_AUTHORS:
        problems.add(
            f"{where} (id {pid})",
            f"lists {len(names):,} authors, more than the "
            f"{MAX_AUTHORS:,} the planner takes on one paper",
            "Check the author list (see the README's limits).",
        )
        return None
    extra: dict[str, list[str]] = {}
    for key in ("author_ids", "emails", "affiliations"):
        values = _split(get(key))
        while len(values) > len(names) and not values[-1]:
            values.pop()  # "1;2;;" for two authors
        if values and len(values) != len(names):
            problems.add(
                f"{where} (id {pid}), column '{header[columns[key]]}'",
                f"has {len(values)} entries for {len(names)} authors",
                "Give one entry per author, in the same order, separated by ';'.",
            )
            return None
        extra[key] = values
    authors = []
    for k, name in enumerate(names):
        place = extra["affiliations"][k] if extra["affiliations"] else ""
        both = _NAME_AND_PLACE.match(name)
        if both and "affiliations" not in columns:  # "Jane Doe (MIT)*"
            name, place = both.group("name"), place or both.group("place").strip()
        author = AuthorRecord(
            id=canonical_id(extra["author_ids"][k])
            if extra["author_ids"] and extra["author_ids"][k]
            else None,
            name=name,
            institution=place or None,
            email=extra["emails"][k].lower() if extra["emails"] and extra["emails"][k] else None,
        )
        bad = _author_problem(author)
        if bad:
            problems.add(f"{where} (id {pid}), author {k + 1}", bad, "Fix the author there.")
            return None
        authors.append(author)
    raw = {header[i] if i < len(header) else f"column {i + 1}": v for i, v in enumerate(row)}
    return Paper(
        id=pid,
        title=title,
        abstract=get("abstract"),
        authors=authors,
        decision=get("decision") or None,
        keywords=[k for k in _split(get("keywords").replace(",", ";")) if k],
        topic=get("topic") or None,
        presenter=get("presenter") or None,
        url=get("url") or None,
        source_row=number,
        raw=raw,
    )


def _check_unique(papers: PaperList, shown: str) -> None:
    seen: dict[str, int] = {}
    problems = Problems(shown)
    unit = "record" if papers.format == "json" else "row"
    for paper in papers.papers:
        if paper.id in seen:
            problems.add(
                f"{unit} {paper.source_row}",
                f"paper id {paper.id} is used again (first at {unit} {seen[paper.id]})",
                "Give every paper a unique id, or remove the duplicate.",
            )
        else:
            seen[paper.id] = paper.source_row
    problems.raise_if_any()
