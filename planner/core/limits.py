"""Limits on what the planner reads, far above any real conference (README, "Limits").

Each is checked while the input is read, before anything costly, so an absurd
input (a room of 10**12 boards, a 5,000-author paper, a 1.5 GB string packed
into a small workbook) ends in seconds with one message and exit 2 instead of
running out of memory.  The README lists them with the sizes of real
conferences for comparison; change them there and here together.
"""

from __future__ import annotations

import re
import string
import sys
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from planner.core.errors import InputError, Problem, Problems
from planner.core.text import terminal_safe, xml_safe

MB = 2**20
MAX_PAPER_FILE_BYTES = 100 * MB  # a paper list file (ICML 2024's JSON: 8 MB)
MAX_VENUE_FILE_BYTES = 5 * MB  # a venue file (the examples: 2 KB)
MAX_XLSX_UNPACKED_BYTES = 200 * MB  # a workbook's parts once unpacked
MAX_XLSX_STRINGS = 2_000_000  # distinct texts in a workbook (a paper per row: a few dozen each)
MAX_RECORDS = 100_000  # records or rows in a paper list (all of NeurIPS' submissions: 25,000)
MAX_SHEET_ROWS = 1_048_576  # rows of a worksheet read (Excel's own last row)
MAX_SHEET_COLUMNS = 256  # columns of a table read, A to IV (a paper list: a few dozen)
MAX_POSTERS = 20_000  # papers that get a poster (NeurIPS 2025: about 5,300)
MAX_AUTHORS = 1_000  # authors on one paper (ICML 2024: at most 71)
MAX_COAUTHOR_PAIRS = 5_000_000  # sum of a*(a-1) over papers of a authors (ICML 2024: 780,740)
MAX_ID_CHARS = 100  # a paper, author, session or room id, a board prefix
MAX_NAME_CHARS = 1_000  # a title, a person's, session's, room's or the conference's name
MAX_TEXT_CHARS = 100_000  # any other text: an abstract, a keyword, an extra field
MAX_DEPTH = 32  # nesting of lists and objects inside one paper record
MAX_SESSIONS = 100  # poster sessions (NeurIPS: about 6)
MAX_ROOMS = 200  # rooms (ICML 2024: 2)
MAX_SPAN_DAYS = 366  # from the first session's start to the last one's end (real: a week)
YEARS = (1971, 2999)  # session dates: time-zone arithmetic fails near the ends of the calendar
MAX_BOARDS = 10_000  # boards of one room in one session (ICML 2024's hall: 460)
MAX_BOARD_SLOTS = 200_000  # boards over every session and room (ICML 2024: 2,904)
MAX_LABEL_PATTERN_CHARS = 100  # rules.board_label
MAX_LABEL_WIDTH = 99  # a width in rules.board_label, as in {number:03d}
MAX_TIME_LIMIT = 86_400.0  # seconds of solver time (the default is 10)
MAX_SEED = 2**31 - 1
MAX_WORKERS = 256


def size_text(size: int) -> str:
    return f"{size / MB:,.0f} MB" if size >= MB else f"{size:,} bytes"


def read_limited(
    path: Path, shown: str, limit: int, what: str, fix: str = "Check the path."
) -> bytes:
    """A file's bytes, refusing anything but a regular file and more than ``limit`` bytes.

    A pipe or a device (``/dev/zero``) given as a file would block or never
    end, and a file may grow while it is read; so the stated size is checked
    first and the read itself is bounded.
    """

    def too_big(size: str) -> InputError:
        return InputError(
            Problem(
                shown,
                "",
                f"the {what} is {size}more than the {size_text(limit)} the planner reads",
                "Check that this is the right file (see the README's limits).",
            )
        )

    try:
        if not path.is_file():
            raise InputError(
                Problem(shown, "", f"cannot read the {what} (it is not a regular file)", fix)
            )
        size = path.stat().st_size
        if size > limit:
            raise too_big(f"{size_text(size)}, ")
        with path.open("rb") as handle:
            data = handle.read(limit + 1)
    except OSError as exc:
        raise InputError(
            Problem(shown, "", f"cannot read the {what} ({exc.strerror or exc})", fix)
        ) from None
    if len(data) > limit:
        raise too_big("")
    return data


