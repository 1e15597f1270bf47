"""What the submission systems' exports share: their JSON records, and two-level areas.

OpenReview's notes come as a list, as ``{"notes": [...], "count": n}`` or one
note per line (JSON Lines, ``.jsonl``); HotCRP's papers as a list or
``{"papers": [...]}``.  :func:`load_records` returns the records, every
problem with the file an InputError naming the line (and column); and
:func:`first_record` reads the first record from the file's head for a
reader's ``sniff``, without parsing the whole file.  :func:`area_label` shows a two-level area
("Theory->Deep Learning") as the planner does ("Theory › Deep Learning").
"""

from __future__ import annotations

import json
import re
from typing import Any

from planner.core.errors import InputError, Problem
from planner.core.limits import MAX_RECORDS
from planner.read.papers.systems import Source

LINES_SUFFIXES = (".jsonl", ".ndjson")
_DECODER = json.JSONDecoder()
_SPACE = re.compile(r"\s*")
AREA_MARK = " › "


def load_records(
    source: Source, list_keys: tuple[str, ...], record_keys: tuple[str, ...], example: str
) -> list[Any]:
    """The records of the export: a JSON list, an object holding the list under one of
    ``list_keys``, a single record (an object with one of ``record_keys``) or JSON Lines.

    ``example`` is the shape shown when the document is none of these.
    """
    text = _text(source)
    if source.suffix in LINES_SUFFIXES:
        return _limited(_lines(text, source.shown), source.shown)
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as exc:
        # A .json file of one note per line reads as JSON Lines: the first
        # value parses and "Extra data" follows it.
        if exc.msg == "Extra data" and text.lstrip().startswith("{"):
            return _limited(_lines(text, source.shown), source.shown)
        raise _bad_json(source.shown, exc) from None
    except (ValueError, RecursionError) as exc:  # a number of thousands of digits, deep nesting
        raise InputError(
            Problem(source.shown, "", f"cannot read the JSON ({exc})", "Export the list again.")
        ) from None
    return _limited(_unwrapped(doc, source.shown, list_keys, record_keys, example), source.shown)


def _text(source: Source) -> str:
    try:
        return (source.data or b"").decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InputError(
            Problem(source.shown, "", "the file is not UTF-8 text", "Save the JSON as UTF-8.")
        ) from None


def _bad_json(shown: str, exc: json.JSONDecodeError, line: int | None = None) -> InputError:
    where = f"line {line or exc.lineno}, column {exc.colno}"
    return InputError(
        Problem(
            shown,
            where,
            f"not valid JSON ({exc.msg})",
            "Fix the JSON there, or export the list again.",
        )
    )


def _lines(text: str, shown: str) -> list[Any]:
    """The records of a JSON Lines file: one JSON value per non-blank line."""
    records = []
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            records.append(json.loads(line))
        except json.JSONDecodeError as exc:
            raise _bad_json(shown, exc, number) from None
        except (ValueError, RecursionError) as exc:
            raise InputError(
                Problem(shown, f"line {number}", f"cannot read the JSON ({exc})", "Fix the line.")
            ) from None
        if len(records) > MAX_RECORDS:
            break  # _limited says so; no need to read the rest
    return records


def _unwrapped(
    doc: Any, shown: str, list_keys: tuple[str, ...], record_keys: tuple[str, ...], example: str
) -> list[Any]:
    if isinstance(doc, list):
        return doc
    if isinstance(doc, dict):
        for key in list_keys:
            if isinstance(doc.get(key), list):
                return list(doc[key])
        if any(key in doc for key in record_keys):
            return [doc]  # one record saved on its own
    wanted = " or ".join(f"an object with a '{k}' list" for k in list_keys)
    raise InputError(
        Problem(shown, "", f"expected a list of records or {wanted}", f"Use {example}.")
    )


def _limited(records: list[Any], shown: str) -> list[Any]:
    if len(records) > MAX_RECORDS:
        raise InputError(
            Problem(
                shown,
                "",
                f"the list has more than the {MAX_RECORDS:,} records the planner reads",
                "Check that this is the right file (see the README's limits).",
            )
        )
    return records


def first_record(head: str, list_keys: tuple[str, ...]) -> dict[str, Any] | None:
    """The first record in the head of a JSON or JSON Lines file, or None.

    None also when the record does not end within the head (a record of
    more than 64 KiB); a reader's sniff then looks at the head's text.
    """
    if head.startswith("["):
        return _object_at(head, 1)
    if not head.startswith("{"):
        return None
    doc = _object_at(head, 0)
    if doc is None:
        # The whole document did not fit the head: find the list inside it.
        for key in list_keys:
            found = re.search(rf'"{re.escape(key)}"\s*:\s*\[', head)
            if found:
                return _object_at(head, found.end())
        return None
    for key in list_keys:
        items = doc.get(key)
        if isinstance(items, list):
            return items[0] if items and isinstance(items[0], dict) else None
    return doc  # a JSON Lines file's first line, or one record on its own


def _object_at(text: str, at: int) -> dict[str, Any] | None:
    """The JSON object starting at ``at`` (after spaces), or None."""
    start = _SPACE.match(text, at)
    try:
        value, _ = _DECODER.raw_decode(text, start.end() if start else at)
    except (ValueError, RecursionError):
        return None
    return value if isinstance(value, dict) else None


def area_label(value: str) -> str:
    """A two-level area as the planner shows it ("Theory->Deep Learning" ->
    "Theory › Deep Learning"); a slug's underscores as spaces ("reinforcement_learning")."""
    text = value.strip()
    if "->" in text:
        return AREA_MARK.join(part.strip() for part in text.split("->") if part.strip())
    if "_" in text and " " not in text:
        return text.replace("_", " ")
    return text
