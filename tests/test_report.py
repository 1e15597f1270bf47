"""report.html: the self-contained HTML report.

Static checks on the MLSys example's report (every placed poster drawn once
as a board with its paper id, every board of every room drawn, nothing loaded
from the network, hostile text escaped, the same bytes for the same plan);
then the report rendered in headless Chromium (the Debian packages chromium
and chromium-driver; skipped, saying why, where they are absent): every poster
once on the rendered page, a search for a known author highlighting exactly
that author's boards, the author view, a screenshot saved as
test-artifacts/report.png; and a report of ICML 2024's size (2,634 posters)
that stays under 10 MB and searches quickly.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import tempfile
import tomllib
import unicodedata
from collections import Counter
from datetime import datetime
from fnmatch import fnmatch
from importlib import resources
from pathlib import Path

import pytest
from jinja2 import StrictUndefined
from lxml import html as lxml_html

from planner.engine import Options, make_plan
from planner.outputs.report import inline
from planner.outputs.report import page as report
from planner.people.inputs import load
from planner.plan.records import Changes, ClashRecord, Move, Placement, Plan, TopicRecord

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "mlsys2026"
ICML = ROOT / "benchmarks" / "data" / "icml2024"
ARTIFACTS = ROOT / "test-artifacts"
HOSTILE = (
    '</script><script>alert("x")</script> <img src=x onerror="document.documentElement'
    '.dataset.pwned=1"> & \'quotes\' "double" 🧪 Ünïcødé 日本語 سلام'
)
CHROMIUM = next(
    (
        shutil.which(name)
        for name in ("chromium", "chromium-browser", "google-chrome")
        if shutil.which(name)
    ),
    None,
)
needs_chromium = pytest.mark.skipif(
    CHROMIUM is None,
    reason="Chromium is not installed; apt-get install chromium chromium-driver "
    "(.ci/run installs them) to render the report in a browser",
)


def fold(text: str) -> str:
    """The report's search folding: accents dropped, lower case."""
    return "".join(
        c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c)
    ).lower()


@pytest.fixture(scope="module")
def plan() -> Plan:
    return make_plan(load(EXAMPLE), Options(time_limit=5))


@pytest.fixture(scope="module")
def page(plan: Plan) -> str:
    return report.render(plan)


@pytest.fixture(scope="module")
def hostile(plan: Plan) -> Plan:
    """A copy whose texts try to break out: a clashing poster's title, its first
    author, a topic label and the venue name."""
    copy = plan.model_copy(deep=True)
    victim = copy.clashes[0].papers[0]
    paper = next(p for p in copy.papers if p.id == victim)
    paper.title = HOSTILE
    paper.url = "javascript:alert(1)"
    person = next(p for p in copy.people if p.key == paper.authors[0])
    person.name = "Zoë <b>Bold</b> & Ŝtoica-Ñame"
    copy.topics[0].label = '<i>topic</i> & "zero"'
    copy.venue.name = "Conf <script>x</script> 2026"
    return copy


def boards_of(doc: lxml_html.HtmlElement) -> list[lxml_html.HtmlElement]:
    return doc.xpath('//*[@id="overview"]//*[@data-p]')


def classes(el: lxml_html.HtmlElement) -> set[str]:
    return set((el.get("class") or "").split())


def data_of(doc: lxml_html.HtmlElement) -> dict:
    return json.loads(doc.get_element_by_id("plan-data").text)


def records(data: dict, kind: str, rows: list) -> list[dict]:
    """The data's records of one kind as dicts, by the field names the data carries."""
    return [dict(zip(data["fields"][kind], row, strict=True)) for row in rows]


def posters_of(doc: lxml_html.HtmlElement) -> list[dict]:
    data = data_of(doc)
    return records(data, "poster", data["posters"])


def author_posters(plan: Plan, needle: str) -> set[str]:
    """Posters the search for ``needle`` must find: in the title, an author or the id."""
    people = {p.key: p.name for p in plan.people}
    placed = {pl.paper for pl in plan.placements}
    out = set()
    for paper in plan.papers:
        text = "\n".join([paper.title, paper.id, *(people.get(k, "") for k in paper.authors)])
        if paper.id in placed and fold(needle) in fold(text):
            out.add(paper.id)
    return out