def check_xlsx_size(source: Path | Any, shown: str) -> None:
    """Refuses a workbook whose parts unpack to more than MAX_XLSX_UNPACKED_BYTES.

    An .xlsx is a zip archive: a few kilobytes can unpack to gigabytes of
    cells.  The sizes are read from the archive's directory, without
    unpacking; a part's stated size also bounds what the zip reader returns.
    A file that is no zip archive is left to the workbook reader to report.
    """
    try:
        with zipfile.ZipFile(source) as archive:
            total = sum(info.file_size for info in archive.infolist())
            if total > MAX_XLSX_UNPACKED_BYTES:
                raise InputError(
                    Problem(
                        shown,
                        "",
                        f"the workbook unpacks to {size_text(total)}, more than the "
                        f"{size_text(MAX_XLSX_UNPACKED_BYTES)} the planner reads",
                        "Check that this is the right file (see the README's limits).",
                    )
                )
            strings = _shared_strings(archive)
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, KeyError):
        return
    if strings > MAX_XLSX_STRINGS:
        raise InputError(
            Problem(
                shown,
                "",
                f"the workbook holds more than "
                f"{MAX_XLSX_STRINGS:,} texts, the most the planner reads",
                "Check that this is the right file (see the README's limits).",
            )
        )


def _shared_strings(archive: zipfile.ZipFile) -> int:
    """How many texts the workbook's shared-string table holds, counted while
    unpacking it in pieces: the reader would make a Python string of each
    (60 million empty ones fit in a few megabytes of zip)."""
    name = next((n for n in archive.namelist() if n.lower().endswith("sharedstrings.xml")), None)
    if name is None:
        return 0
    count, tail = 0, b""
    with archive.open(name) as part:
        while chunk := part.read(1 << 20):
            data = tail + chunk
            count += data.count(b"<si>") + data.count(b"<si ") + data.count(b"<si/>")
            tail = data[-4:]
            count -= tail.count(b"<si>") + tail.count(b"<si ") + tail.count(b"<si/>")
            if count > MAX_XLSX_STRINGS:
                break
    return count


def sheet_rows(sheet: Any) -> Iterator[tuple[int, tuple[Any, ...]]]:
    """(row number, values) of each row of a read-only worksheet with a value in it.

    A sheet's stated dimension (``A1:XFD1048576``) and a cell far out make
    openpyxl pad every row to that width and every gap with empty rows: a
    2 KB file becomes billions of cells.  So the stated dimension is dropped,
    rows are cut at MAX_SHEET_COLUMNS, the empty rows between stored ones
    are skipped rather than kept, and reading stops at MAX_SHEET_ROWS.
    """
    sheet.reset_dimensions()
    rows = sheet.iter_rows(max_col=MAX_SHEET_COLUMNS, values_only=True)
    for number, values in enumerate(rows, 1):
        if number > MAX_SHEET_ROWS:
            break
        if any(v is not None and str(v).strip() for v in values):
            yield number, tuple(values)


def json_reason(exc: Exception) -> str:
    """Why a JSON file cannot be read, for a message.

    Python refuses to turn more than 4,300 digits into an int (a guard against
    slow conversions) and says to raise that limit, which a user cannot do.
    """
    if "integer string conversion" in str(exc):
        return f"a number in it has more than {sys.get_int_max_str_digits():,} digits"
    return str(exc)


def show(value: str, limit: int = 60) -> str:
    """A value quoted in a message: shortened, control characters visible."""
    short = value if len(value) <= limit else value[: limit - 1] + "…"
    return terminal_safe(short)


