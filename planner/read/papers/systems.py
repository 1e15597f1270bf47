"""The submission systems' exports the planner reads, and how one is chosen.

A chair's list comes out of the system they ran reviewing in.  Each system's
export has its own module beside the generic readers (conference-site JSON,
a CSV or XLSX table), returning the same :class:`~planner.read.conference.PaperList`;
this module holds what they share: the file as read (:class:`Source`), the
options a chair may give (:class:`ReadOptions`: ``--from`` forces a reader,
``--venue-id`` says which OpenReview venue accepted), and the registry the
reader is chosen from.

A reader is chosen by content: each :class:`Reader` has a ``sniff`` that
looks at the file (a JSON document's keys, a table's header, an XML root, a
folder's file names) without reading it fully, and the first that claims the
file reads it; no claim leaves the file to the generic readers, by its
extension.  ``--from NAME`` skips the sniffing.

A reader fills ``PaperList.reader`` (its label, for ``planner check``),
``PaperList.field_sources`` (each planner field and the source field it came from)
and ``PaperList.accept`` (the decisions it accepts when the venue file does
not set ``accept_decisions``).
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from planner.read.conference import PaperList

# The system readers, by name, in the order they are asked (planner.read.papers.<module>).
SYSTEMS: dict[str, str] = {
    "openreview": "openreview",
    "cmt": "cmt",
    "easychair": "easychair",
    "hotcrp": "hotcrp",
    "pretalx": "pretalx",
    "miniconf": "miniconf",
}


@dataclass(frozen=True)
class ReadOptions:
    """What the chair says about the list: ``--from`` and ``--venue-id``."""

    system: str | None = None  # a key of SYSTEMS: read with that reader, no sniffing
    venue_id: str | None = None  # OpenReview: the venue id whose notes are accepted


@dataclass
class Source:
    """The paper list as given: a file (its bytes) or a folder (EasyChair's tables)."""

    path: Path
    shown: str  # the path as messages show it
    data: bytes | None  # None for a folder

    @property
    def suffix(self) -> str:
        return self.path.suffix.lower()

    @cached_property
    def head(self) -> str:
        """The first 64 KiB as text (for sniffing), BOM and undecodable bytes dropped."""
        if self.data is None:
            return ""
        return self.data[:65536].decode("utf-8-sig", errors="ignore").lstrip()


@dataclass(frozen=True)
class Reader:
    """One system's export reader."""

    name: str  # what --from takes: "openreview"
    label: str  # what planner check says: "OpenReview (API v2 notes)"
    sniff: Callable[[Source], bool]  # whether the file looks like this system's export
    read: Callable[[Source, ReadOptions], PaperList]


def readers() -> list[Reader]:
    """The system readers, in the order they are asked."""
    return [importlib.import_module(f"planner.read.papers.{m}").READER for m in SYSTEMS.values()]


def reader_named(name: str) -> Reader | None:
    return next((r for r in readers() if r.name == name), None)


def sniffed(source: Source) -> Reader | None:
    """The first system reader that claims the file; None leaves it to the generic ones."""
    return next((r for r in readers() if r.sniff(source)), None)