# --- static checks ---------------------------------------------------------------------


def test_write_makes_one_file(plan: Plan, tmp_path: Path) -> None:
    report.write(plan, tmp_path)
    assert [p.name for p in tmp_path.iterdir()] == ["report.html"]
    assert (tmp_path / "report.html").read_text("utf-8") == report.render(plan)


def test_every_placed_poster_is_one_board(plan: Plan, page: str) -> None:
    doc = lxml_html.fromstring(page)
    boards = boards_of(doc)
    counts = Counter(el.get("data-p") for el in boards)
    assert set(counts) == {pl.paper for pl in plan.placements}
    assert set(counts.values()) == {1}
    # One element per board, and nothing inside it but the topic's number.
    topic = {pl.paper: pl.topic for pl in plan.placements}
    for el in boards:
        assert "b" in classes(el) and len(el) == 0
        assert el.text == str(topic[el.get("data-p")] + 1)
        assert f"t{topic[el.get('data-p')]}" in classes(el)
    # The data the script reads lists the posters in the boards' order.
    assert [p["id"] for p in posters_of(doc)] == [el.get("data-p") for el in boards]


def test_boards_out_of_range_are_still_drawn_once(plan: Plan) -> None:
    """A hand-edited plan with a board past the room's end, or numbered 0, still shows
    every poster once, in the order the script expects."""
    copy = plan.model_copy(deep=True)
    copy.placements[0].board, copy.placements[0].label = 99, "A99"
    copy.placements[1].board, copy.placements[1].label = 0, "A0"
    doc = lxml_html.fromstring(report.render(copy))
    boards = boards_of(doc)
    assert Counter(el.get("data-p") for el in boards) == Counter(pl.paper for pl in copy.placements)
    assert [p["id"] for p in posters_of(doc)] == [el.get("data-p") for el in boards]


def test_every_board_of_every_room_is_drawn(plan: Plan, page: str) -> None:
    doc = lxml_html.fromstring(page)
    venue = plan.venue
    groups = doc.xpath('//*[@id="overview"]//*[@role="group"]')
    expected = [(s, r) for s in venue.sessions for r in venue.rooms_in(s.id)]
    assert len(groups) == len(expected)
    used = Counter((pl.session, pl.room) for pl in plan.placements)
    for group, (s, r) in zip(groups, expected, strict=True):
        boards = [el for el in group if "b" in classes(el)]
        assert len(boards) == r.board_count(s.id)
        empty = [el for el in boards if classes(el) & {"e", "s"}]
        assert len(empty) == r.board_count(s.id) - used[s.id, r.id]
        assert s.name in group.get("aria-label") and r.name in group.get("aria-label")
    # Grand Ballroom B has 16 boards and holds fewer posters: its empty boards show.
    assert doc.xpath('//*[@id="overview"]//span[contains(@class, " e")]')


def test_spare_boards_are_drawn(plan: Plan) -> None:
    copy = plan.model_copy(deep=True)
    copy.venue.rules.spare_boards = 2
    doc = lxml_html.fromstring(report.render(copy))
    groups = doc.xpath('//*[@id="overview"]//*[@role="group"]')
    expected = [(s, r) for s in copy.venue.sessions for r in copy.venue.rooms_in(s.id)]
    spares = 0
    for group, (s, r) in zip(groups, expected, strict=True):
        taken = {pl.board for pl in copy.placements if (pl.session, pl.room) == (s.id, r.id)}
        boards = [el for el in group if "b" in classes(el)]
        assert len(boards) == r.boards
        want = [
            f"{r.board_prefix}{n} · spare, kept free"
            for n in (r.boards - 1, r.boards)
            if n not in taken
        ]
        assert [el.get("title") for el in boards if "s" in classes(el)] == want
        spares += len(want)
    assert spares  # Grand Ballroom B's last two boards are free in some session


