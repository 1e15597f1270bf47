"""The availability table (``rules.availability``): who cannot attend which sessions.

Availability comes from a form: hundreds of authors answering "I can't be
there on Thursday".  The venue names the form's export, a CSV or XLSX file
relative to the venue file.  Each row names an author (an id, an e-mail or a
name; the first that matches an author wins, in that order) and the sessions
they cannot attend: session ids or names, or dates meaning every session that
starts on that day ("2026-05-19", "Tuesday 19 May", "May 19", or a weekday
when the conference has one such day).

The rows become ordinary :class:`~planner.read.conference.Unavailability` entries of
the venue, so every rule that knows ``[[unavailable]]`` applies unchanged, and
the venue copy inside plan.json can be checked again without the table.  Which
author a row means is decided later, against the accepted papers
(planner.people.authors): a row naming nobody is a warning there, not an error here,
because forms collect answers from people whose papers were withdrawn.

The table is read by the paper list's own row readers and header matching
(planner.read.papers.rows), so encodings, delimiters, limits and messages are the same.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from pathlib import Path

from planner.core.errors import InputError, Problem, Problems, display_path
from planner.core.ids import canonical_id
from planner.core.limits import (
    MAX_NAME_CHARS,
    MAX_PAPER_FILE_BYTES,
    read_limited,
    show,
    text_problem,
)
from planner.read.conference import Session, Unavailability, Venue
from planner.read.papers.rows import (
    csv_rows,
    header_key,
    long_cell,
    match_columns,
    table_rows,
    xlsx_rows,
)

# Canonical column -> header spellings a form export gives (compared after
# header_key), best first.  "Author" alone is read as a name; a name, an
# e-mail or an id in it still matches (see planner.people.authors).
AUTHOR_COLUMNS: dict[str, tuple[str, ...]] = {
    "id": (
        "author id",
        "openreview id",
        "openreview profile id",
        "openreview profile",
        "profile id",
        "person id",
        "user id",
        "id",
    ),
    "email": (
        "email",
        "email address",
        "your email",
        "your email address",
        "author email",
        "contact email",
        "e-mail",
        "e-mail address",
        "your e-mail",
    ),
    "name": (
        "name",
        "full name",
        "your name",
        "your full name",
        "author name",
        "author",
        "author full name",
        "first and last name",
    ),
    "first": ("first name", "given name", "forename"),
    "last": ("last name", "surname", "family name"),
}
# Headers of the columns that hold sessions or dates.  Every such column is
# read ("Unavailable 1", "Unavailable 2" too), since forms put one answer per column.
SESSION_HEADERS: tuple[str, ...] = (
    "sessions you cannot attend",
    "sessions you can't attend",
    "sessions you can not attend",
    "unavailable",
    "not available",
    "cannot attend",
    "can't attend",
    "dates unavailable",
    "days unavailable",
    "sessions unavailable",
    "unavailable sessions",
    "unavailable dates",
    "unavailable days",
    "dates you cannot attend",
    "days you cannot attend",
    "unavailability",
    "not attending",
    "absent",
    "away",
    "sessions",
    "dates",
)
_ALIASES = {header_key(a): col for col, names in AUTHOR_COLUMNS.items() for a in names}
_PRIORITY: dict[str, int] = {}
for _names in AUTHOR_COLUMNS.values():
    for _rank, _spelling in enumerate(_names):
        _PRIORITY.setdefault(header_key(_spelling), _rank)
_SESSION_KEYS = {header_key(h) for h in SESSION_HEADERS}
# A sheet of these names is read, else the workbook's first (Google Forms: "Form Responses 1").
SHEETS = ("availability", "unavailability", "form responses 1", "responses")
# A cell saying "nothing to avoid", as people answer an optional question.
NOTHING = {"none", "no", "n/a", "na", "-", "nothing", "no conflicts"}
# Pieces of a comma-separated cell tried together as one date ("Tuesday, May 19, 2026").
_MAX_JOINED = 4

_WEEKDAYS = {
    **dict.fromkeys(("monday", "mon"), 0),
    **dict.fromkeys(("tuesday", "tue", "tues"), 1),
    **dict.fromkeys(("wednesday", "wed"), 2),
    **dict.fromkeys(("thursday", "thu", "thur", "thurs"), 3),
    **dict.fromkeys(("friday", "fri"), 4),
    **dict.fromkeys(("saturday", "sat"), 5),
    **dict.fromkeys(("sunday", "sun"), 6),
}
_WEEKDAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
# English on purpose: the calendar module's names follow the machine's locale.
_MONTH_NAMES = (
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
)
_MONTHS = {
    **{m: i for i, m in enumerate(_MONTH_NAMES, 1)},
    **{m[:3]: i for i, m in enumerate(_MONTH_NAMES, 1)},
    "sept": 9,
}
_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[ t](\d{1,2}):(\d{2})(?::(\d{2}))?)?")
_NUMERIC = re.compile(r"(\d{1,4})[/.-](\d{1,2})(?:[/.-](\d{2,4}))?")
_ORDINAL = re.compile(r"(\d)(?:st|nd|rd|th)\b")


def _is_sessions_column(header: str) -> bool:
    """A header of a sessions column; a number after it is allowed ("Unavailable 2")."""
    key = header_key(header)
    return key in _SESSION_KEYS or key.rstrip("0123456789") in _SESSION_KEYS


class _Days:
    """The sessions and the days they start on, and how a cell's text names them."""

    def __init__(self, sessions: list[Session]) -> None:
        self.sessions = sessions
        # Session id or name (spacing and case ignored) -> session id; an id wins.
        self._names = {_fold(t): s.id for s in sessions for t in (s.name, s.id)}
        self._names.update({_fold(s.id): s.id for s in sessions})
        self._days = sorted({s.start.date() for s in sessions})

    def names(self) -> dict[str, str]:
        return self._names

    def days(self) -> list[date]:
        return self._days

    def on(self, days: list[date]) -> list[str]:
        return [s.id for s in self.sessions if s.start.date() in days]

    def known(self) -> str:
        """The sessions and dates a cell may name, for a message."""
        shown = [f"{s.id} '{show(s.name)}'" if s.name != s.id else s.id for s in self.sessions[:12]]
        more = f" and {len(self.sessions) - 12} more" if len(self.sessions) > 12 else ""
        dates = ", ".join(f"{d:%a} {d.isoformat()}" for d in self.days()[:12])
        return f"sessions {', '.join(shown)}{more}; dates {dates}"

    def resolve(self, token: str) -> list[str] | str:
        """The session ids a token names, or why it names none (a phrase for a message)."""
        text = _fold(token)
        names = self.names()
        if text in names:
            return [names[text]]
        bare = re.fullmatch(r"(.+?)\s*\([^()]*\)", text)  # "Poster Session 1 (Tue 17:00)"
        if bare and bare.group(1) in names:
            return [names[bare.group(1)]]
        iso = _ISO.fullmatch(text)
        if iso and iso.group(4) is not None:
            return self._at(iso)
        found = self._dates(text)
        if found is None:
            return "is no session id or name, and no date"
        if isinstance(found, str):
            return found
        return self.on(found) or f"is {_day(found[0])}, when there is no poster session"

    def _at(self, iso: re.Match[str]) -> list[str] | str:
        """A date with a time (a spreadsheet's date cell): midnight is the whole day,
        another time the session that starts then."""
        try:
            year, month, day, hour, minute, second = (int(g or 0) for g in iso.groups())
            moment = datetime(year, month, day, hour, minute, second)
        except ValueError:
            return "is no valid date"
        if moment.time() == datetime.min.time():
            return (
                self.on([moment.date()])
                or f"is {_day(moment.date())}, when there is no poster session"
            )
        return [
            s.id for s in self.sessions if s.start == moment
        ] or "is a time at which no session starts"

    def _dates(self, text: str) -> list[date] | str | None:
        """Conference days a date names, why it names none, or None: not a date."""
        parts = _date_parts(text)
        if parts is None:
            return None
        weekday, month, numbers = parts
        if month is not None:
            found = self._month_day(month, numbers)
        elif weekday is not None and len(numbers) == 1 and len(numbers[0]) <= 2:
            # "Thu 21": the day of the month, said with its weekday (alone, "21" is no date).
            found = [
                d for d in self.days() if d.day == int(numbers[0])
            ] or f"names day {int(numbers[0])}, and no poster session is on such a day"
        elif numbers:
            found = self._numeric(text)
        elif weekday is not None:
            return self._weekday(weekday)
        else:
            return None
        if found is None or isinstance(found, str):
            return found
        if weekday is not None:
            wrong = [d for d in found if d.weekday() != weekday]
            if wrong and len(wrong) == len(found):
                return (
                    f"says {_WEEKDAY_NAMES[weekday]}, but {_day(wrong[0])} is a "
                    f"{_WEEKDAY_NAMES[wrong[0].weekday()]}"
                )
            found = [d for d in found if d.weekday() == weekday]
        return found

    def _candidates(self, options: list[tuple[int | None, int, int]]) -> list[date] | str | None:
        """The conference days among (year, month, day) readings (year None: any year),
        or why none is one: the date has no session, or it reads as two conference days."""
        valid = [(y, m, d) for y, m, d in options if _valid(y or 2000, m, d)]
        if not valid:
            return None
        days = self.days()
        found = sorted(
            {
                day
                for day in days
                for y, m, d in valid
                if (day.month, day.day) == (m, d) and y in (None, day.year)
            }
        )
        if len(found) > 1:
            return (
                "could mean "
                + " or ".join(_day(d) for d in found)
                + f"; write the date in full, e.g. {found[0].isoformat()}"
            )
        if found:
            return found
        year = days[0].year if days else 2000
        readings = sorted({date(y or year, m, d) for y, m, d in valid if _valid(y or year, m, d)})
        if not readings:
            return None
        if len(readings) > 1:
            return (
                "is no day with a poster session (read as " + " or ".join(map(_day, readings)) + ")"
            )
        return f"is {_day(readings[0])}, when there is no poster session"

    def _month_day(self, month: int, numbers: list[str]) -> list[date] | str | None:
        days = [int(n) for n in numbers if len(n) <= 2]
        years = [int(n) for n in numbers if len(n) == 4]
        if len(days) != 1 or len(years) > 1 or len(days) + len(years) != len(numbers):
            return None
        return self._candidates([(years[0] if years else None, month, days[0])])

    def _numeric(self, text: str) -> list[date] | str | None:
        """19/05/2026, 5/19/2026, 19.05., 2026/05/19: day and month read both ways, and
        kept only where one reading falls on the conference."""
        match = _NUMERIC.fullmatch(re.sub(r"[a-z]+", " ", text).strip(" ,."))
        if match is None:
            return None
        a, b, c = match.group(1), match.group(2), match.group(3)
        if len(a) == 4:
            return self._candidates([(int(a), int(b), int(c))]) if c and len(c) <= 2 else None
        year = None if c is None else int(c) + (2000 if len(c) == 2 else 0)
        if c is not None and len(c) == 3:
            return None
        return self._candidates([(year, int(a), int(b)), (year, int(b), int(a))])

    def _weekday(self, weekday: int) -> list[date] | str:
        found = [d for d in self.days() if d.weekday() == weekday]
        name = _WEEKDAY_NAMES[weekday]
        if not found:
            return f"names a {name}, and no poster session is on a {name}"
        if len(found) > 1:
            return (
                f"could mean any of {len(found)} {name}s ({', '.join(map(str, found))}); "
                "write the date"
            )
        return found


