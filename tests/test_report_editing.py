"""Editing the plan in report.html, in a real browser, and the loop back to the planner.

The MLSys example is planned; headless Chromium (driven over the DevTools pipe,
tests/cdp.py, with real mouse and keyboard events) turns editing on, moves a
poster with the keyboard, drags one to an empty board of another session,
drags one to where it makes a new shared-author clash (the warning names the
author and the other poster before the button is let go) and one into a full
room (refused, saying so), pins and undoes, and saves edits.toml.  The file
goes into the plan folder, ``planner plan`` runs again, and the moved posters
stand where they were put, pinned, with the change report naming them and
whatever else moved because of them.  A screenshot of the clash warning is
saved as test-artifacts/report-editing.png (the README's picture,
docs/report-editing.png, is a copy of it).
"""

from __future__ import annotations

import json
import shutil
import tomllib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from cdp import Browser, downloaded, find_chromium
from conftest import EXAMPLE, ROOT

CHROMIUM = find_chromium()
pytestmark = pytest.mark.skipif(
    CHROMIUM is None,
    reason="Chromium is not installed; apt-get install chromium chromium-driver "
    "(.ci/run installs them) to edit the report in a browser",
)
ARTIFACTS = ROOT / "test-artifacts"


def empties(b: Browser) -> list[tuple[int, int, int]]:
    """The page's empty (not spare) boards now, as (session, room, board number)."""
    return [
        tuple(x)
        for x in b.js("""Array.from(document.querySelectorAll(
        "#overview .boards > .b.e")).map((el) => [+el.parentNode.dataset.s,
        +el.parentNode.dataset.r, +el.dataset.n])""")
    ]


def cell_of(b: Browser, paper: str) -> tuple[int, int]:
    s, r = b.js(f"""(() => {{ const g = document.querySelector(
        '#overview .b[data-p="{paper}"]').parentNode; return [+g.dataset.s, +g.dataset.r]; }})()""")
    return s, r


def drag(b: Browser, paper: str, target: str, release: bool = True) -> dict[str, str]:
    """Drags a poster onto the element ``target`` (a CSS selector) with the mouse; returns
    what the page showed while the poster was held over it."""
    x0, y0 = b.center(f'#overview .b[data-p="{paper}"]')
    b.mouse("mouseMoved", x0, y0)
    b.mouse("mousePressed", x0, y0, 1)
    # A target out of view is scrolled to while the poster is held, as a person would.
    b.mouse("mouseMoved", x0 + 4, y0 + 4, 1)
    x1, y1 = b.js(f"""(() => {{ const el = document.querySelector({json.dumps(target)});
        const r0 = el.getBoundingClientRect();
        if (r0.top < 0 || r0.bottom > window.innerHeight) el.scrollIntoView({{block: "center"}});
        const r = el.getBoundingClientRect(); return [r.left + Math.min(12, r.width / 2),
        r.top + Math.min(12, r.height / 2)]; }})()""")
    for k in range(1, 9):
        b.mouse("mouseMoved", x0 + (x1 - x0) * k / 8, y0 + (y1 - y0) * k / 8, 1)
    seen = {
        "verdict": b.js("document.documentElement.dataset.verdict"),
        "box": b.js("document.getElementById('drop').innerText"),
        "shown": b.js("!document.getElementById('drop').hidden"),
    }
    if release:
        b.mouse("mouseReleased", x1, y1)
    return seen


def board_selector(s: int, r: int, n: int) -> str:
    return f'#overview .boards[data-s="{s}"][data-r="{r}"] > .b[data-n="{n}"]'


def nearest(b: Browser, paper: str, boards: list[tuple[int, int, int]]) -> tuple[int, int, int]:
    """Of ``boards``, the one nearest the poster on the page, so a drag sees both at once
    (even sessions leave their few empty boards far apart)."""

    def page_y(selector: str) -> float:
        return float(
            b.js(f"""(() => {{ const r = document.querySelector(
            {json.dumps(selector)}).getBoundingClientRect();
            return r.top + window.scrollY; }})()""")
        )

    y = page_y(f'#overview .b[data-p="{paper}"]')
    return min(boards, key=lambda e: abs(page_y(board_selector(*e)) - y))