def test_no_network_references(page: str) -> None:
    doc = lxml_html.fromstring(page)
    assert not doc.xpath("//link | //img | //iframe | //object | //embed | //source")
    assert not doc.xpath("//script[@src] | //*[@src]")
    scripts = doc.xpath("//script")
    assert [s.get("type") for s in scripts] == ["application/json", None]
    code = scripts[1].text + "".join(s.text for s in doc.xpath("//style"))
    assert not re.search(r"https?://|url\(|@import|fetch\(|XMLHttpRequest|import\(", code)
    # Links to the papers' pages are the only http(s) addresses, and only as hrefs of
    # anchors made on demand from the data (none are in the static markup).
    assert not [a for a in doc.xpath("//a[@href]") if not a.get("href").startswith("#")]
    csp = doc.xpath('//meta[@http-equiv="Content-Security-Policy"]/@content')
    assert csp and "default-src 'none'" in csp[0]


def test_the_page_comes_from_autoescaped_templates_shipped_with_the_package() -> None:
    env = report._environment()
    assert env.autoescape is True and env.undefined is StrictUndefined
    templates = resources.files("planner.outputs.report").joinpath("templates")
    names = sorted(f.name for f in templates.iterdir() if f.is_file())
    names += sorted(f"js/{f.name}" for f in templates.joinpath("js").iterdir() if f.is_file())
    assert "report.html.j2" in names
    assert {f"js/{part.file}" for part in inline.SCRIPT_PARTS} <= set(names)
    assert set(env.list_templates()) >= {n for n in names if n.endswith(".j2")}
    # pyproject.toml ships them as package data.
    config = tomllib.loads((Path(__file__).parents[1] / "pyproject.toml").read_text("utf-8"))
    patterns = config["tool"]["setuptools"]["package-data"]["planner.outputs.report"]
    assert all(any(fnmatch(f"templates/{n}", p) for p in patterns) for n in names)


def test_the_script_reads_the_data_by_field_name() -> None:
    """report.js turns the field names the data carries into index constants and reads
    every record through them: the names it asks for are the ones report.py sends."""
    script = inline.script_text()
    constants = {
        "P": "poster",
        "PERSON": "person",
        "SESSION": "session",
        "MOVE": "move",
        "CLASH": "clash",
        "CELL": "cell",
        "RULE": "rule",
        "TERM": "term",
    }
    for const, kind in constants.items():
        declared = re.search(
            rf"const {const} = fieldIndex\(F\.{kind}, \[([^\]]*)\]\)", script, re.S
        )
        assert declared, const
        wanted = re.findall(r'"(\w+)"', declared.group(1))
        assert sorted(wanted) == sorted(report.FIELDS[kind])
        used = set(re.findall(rf"\b{const}\.(\w+)", script))
        assert used <= set(wanted), (const, used - set(wanted))
    assert set(report.FIELDS) == set(constants.values())
    # No record of the data is read by position.
    assert not re.search(r"\b(p|person|clash|move|cell|rule|flat)\[\d+\]", script)


def test_figures_at_the_top(plan: Plan, page: str) -> None:
    doc = lxml_html.fromstring(page)
    cards = {
        dt.text_content(): dt.getnext().text_content() for dt in doc.xpath('//*[@id="figures"]//dt')
    }
    f = plan.figures
    assert cards["Posters placed"].startswith(f"{f.placed} of {f.posters}")
    assert cards["Presenter clashes"].startswith(str(f.presenter_clashes))
    assert cards["Shared-author clashes"].startswith(
        f"{f.clashes} (lower bound {f.clash_lower_bound})"
    )
    assert cards["Topic grouping"].startswith(
        f"{f.session_grouping:.2f}x random by session, {f.grouping:.2f}x by room"
    )
    assert cards["Neighbours"].startswith(f"{f.neighbours:.2f}x random")
    assert cards["Solver"].startswith(f"{f.status}, gap")
    assert cards["Changes"].startswith("first plan")
    # Figures come before the overview.
    assert page.index('id="figures"') < page.index('id="overview"')