def _fold(text: str) -> str:
    return " ".join(text.split()).casefold()


def _day(d: date) -> str:
    return f"{d:%a} {d.isoformat()}"


def _valid(year: int, month: int, day: int) -> bool:
    try:
        date(year, month, day)
    except ValueError:
        return False
    return True


def _date_parts(text: str) -> tuple[int | None, int | None, list[str]] | None:
    """(weekday, month, numbers) of a text made only of those, else None."""
    text = _ORDINAL.sub(r"\1", text)
    if not re.fullmatch(r"[a-z0-9\s,./-]+", text):
        return None
    weekday: int | None = None
    month: int | None = None
    numbers: list[str] = []
    for word in re.findall(r"[a-z]+|\d+", text):
        if word.isdigit():
            numbers.append(word)
        elif word in _WEEKDAYS and weekday is None:
            weekday = _WEEKDAYS[word]
        elif word in _MONTHS and month is None:
            month = _MONTHS[word]
        else:
            return None
    return weekday, month, numbers


def _sessions_in(cell: str, days: _Days) -> tuple[list[str], list[tuple[str, str]]]:
    """The session ids a cell names, and (token, why) for each part naming none.

    ";" and line breaks always separate; "," separates too, except inside a
    date such as "Tuesday, May 19, 2026", which is why runs of comma-separated
    pieces are tried together first.
    """
    if _fold(cell) in NOTHING:
        return [], []
    found: list[str] = []
    bad: list[tuple[str, str]] = []
    for part in re.split(r"[;\n]", cell):
        pieces = [p.strip() for p in part.split(",")]
        i = 0
        while i < len(pieces):
            if not pieces[i]:
                i += 1
                continue
            for j in range(min(len(pieces), i + _MAX_JOINED), i, -1):
                got = days.resolve(", ".join(pieces[i:j]))
                if isinstance(got, list):
                    found += [s for s in got if s not in found]
                    i = j
                    break
            else:
                why = days.resolve(pieces[i])
                bad.append((pieces[i], why if isinstance(why, str) else ""))
                i += 1
    return found, bad