def text_problem(value: str, limit: int) -> str | None:
    """What is wrong with a text value, or None: too long, or not encodable."""
    if len(value) > limit:
        return f"is {len(value):,} characters long, more than the {limit:,} allowed"
    if _SURROGATE.search(value):
        return (
            "holds a lone UTF-16 surrogate (an escape such as \\ud800 without its pair), "
            "which no file can store"
        )
    return None


_SURROGATE = re.compile("[\ud800-\udfff]")


def id_problem(value: str) -> str | None:
    """What is wrong with an id, or None.

    Ids name files (calendar feeds) and are read back from the workbook, so
    they are short and hold no characters an output drops or a terminal obeys.
    """
    if len(value) > MAX_ID_CHARS:
        return f"is {len(value):,} characters long, more than the {MAX_ID_CHARS} an id may have"
    if xml_safe(value) != value or terminal_safe(value) != value or "\n" in value or "\t" in value:
        return "holds a control or invisible formatting character"
    return None


def _walk(
    value: Any, path: str, depth: int = 0, text_limit: int = MAX_TEXT_CHARS
) -> Iterator[tuple[str, str]]:
    """(place, problem) for each string too long or unencodable and each nesting too deep."""
    stack: list[tuple[Any, str, int]] = [(value, path, depth)]
    while stack:
        item, where, level = stack.pop()
        if isinstance(item, str):
            problem = text_problem(item, text_limit)
            if problem:
                yield where, problem
        elif isinstance(item, (dict, list)):
            if level >= MAX_DEPTH:
                yield where, f"nests lists or objects more than {MAX_DEPTH} levels deep"
                continue
            pairs = item.items() if isinstance(item, dict) else enumerate(item)
            for key, child in pairs:
                if isinstance(key, str):
                    problem = text_problem(key, MAX_NAME_CHARS)
                    if problem:
                        yield where or "a field name", f"has a field name that {problem}"
                        continue
                label = (
                    f"{where}[{key}]"
                    if isinstance(key, int)
                    else (f"{where}.{key}" if where else str(key))
                )
                stack.append((child, label, level + 1))


def check_record(
    record: Any, where: str, problems: Problems, depth: int = 0, text_limit: int = MAX_TEXT_CHARS
) -> bool:
    """Adds a problem for the first bad value in one input record; True when it is fine.

    ``depth`` below 0 allows that many more levels of nesting (a plan file holds
    the records a level or two down)."""
    for place, problem in _walk(record, "", depth, text_limit):
        problems.add(
            where,
            f"field '{show(place)}' {problem}" if place else problem,
            "Fix it in the paper list (see the README's limits).",
        )
        return False
    return True


def label_pattern_problem(pattern: str) -> str | None:
    """What makes a board-label pattern costly or unsafe, before it is ever formatted.

    Formatting is what costs: ``{number:>1500000000}`` pads to 1.5 billion
    characters, and ``{number:{prefix}}`` takes its width from a room's
    prefix.  So the pattern is parsed, not tried: a width above
    MAX_LABEL_WIDTH, a nested field or a control character is refused here;
    whether the pattern gives each board its own label is the venue reader's
    check.
    """
    if len(pattern) > MAX_LABEL_PATTERN_CHARS:
        return f"is {len(pattern):,} characters long, more than {MAX_LABEL_PATTERN_CHARS}"
    if xml_safe(pattern) != pattern or terminal_safe(pattern) != pattern:
        return "holds a control or invisible formatting character"
    try:
        parts = list(string.Formatter().parse(pattern))
    except ValueError:
        return None  # formatting fails the same way, and the reader says so
    for _, field, spec, _ in parts:
        if field is None or not spec:
            continue
        if "{" in spec:
            return "takes a format from another field; write a width such as {number:02d}"
        for width in re.findall(r"\d+", spec):
            if int(width) > MAX_LABEL_WIDTH:
                return f"pads a label to {int(width):,} characters, more than {MAX_LABEL_WIDTH}"
    return None