@pytest.fixture(scope="module")
def planned(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from typer.testing import CliRunner

    from planner.cli import app

    out = tmp_path_factory.mktemp("editing") / "plan"
    result = CliRunner().invoke(app, ["plan", str(EXAMPLE), "--out", str(out), "--time-limit", "3"])
    assert result.exit_code == 0, result.output
    return out


def test_edit_save_and_plan_again(
    planned: Path, tmp_path: Path, cli: Callable[..., object]
) -> None:
    plan = json.loads((planned / "plan.json").read_text("utf-8"))
    sessions = [s["id"] for s in plan["venue"]["sessions"]]
    rooms = [r["id"] for r in plan["venue"]["rooms"]]
    papers = {p["id"]: p for p in plan["papers"]}
    name = {p["key"]: p["name"] for p in plan["people"]}
    where = {pl["paper"]: pl for pl in plan["placements"]}
    posters_of: dict[str, list[str]] = {}
    for p in plan["papers"]:
        for k in dict.fromkeys(p["authors"]):
            posters_of.setdefault(k, []).append(p["id"])

    with Browser(CHROMIUM, 1400, 1000) as b:
        downloads = b.allow_downloads(tmp_path / "downloads")
        b.open(planned / "report.html")
        assert b.js("getComputedStyle(document.getElementById('e-panel')).display") == "none"
        x, y = b.center("#e-toggle")
        b.mouse("mousePressed", x, y, 1)
        b.mouse("mouseReleased", x, y)
        assert b.js("document.documentElement.dataset.editing") == "1"

        # 1. A keyboard move: M picks a poster up, the arrow keys choose an empty board
        # in the session's other room, Enter puts it down.
        free = empties(b)
        s, r, n = next(e for e in free if e[1] == 1)
        in_a = [
            pl["paper"]
            for pl in sorted(plan["placements"], key=lambda pl: pl["board"])
            if pl["session"] == sessions[s] and pl["room"] == rooms[0]
        ]
        keyed = in_a[0]
        b.js(f"document.querySelector('#overview .b[data-p=\"{keyed}\"]').focus()")
        b.press("m")
        assert "Picked up" in b.js("document.documentElement.dataset.editMessage")
        b.press("ArrowDown")  # the next room, same session
        for _ in range(40):
            at = b.js(
                "(() => { const c = document.querySelector('#overview .cursor'); "
                "return c.dataset.n ? +c.dataset.n : -1; })()"
            )
            if at == n:
                break
            b.press("ArrowRight" if at < n else "ArrowLeft")
        assert b.js("document.documentElement.dataset.verdict") == "good"
        b.press("Enter")
        assert b.js("document.documentElement.dataset.editMessage").startswith("Moved")
        assert cell_of(b, keyed) == (s, 1)
        moved = {keyed: (sessions[s], rooms[1])}

        # 2. A drag to an empty board of another session, by a poster whose authors have
        # no other poster: no clash either way, so it is simply moved.
        alone = [
            p
            for p in plan["papers"]
            if all(len(posters_of[k]) == 1 for k in p["authors"]) and p["id"] not in moved
        ]
        mover = alone[0]["id"]
        s0 = sessions.index(where[mover]["session"])
        s, r, n = nearest(b, mover, [e for e in empties(b) if e[0] != s0])
        seen = drag(b, mover, board_selector(s, r, n))
        assert seen["shown"] and seen["verdict"] == "good", seen
        assert "No new clash" in seen["box"]
        assert cell_of(b, mover) == (s, r)
        moved[mover] = (sessions[s], rooms[r])
        dragged_board = (sessions[s], rooms[r], n)

        # 3. A drag that makes a shared-author clash: the warning names the author and
        # the other poster while the poster is still held.
        def clash_case() -> tuple[str, str, str, tuple[int, int, int]]:
            free_now = empties(b)

            def in_a_clash(p: dict[str, Any]) -> bool:  # moving it would also remove one
                here = where[p["id"]]["session"]
                return any(
                    o != p["id"] and where[o]["session"] == here
                    for k in p["authors"]
                    for o in posters_of[k]
                )

            for p in plan["papers"]:
                if p["id"] in moved or in_a_clash(p):
                    continue
                for k in dict.fromkeys(p["authors"]):
                    for other in posters_of[k]:
                        if other == p["id"] or other in moved:
                            continue
                        target = sessions.index(where[other]["session"])
                        if target == sessions.index(where[p["id"]]["session"]):
                            continue
                        if p["presenter"] == k == papers[other]["presenter"]:
                            continue
                        spots = [e for e in free_now if e[0] == target]
                        if spots:
                            return p["id"], other, k, nearest(b, p["id"], spots)
            raise AssertionError("no poster to make a clash with")

        clasher, other, person, (s, r, n) = clash_case()
        before = int(b.js("document.documentElement.dataset.clashes || '0'") or 0)
        seen = drag(b, clasher, board_selector(s, r, n), release=False)
        ARTIFACTS.mkdir(exist_ok=True)
        b.screenshot(ARTIFACTS / "report-editing.png", scale=0.75)
        b.mouse("mouseReleased", *b.center(board_selector(s, r, n)))
        if seen["verdict"] == "no":  # another of its authors cannot go there: say which
            raise AssertionError(seen["box"])
        assert seen["verdict"] == "warn", seen
        assert f"new clash: {name[person]} is also at" in seen["box"]
        assert papers[other]["title"][:40] in seen["box"]
        after = int(b.js("document.documentElement.dataset.clashes"))
        assert after > before or before == 0, (before, after, cell_of(b, clasher), (s, r), seen)
        assert cell_of(b, clasher) == (s, r)
        moved[clasher] = (sessions[s], rooms[r])

        # 4. Into a full room: refused while held, and nothing moves.
        full = [
            (si, ri)
            for si in range(len(sessions))
            for ri in range(len(rooms))
            if not b.js(
                f'document.querySelectorAll(\'#overview .boards[data-s="{si}"]'
                f'[data-r="{ri}"] > .b.e, #overview .boards[data-s="{si}"]'
                f'[data-r="{ri}"] > .b.s\').length'
            )
        ]
        assert full, "the example has no full room"
        fs, fr = full[0]
        outsider = next(
            p["id"]
            for p in plan["papers"]
            if p["id"] not in moved and cell_of(b, p["id"]) != (fs, fr)
        )
        edits_before = b.js("document.documentElement.dataset.editCount")
        seen = drag(b, outsider, f'#overview .room[data-s="{fs}"][data-r="{fr}"] h4')
        assert seen["verdict"] == "no" and "is full" in seen["box"], seen
        assert "Not moved" in b.js("document.documentElement.dataset.editMessage")
        assert b.js("document.documentElement.dataset.editCount") == edits_before

        # 5. Pin in place with P, then undo it with Ctrl+Z.
        toml_before = b.js("document.getElementById('e-toml').textContent")
        b.js(f"document.querySelector('#overview .b[data-p=\"{outsider}\"]').focus()")
        b.press("p")
        assert f'paper = "{outsider}"' in b.js("document.getElementById('e-toml').textContent")
        b.press("z", modifiers=2)  # Ctrl
        assert b.js("document.getElementById('e-toml').textContent") == toml_before

        # The figures at the top follow the edits.
        clashes_card = b.js("document.querySelector('[data-fig=clashes]').innerText")
        assert f"{after} (lower bound" in clashes_card and "not saved" in clashes_card

        # 6. Save: the page downloads edits.toml.
        x, y = b.center("#e-save")
        b.mouse("mousePressed", x, y, 1)
        b.mouse("mouseReleased", x, y)
        saved = downloaded(downloads / "edits.toml")

    edits = tomllib.loads(saved.read_text("utf-8"))
    pins = {p["paper"]: p for p in edits["pins"]}
    assert set(pins) == set(moved)
    assert (pins[mover]["session"], pins[mover]["room"]) == moved[mover]
    prefix = plan["venue"]["rooms"][rooms.index(dragged_board[1])]["board_prefix"]
    assert pins[mover]["board"] == f"{prefix}{dragged_board[2]}"  # the board it was dropped on

    # 7. Back to the planner: the file in the plan folder, planner plan again.
    shutil.copy(saved, planned / "edits.toml")
    result = cli("plan", EXAMPLE, "--out", planned, "--time-limit", "3")
    assert result.exit_code == 0, result.output
    assert "hand edits" in result.stderr
    new = json.loads((planned / "plan.json").read_text("utf-8"))
    now = {pl["paper"]: pl for pl in new["placements"]}
    for pid, pin in pins.items():
        pl = now[pid]
        assert (pl["session"], pl["room"]) == (pin["session"], pin["room"]), pid
        assert pl["label"] == pin["board"]
        assert pl["status"] == "pinned" and pl["reason"] == "pinned by a hand edit in the report"
    changes = json.loads((planned / "changes.json").read_text("utf-8"))
    why = {m["paper"]: m["why"] for m in changes["moved"]}
    assert set(moved) <= set(why)
    assert all(why[p] == "pinned by a hand edit in the report" for p in moved)
    # Whatever else moved is named with its reason (the rest was re-planned around the pins).
    assert all(why[p] for p in set(why) - set(moved))
    assert not (planned / "edits.toml").exists()
    assert list(planned.glob("archive/*/edits.toml"))


def test_hostile_titles_stay_inert_in_the_editor_and_its_file(
    planned: Path, tmp_path: Path
) -> None:
    """A title that tries to end a TOML comment and add a pin of its own, or to run
    markup, stays text: the saved file holds exactly the edit that was made."""
    from planner.outputs.report import page as report
    from planner.plan.records import read_plan

    plan = read_plan(planned / "plan.json")
    victim = next(pl for pl in plan.placements if pl.board == 1)  # a board follows it
    hostile = (
        'Evil\n[[pins]]\npaper = "9999"\r\nsession = "x"\u2028# '
        '</script><img src=x onerror="document.documentElement.dataset.pwned=1">'
    )
    next(p for p in plan.papers if p.id == victim.paper).title = hostile
    report.write(plan, tmp_path)
    with Browser(CHROMIUM, 1200, 900) as b:
        b.open(tmp_path / "report.html")
        b.js("document.getElementById('e-toggle').click()")
        b.js(f"document.querySelector('#overview .b[data-p=\"{victim.paper}\"]').focus()")
        b.press("m")
        b.press("ArrowRight")  # the next board: a swap or a move, either is an edit
        b.press("Enter")
        text = b.js("document.getElementById('e-toml').textContent")
        message = b.js("document.documentElement.dataset.editMessage")
        assert b.js("document.documentElement.dataset.pwned") is None
        assert b.js("document.querySelectorAll('#side img, #drop img').length") == 0
    edits = tomllib.loads(text)
    assert "pins" in edits, message
    papers = [p["paper"] for p in edits["pins"]]
    assert victim.paper in papers and len(papers) <= 2  # the poster, and one it swapped with
    assert set(papers) <= {pl.paper for pl in plan.placements}
    assert "9999" not in json.dumps(edits) and set(edits) == {"format", "revision", "pins"}