def read_availability(venue: Venue, venue_path: Path) -> tuple[list[Unavailability], int]:
    """The rows of ``venue.rules.availability`` as entries, and how many rows were read.

    Raises InputError naming the file, row and column of every bad cell.
    """
    name = venue.rules.availability or ""
    path = venue_path.parent / name
    shown = display_path(path)
    if not path.exists():
        raise InputError(
            Problem(
                shown,
                "",
                f"no such file (the availability table that rules.availability in "
                f"{display_path(venue_path)} names; the path is relative to the venue file)",
                'Put the table there, or correct availability = "..." under [rules].',
            )
        )
    suffix = path.suffix.lower()
    if suffix not in (".csv", ".tsv", ".txt", ".xlsx", ".xlsm"):
        raise InputError(
            Problem(
                shown,
                "",
                f"unknown availability-table format '{suffix or path.name}'",
                "Give a .csv or .xlsx file.",
            )
        )
    data = read_limited(path, shown, MAX_PAPER_FILE_BYTES, "availability table")
    raw = xlsx_rows(data, shown, SHEETS) if suffix in (".xlsx", ".xlsm") else csv_rows(data, shown)
    rows = table_rows(
        raw,
        shown,
        "Put a header row (author id, e-mail or name, and the "
        "sessions they cannot attend) and one row per author.",
    )
    header_row, header = rows[0]
    header = [h.strip() for h in header]
    problems = Problems(shown)
    columns = match_columns(header, _ALIASES, _PRIORITY, header_row, problems)
    sessions_at = [i for i, h in enumerate(header) if _is_sessions_column(h)]
    _check_columns(columns, sessions_at, header, header_row, problems)
    problems.raise_if_any()
    days = _Days(venue.sessions)
    entries = []
    for number, row in rows[1:]:
        if long_cell(row, number, header, problems):
            continue
        entry = _entry(row, number, header, columns, sessions_at, days, problems)
        if entry is not None:
            entries.append(entry)
    problems.raise_if_any()
    return entries, len(rows) - 1