def test_clashes_are_marked_and_listed(plan: Plan, page: str) -> None:
    doc = lxml_html.fromstring(page)
    clashing = {pid for c in plan.clashes for pid in c.papers}
    assert clashing
    marked = {el.get("data-p") for el in boards_of(doc) if "x" in classes(el)}
    assert marked == clashing
    rows = doc.xpath('//*[@id="clashes"]//tbody/tr')
    assert len(rows) == len(plan.clashes)
    for row, c in zip(rows, plan.clashes, strict=True):
        assert c.name in row.text_content()
        assert {a.get("href") for a in row.xpath(".//a")} >= {f"#poster={p}" for p in c.papers}


def test_changes_pins_and_moves_are_marked(plan: Plan) -> None:
    copy = plan.model_copy(deep=True)
    moved, added, pinned = (copy.placements[i] for i in (0, 1, 2))
    moved.status, moved.reason = "moved", "to remove a shared-author clash"
    added.status = "new"
    pinned.status, pinned.reason = "pinned", "the keynote speaker's poster"
    title = {p.id: p.title for p in copy.papers}[moved.paper]
    copy.changes = Changes(
        previous_revision=1,
        moved=[
            Move(
                paper=moved.paper,
                title=title,
                before="Poster Session 9 / Hall / A1",
                after="somewhere",
                kind="session",
                why="to remove a shared-author clash",
            )
        ],
        added=[added.paper],
        removed=["gone-1"],
    )
    page = report.render(copy)
    doc = lxml_html.fromstring(page)
    by_id = {el.get("data-p"): el for el in boards_of(doc)}
    assert "m" in classes(by_id[moved.paper])
    assert "n" in classes(by_id[added.paper])
    assert "p" in classes(by_id[pinned.paper])
    assert "pinned" in by_id[pinned.paper].get("aria-label")
    changes = doc.get_element_by_id("changes").text_content()
    assert "Poster Session 9 / Hall / A1" in changes and "gone-1" in changes
    data = data_of(doc)
    posters = {p["id"]: (i, p) for i, p in enumerate(posters_of(doc))}
    assert posters[pinned.paper][1]["reason"] == "the keynote speaker's poster"
    assert posters[pinned.paper][1]["pinned"] == "venue"
    assert posters[moved.paper][1]["change"] == "moved"
    assert posters[added.paper][1]["change"] == "new"
    move = dict(
        zip(data["fields"]["move"], data["moves"][str(posters[moved.paper][0])], strict=True)
    )
    assert move == {
        "kind": "session",
        "before": "Poster Session 9 / Hall / A1",
        "after": "somewhere",
        "why": "to remove a shared-author clash",
    }
    cards = {
        dt.text_content(): dt.getnext().text_content() for dt in doc.xpath('//*[@id="figures"]//dt')
    }
    assert cards["Changes"].startswith("1 moved") and "1 added, 1 removed" in cards["Changes"]


def test_many_topics_keep_numbers_and_patterns(plan: Plan) -> None:
    copy = plan.model_copy(deep=True)
    copy.topics = [TopicRecord(id=i, label=f"topic {i}", size=0) for i in range(63)]
    for n, pl in enumerate(copy.placements):
        pl.topic = n % 63
    page = report.render(copy)
    doc = lxml_html.fromstring(page)
    assert {el.text for el in boards_of(doc)} == {str(t + 1) for t in range(63)}
    rules = re.findall(r"\.t(\d+)\{([^}]*)\}", page)
    assert [int(t) for t, _ in rules] == list(range(63))
    # The first nine are plain colours; later ones repeat them with a pattern, and
    # 63 topics (ICML 2024 has 60) still look different from each other.
    assert len({r for _, r in rules}) == 63
    assert "background-image" not in dict(rules)["3"]
    assert "background-image" in dict(rules)["12"]


