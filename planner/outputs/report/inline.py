"""What ``report.html`` inlines as it is: its stylesheet, its script and its JSON data.

The script is kept in parts by concern (``planner/outputs/report/templates/js/``,
listed in :data:`SCRIPT_PARTS` with what each holds) and joined here, in that order,
into the one script of the page.  The parts are pieces of one function, not scripts
of their own: only the joined text runs.  Joined they give the page's script byte for
byte, the blank lines between them included, so cutting it into parts changed nothing
on the page.  Nothing inlined may end the element it sits in.
"""

from __future__ import annotations

import json
import re
from importlib import resources
from itertools import accumulate
from typing import NamedTuple

from markupsafe import Markup


class ScriptPart(NamedTuple):
    file: str  # under planner/outputs/report/templates/js/
    holds: str
    then: str  # what follows it in the joined script: "\n" (a blank line) or nothing
    talks_only: bool = False  # joined only into the page of a plan with talks


# The data.js part opens with the script's own header: what the data holds and how the
# address is read.  A part cannot carry a header of its own (it would be on the page).
SCRIPT_PARTS: tuple[ScriptPart, ...] = (
    ScriptPart(
        "data.js",
        "the header; the embedded data, its field indexes and lookups; the element helpers",
        "\n",
    ),
    ScriptPart(
        "view.js",
        "moving between boards with the keyboard, the details panel, the hover tip, the address",
        "\n",
    ),
    ScriptPart("search.js", "the search, the legend's topic buttons, the author view", ""),
    ScriptPart(
        "edit_state.js",
        "the editor's header, its elements and state: where posters are, pins, undo",
        "\n",
    ),
    ScriptPart(
        "live.js", "the live checks: clashes as the page stands, the grouping estimate", "\n"
    ),
    ScriptPart("judge.js", "judging a move: the hard rules that refuse it, the clashes", "\n"),
    ScriptPart("moves.js", "moving posters in the page, a move as an undoable edit, pinning", "\n"),
    ScriptPart("figures.js", "what an edit changes: the room loads and the figure cards", "\n"),
    ScriptPart("save.js", "the edits as edits.toml, shown and saved", "\n"),
    ScriptPart(
        "drag.js",
        "messages and verdicts, committing a move, what dragging and the keyboard need of "
        "posters, dragging a poster or a talk with the mouse, a pen or a finger",
        "\n",
    ),
    ScriptPart("keyboard.js", "carrying a poster or a talk with the keyboard", "\n"),
    ScriptPart(
        "talks.js",
        "the talk timelines: a talk's details, moving along a lane, talks in the search",
        "\n",
        talks_only=True,
    ),
    ScriptPart(
        "talk_edit.js",
        "editing talks: where each talk is, laying out and drawing a lane, the live clashes",
        "\n",
        talks_only=True,
    ),
    ScriptPart(
        "talk_judge.js",
        "judging a talk move, and a poster move against the talks",
        "\n",
        talks_only=True,
    ),
    ScriptPart(
        "talk_moves.js",
        "a talk move as an undoable edit, pinning talks, the talks in edits.toml, the place a "
        "talk is dropped on",
        "\n",
        talks_only=True,
    ),
    ScriptPart(
        "talk_carry.js",
        "what dragging and the keyboard need of talks, the keyboard's steps between talks",
        "\n",
        talks_only=True,
    ),
    ScriptPart("startup.js", "the details' edit row, turning editing on and off, starting up", ""),
)

# What would end a script or style element early, or open a comment in it.
_ENDS_ELEMENT = re.compile(r"</(script|style)|<!--", re.IGNORECASE)


def json_for_script(data: object) -> str:
    """JSON that cannot end the script element it sits in, whatever the strings hold."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return (
        text.replace("<", "\\u003c")
        .replace(">", "\\u003e")
        .replace("&", "\\u0026")
        .replace("\u2028", "\\u2028")
        .replace("\u2029", "\\u2029")
    )


def inline(name: str) -> Markup:
    """The page's own stylesheet (planner/outputs/report/templates/), inlined as it is: it
    must not end the element it sits in."""
    text = resources.files("planner.outputs.report").joinpath("templates", name).read_text("utf-8")
    if _ENDS_ELEMENT.search(text):
        raise ValueError(f"planner/outputs/report/templates/{name} would end its element early")
    return Markup(text)


def _parts(talks: bool) -> list[tuple[str, str]]:
    """Each part of the script: its file's name, and its text with what follows it; the
    talk parts only for a plan with talks (without, the script is what it was before)."""
    folder = resources.files("planner.outputs.report").joinpath("templates", "js")
    return [
        (p.file, folder.joinpath(p.file).read_text("utf-8") + p.then)
        for p in SCRIPT_PARTS
        if talks or not p.talks_only
    ]


def script_text(talks: bool = False) -> str:
    """The page's script: its parts joined in the order of :data:`SCRIPT_PARTS`."""
    return "".join(text for _, text in _parts(talks))


def script(talks: bool = False) -> Markup:
    """The page's script, inlined as it is: the joined text must not end its element."""
    parts = _parts(talks)
    text = "".join(part for _, part in parts)
    found = _ENDS_ELEMENT.search(text)
    if found:
        ends = accumulate(len(part) for _, part in parts)
        name = next(name for (name, _), end in zip(parts, ends, strict=True) if found.start() < end)
        raise ValueError(f"planner/outputs/report/templates/js/{name} would end its element early")
    return Markup(text)