def _check_columns(
    columns: dict[str, int],
    sessions_at: list[int],
    header: list[str],
    header_row: int,
    problems: Problems,
) -> None:
    found = ", ".join(f"'{show(h)}'" for h in header if h) or "none"
    where = f"row {header_row} (header)"
    if not ({"id", "email", "name"} & set(columns) or {"first", "last"} <= set(columns)):
        problems.add(
            where,
            f"no author column (the headers are {found})",
            "Add a column 'Author ID', 'Email' or 'Name' (the README lists the spellings read).",
        )
    if not sessions_at:
        problems.add(
            where,
            f"no column of sessions to avoid (the headers are {found})",
            "Name it 'Unavailable' or 'Sessions you cannot attend' (the README "
            "lists the spellings read).",
        )


def _entry(
    row: list[str],
    number: int,
    header: list[str],
    columns: dict[str, int],
    sessions_at: list[int],
    days: _Days,
    problems: Problems,
) -> Unavailability | None:
    """One row as an entry; None for a row with nothing to avoid or with a problem."""

    def get(key: str) -> str:
        idx = columns.get(key)
        return row[idx].strip() if idx is not None and idx < len(row) else ""

    sessions: list[str] = []
    ok = True
    for idx in sessions_at:
        cell = row[idx] if idx < len(row) else ""
        found, bad = _sessions_in(cell, days)
        sessions += [s for s in found if s not in sessions]
        for token, why in bad:
            ok = False
            problems.add(
                f"row {number}, column '{show(header[idx])}'",
                f"'{show(token)}' {why}",
                f"Use a session id or name, or a date with sessions: {days.known()}.",
            )
    name = get("name") or " ".join(p for p in (get("first"), get("last")) if p)
    refs: list[str] = []
    for ref in (canonical_id(get("id")), get("email").casefold(), name):
        if ref and ref not in refs:
            refs.append(ref)
    for ref in refs:
        bad_ref = text_problem(ref, MAX_NAME_CHARS)
        if bad_ref:
            problems.add(f"row {number}", f"the author {bad_ref}", "Shorten it.")
            ok = False
    if sessions and not refs:
        problems.add(
            f"row {number}",
            "names sessions but no author (its id, e-mail and name cells are empty)",
            "Fill one of them in, or delete the row.",
        )
        return None
    if not ok or not sessions:
        return None  # a row with nothing to avoid: the author can attend every session
    order = {s.id: i for i, s in enumerate(days.sessions)}
    return Unavailability(
        author=refs[0], also=refs[1:], row=number, sessions=sorted(sessions, key=order.__getitem__)
    )