def test_hostile_text_is_escaped(hostile: Plan) -> None:
    page = report.render(hostile)
    assert "<script>alert" not in page and "<img" not in page and "<b>Bold" not in page
    assert "<i>topic" not in page and "<script>x" not in page
    doc = lxml_html.fromstring(page)
    assert len(doc.xpath("//script")) == 2
    assert doc.findtext(".//title").startswith("Conf <script>x</script> 2026")
    assert doc.findtext(".//h1").startswith("Conf <script>x</script> 2026")
    # The title comes back whole from the clash list and from the embedded data.
    assert HOSTILE in doc.get_element_by_id("clashes").text_content()
    data = data_of(doc)
    victim = hostile.clashes[0].papers[0]
    poster = next(p for p in records(data, "poster", data["posters"]) if p["id"] == victim)
    assert poster["title"] == HOSTILE
    assert poster["url"] == ""  # a javascript: address is never made a link
    people = records(data, "person", data["people"])
    assert "Zoë <b>Bold</b> & Ŝtoica-Ñame" in [p["name"] for p in people]
    assert data["topics"]["0"] == '<i>topic</i> & "zero"'
    legend = doc.get_element_by_id("legend").text_content()
    assert '<i>topic</i> & "zero"' in legend


def test_same_plan_same_bytes(plan: Plan, page: str) -> None:
    again = Plan.model_validate(json.loads(plan.to_json()))
    assert report.render(again) == page
    assert report.render(plan) == page


# --- in a browser ----------------------------------------------------------------------


def chromium(url: str, *args: str) -> str:
    with tempfile.TemporaryDirectory(prefix="report-chromium-") as profile:
        result = subprocess.run(
            [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu",
             "--disable-background-networking", "--disable-component-update", "--disable-sync",
             "--no-first-run", "--no-default-browser-check", "--disable-extensions",
             "--host-resolver-rules=MAP * ~NOTFOUND", f"--user-data-dir={profile}", *args, url],
            capture_output=True, text=True, timeout=120, check=False,
        )  # fmt: skip
    assert result.returncode == 0, result.stderr[-2000:]
    return result.stdout


def rendered(path: Path, fragment: str) -> lxml_html.HtmlElement:
    dom = chromium(f"{path.as_uri()}#{fragment}", "--dump-dom")
    doc = lxml_html.fromstring(dom)
    assert doc.get("data-ready") == "1", "the report's script did not finish"
    return doc


@pytest.fixture(scope="module")
def report_file(plan: Plan, tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("report")
    report.write(plan, folder)
    return folder / "report.html"


@needs_chromium
def test_browser_search_highlights_an_authors_boards(plan: Plan, report_file: Path) -> None:
    doc = rendered(report_file, "search=Stoica")
    counts = Counter(el.get("data-p") for el in boards_of(doc))
    assert set(counts) == {pl.paper for pl in plan.placements}
    assert set(counts.values()) == {1}

    stoica = next(p for p in plan.people if p.name == "Ion Stoica")
    his = {p.id for p in plan.papers if stoica.key in p.authors}
    expected = author_posters(plan, "Stoica")
    assert his and his <= expected
    hits = {el.get("data-p") for el in boards_of(doc) if "hit" in classes(el)}
    assert hits == expected
    assert doc.get_element_by_id("q-count").text_content() == f"{len(expected)} posters match"
    assert len(doc.xpath('//*[@id="q-list"]/li')) == len(expected)
    assert "searching" in classes(doc.get_element_by_id("overview"))


@needs_chromium
def test_browser_author_view_and_details(plan: Plan, report_file: Path) -> None:
    stoica = next(p for p in plan.people if p.name == "Ion Stoica")
    his = [pl for pl in plan.placements if stoica.key in plan.paper_by_id[pl.paper].authors]
    clash = plan.clashes[0]
    doc = rendered(report_file, f"author={stoica.key}&poster={clash.papers[0]}")
    assert doc.get("data-author") == stoica.key
    view = doc.get_element_by_id("a-view")
    rows = view.xpath(".//ol/li")
    assert len(rows) == len(his)
    sessions = {s.id: s for s in plan.venue.sessions}
    text = view.text_content()
    for pl in his:
        assert pl.label in text and report.session_time(sessions[pl.session]) in text
    assert "clash" in text
    marked = {el.get("data-p") for el in boards_of(doc) if "au" in classes(el)}
    assert marked == {pl.paper for pl in his}
    # The poster's details: title, authors, topic, board and the clash.
    details = doc.get_element_by_id("details").text_content()
    paper = plan.paper_by_id[clash.papers[0]]
    assert paper.title in details and "Ion Stoica" in details
    assert plan.placement_of[paper.id].label in details and "Clashes" in details
    selected = [el for el in boards_of(doc) if "sel" in classes(el)]
    assert [el.get("data-p") for el in selected] == [paper.id]


# Run after the report's own script: hover, keyboard and typing, results into the DOM.
INTERACT = """<script>
(() => {
  const r = document.documentElement.dataset;
  const boards = document.querySelectorAll("#overview .b[data-p]");
  boards[0].dispatchEvent(new MouseEvent("mouseover", {bubbles: true}));
  const tip = document.getElementById("tip");
  r.tipShown = String(!tip.hidden);
  r.tipText = tip.textContent;
  r.tabStops = String(document.querySelectorAll('#overview .b[tabindex="0"]').length);
  boards[0].focus();
  r.focus0 = document.activeElement.dataset.p;
  document.activeElement.dispatchEvent(
    new KeyboardEvent("keydown", {key: "ArrowRight", bubbles: true}));
  r.focus1 = document.activeElement.dataset.p;
  r.details = document.querySelector("#details h3").textContent;
  const q = document.getElementById("q");
  q.value = "STOICA";
  q.dispatchEvent(new Event("input", {bubbles: true}));
  setTimeout(() => {
    r.typedHits = String(document.querySelectorAll("#overview .b.hit").length);
    r.typedCount = document.getElementById("q-count").textContent;
    r.hash = location.hash;
    r.done = "1";
  }, 500);
})();
</script>"""


@needs_chromium
def test_browser_hover_keyboard_and_typing(plan: Plan, page: str, tmp_path: Path) -> None:
    path = tmp_path / "interact.html"
    path.write_text(page.replace("</body>", INTERACT + "</body>"), "utf-8")
    dom = chromium(path.as_uri(), "--dump-dom", "--virtual-time-budget=5000")
    doc = lxml_html.fromstring(dom)
    assert doc.get("data-done") == "1"
    order = [el.get("data-p") for el in boards_of(doc)]
    first = plan.paper_by_id[order[0]]
    # Hover: the board's label, topic, title and authors; nothing left out shows as "null".
    assert doc.get("data-tip-shown") == "true"
    tip = doc.get("data-tip-text")
    assert plan.placement_of[first.id].label in tip and first.title in tip
    assert "null" not in tip and "undefined" not in tip
    # One tab stop per room; the arrow keys move along the room's boards, and the
    # details follow the focus.
    assert int(doc.get("data-tab-stops")) == len(doc.xpath('//*[@id="overview"]//*[@role="group"]'))
    assert doc.get("data-focus0") == order[0]
    assert doc.get("data-focus1") == order[1]
    assert doc.get("data-details") == plan.paper_by_id[order[1]].title
    # Typing in the search box (any case) highlights and counts, and the address keeps it.
    expected = author_posters(plan, "stoica")
    assert doc.get("data-typed-hits") == str(len(expected))
    assert doc.get("data-typed-count") == f"{len(expected)} posters match"
    assert doc.get("data-hash") == "#search=STOICA"


@needs_chromium
def test_browser_hostile_text_stays_text(hostile: Plan, tmp_path: Path) -> None:
    report.write(hostile, tmp_path)
    victim = hostile.clashes[0].papers[0]
    doc = rendered(tmp_path / "report.html", f"poster={victim}&search=%C5%9Btoica")
    assert doc.get("data-pwned") is None
    assert doc.xpath('//*[@id="details"]//h3')[0].text_content() == HOSTILE
    assert not doc.xpath('//*[@id="details"]//img | //*[@id="details"]//b')
    # "ŝtoica" finds the renamed author (accents folded) as well as Ion Stoica.
    hits = {el.get("data-p") for el in boards_of(doc) if "hit" in classes(el)}
    assert victim in hits


@needs_chromium
def test_browser_screenshot(report_file: Path) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    shot = ARTIFACTS / "report.png"
    shot.unlink(missing_ok=True)
    chromium(
        f"{report_file.as_uri()}#search=Stoica&author=Ion%20Stoica",
        f"--screenshot={shot}",
        "--window-size=1400,1000",
        "--hide-scrollbars",
    )
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert shot.stat().st_size > 20_000


# --- ICML 2024 size --------------------------------------------------------------------


@pytest.fixture(scope="module")
def icml_plan(plan: Plan) -> Plan:
    """A plan the size of ICML 2024 without solving it: its 2,634 posters, people and
    venue, placed in input order over the sessions and rooms, 60 topics."""
    from planner.plan.records import PaperRecord, PersonRecord
    from planner.read.board_labels import board_label

    inputs = load(ICML)
    venue, index = inputs.venue, inputs.index
    spots = [
        (s.id, r, n)
        for s in venue.sessions
        for r in venue.rooms_in(s.id)
        for n in range(1, venue.usable_boards(s.id, r) + 1)
    ]
    assert len(spots) >= len(inputs.accepted) == 2634
    placements = [
        Placement(
            paper=p.id,
            session=s,
            room=r.id,
            board=n,
            label=board_label(r.board_prefix, n, venue.rules.board_label),
            topic=(i // 7) % 60,
        )
        for i, (p, (s, r, n)) in enumerate(zip(inputs.accepted, spots, strict=False))
    ]
    keys = sorted({k for p in inputs.accepted for k in index.paper_people[p.id]})
    papers = [
        PaperRecord(
            id=p.id,
            title=p.clean_title,
            title_raw=p.title,
            authors=index.paper_people[p.id],
            author_names=[a.display_name for a in p.authors],
            presenter=index.presenter.get(p.id),
            url=p.url,
        )
        for p in inputs.accepted
    ]
    session_of = {pl.paper: pl.session for pl in placements}
    clashes = []
    for p in papers[:400]:
        for q in papers[:400]:
            shared = set(p.authors) & set(q.authors)
            if p.id < q.id and shared and session_of[p.id] == session_of[q.id]:
                who = sorted(shared)[0]
                clashes.append(
                    ClashRecord(
                        person=who,
                        name=index.people[who].label,
                        papers=(p.id, q.id),
                        sessions=(session_of[p.id], session_of[q.id]),
                    )
                )
    figures = plan.figures.model_copy(
        update={"posters": 2634, "placed": 2634, "clashes": len(clashes)}
    )
    return plan.model_copy(
        update={
            "venue": venue,
            "papers": papers,
            "placements": placements,
            "clashes": clashes,
            "people": [
                PersonRecord(
                    key=k, name=index.people[k].name, institutions=index.people[k].institutions
                )
                for k in keys
            ],
            "topics": [
                TopicRecord(id=i, label=f"topic label {i} / words", size=0) for i in range(60)
            ],
            "records": {},
            "figures": figures,
            "changes": None,
            "revision_time": datetime(2024, 7, 1),
        }
    )


def test_icml_size_report_is_small(icml_plan: Plan, tmp_path: Path) -> None:
    report.write(icml_plan, tmp_path)
    path = tmp_path / "report.html"
    assert path.stat().st_size < 10_000_000
    doc = lxml_html.parse(str(path)).getroot()
    boards = boards_of(doc)
    assert len(boards) == len({el.get("data-p") for el in boards}) == 2634
    # One small element per board: the page is mostly the embedded data, not markup.
    assert len(doc.xpath('//*[@id="overview"]//*')) < 4 * 2634 + 200


@needs_chromium
def test_icml_size_report_searches_quickly(icml_plan: Plan, tmp_path: Path) -> None:
    report.write(icml_plan, tmp_path)
    needle = "learning"
    doc = rendered(tmp_path / "report.html", f"search={needle}")
    expected = author_posters(icml_plan, needle)
    hits = {el.get("data-p") for el in boards_of(doc) if "hit" in classes(el)}
    assert len(expected) > 200 and hits == expected
    assert len(boards_of(doc)) == 2634
    # Generous bounds (a shared CI machine): a search and the page's script, in ms.
    assert float(doc.get("data-search-ms")) < 500
    assert float(doc.get("data-init-ms")) < 3000
