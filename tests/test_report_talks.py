"""The talk programme in report.html: room timelines, talk details, clashes, talk figures.

The bundled programme example (talks and posters) is planned once; its page is read
with lxml: each talk session is drawn among the poster sessions in time order as one
lane per room, its talks in running order with their times, titles and speakers;
each talk is in the embedded data; a talk whose author is due at a poster or another
talk at the same time is marked.  A poster-only plan's page carries none of it (its
script, stylesheet and data are what they were before talks).  In headless Chromium
(tests/cdp.py), clicking a talk shows its details, and the search finds it.
"""

from __future__ import annotations

import json
import re
from datetime import timedelta
from pathlib import Path

import pytest
from cdp import Browser, find_chromium
from conftest import EXAMPLE, ROOT
from lxml import html as lxml_html

from planner.engine import Options, make_plan
from planner.outputs.report import inline
from planner.outputs.report import page as report
from planner.people.inputs import load
from planner.plan.records import Plan

PROGRAMME = ROOT / "examples" / "programme"
CHROMIUM = find_chromium()


@pytest.fixture(scope="module")
def plan() -> Plan:
    return make_plan(load(PROGRAMME), Options(time_limit=5))


@pytest.fixture(scope="module")
def doc(plan: Plan) -> lxml_html.HtmlElement:
    return lxml_html.fromstring(report.render(plan))


def data_of(doc: lxml_html.HtmlElement) -> dict:
    return json.loads(doc.get_element_by_id("plan-data").text)


def talk_records(data: dict) -> list[dict]:
    fields = data["fields"]["talk"]
    return [dict(zip(fields, row, strict=True)) for row in data["talks"]["talks"]]


def test_each_talk_session_is_room_lanes_with_its_talks_in_running_order(
    plan: Plan, doc: lxml_html.HtmlElement
) -> None:
    assert plan.talks
    venue = plan.venue
    papers = plan.paper_by_id
    for s in venue.talk_sessions:
        section = doc.get_element_by_id(f"ts-{s.id}")
        for lane in section.xpath('.//*[@class="lane"]'):
            name = lane.xpath("./h4/text()")[0].strip()
            room = next(r for r in venue.talk_rooms if r.name == name)
            want = sorted(
                (t for t in plan.talks if t.session == s.id and t.room == room.id),
                key=lambda t: t.position,
            )
            blocks = lane.xpath('.//button[contains(@class, "tk")]')
            assert [b.get("data-t") for b in blocks] == [t.paper for t in want]
            for b, t in zip(blocks, want, strict=True):
                assert b.xpath('./span[@class="tk-time"]/text()') == [f"{t.start:%H:%M}"]
                assert b.xpath('./span[@class="tk-title"]/text()') == [papers[t.paper].title]
                assert f"t{t.topic}" in b.get("class").split()
                minutes = int((t.end - t.start).total_seconds() // 60)
                assert f"flex-grow:{minutes}" in b.get("style")
    # Among the poster sessions in time order; the poster sessions keep their order.
    ids = [el.get("id") for el in doc.xpath('//*[@id="overview"]/section')]
    starts = {f"ts-{s.id}": s.start for s in venue.talk_sessions}
    starts |= {f"s-{s.id}": s.start for s in venue.sessions}
    assert ids == sorted(ids, key=lambda i: starts[i])
    assert [i for i in ids if i.startswith("s-")] == [f"s-{s.id}" for s in venue.sessions]


def test_a_talks_data_is_embedded_and_the_talk_figures_shown(
    plan: Plan, doc: lxml_html.HtmlElement
) -> None:
    data = data_of(doc)
    talks = talk_records(data)
    blocks = doc.xpath('//*[@id="overview"]//*[@data-t]')
    assert [t["id"] for t in talks] == [b.get("data-t") for b in blocks]
    first = plan.talks[0]
    record = next(t for t in talks if t["id"] == first.paper)
    paper = plan.paper_by_id[first.paper]
    assert record["title"] == paper.title
    assert [data["people"][k][0] for k in record["authors"]] == [
        plan._people[k].name for k in paper.authors
    ]
    assert data["talks"]["rooms"][record["room"]] == plan.venue.talk_room_by_id[first.room].name
    assert record["position"] == first.position and record["start"] == f"{first.start:%H:%M}"
    poster = plan.placement_of.get(first.paper)
    if poster is not None:
        assert data["posters"][record["poster"]][0] == first.paper
    names = doc.xpath('//*[@id="figures"]//dt/text()')
    assert {"Talks", "Shared-author talk overlaps", "Posters before their talk"} <= set(names)
    talk_card = doc.xpath('//*[@id="figures"]//div[dt="Talks"]//span/text()')[0]
    assert talk_card.startswith(f"{len(plan.talks)} talks in ")


def test_a_talk_at_the_time_of_its_authors_poster_is_marked(plan: Plan) -> None:
    copy = plan.model_copy(deep=True)
    talk = next(t for t in copy.talks if t.paper in copy.placement_of)
    session = copy.venue.session_by_id[copy.placement_of[talk.paper].session]
    length = talk.end - talk.start
    talk.start = session.start + timedelta(minutes=5)
    talk.end = talk.start + length
    doc = lxml_html.fromstring(report.render(copy))
    block = doc.xpath(f'//*[@data-t="{talk.paper}"]')[0]
    assert "x" in block.get("class").split() and "clash" in block.get("aria-label")
    record = next(t for t in talk_records(data_of(doc)) if t["id"] == talk.paper)
    assert record["clashes"] and all(c[1] >= 0 for c in record["clashes"])
    # An untouched plan marks only the talks it says clash.
    before = lxml_html.fromstring(report.render(plan))
    unmarked = before.xpath(f'//*[@data-t="{talk.paper}"]')[0]
    assert ("x" in unmarked.get("class").split()) == bool(
        next(t for t in talk_records(data_of(before)) if t["id"] == talk.paper)["clashes"]
    )


def test_a_poster_only_page_has_nothing_of_talks() -> None:
    poster_plan = make_plan(load(EXAMPLE), Options(time_limit=5))
    assert not poster_plan.talks
    text = report.render(poster_plan)
    doc = lxml_html.fromstring(text)
    data = data_of(doc)
    assert "talks" not in data and set(data["fields"]) == set(report.FIELDS)
    assert not doc.xpath('//*[@data-t] | //*[contains(@class, "talks")]')
    script = doc.xpath("//script[not(@type)]")[0].text
    assert script.strip() == inline.script_text().strip()
    assert "talks.js" not in script and "D.talks" not in script
    assert ".tk" not in doc.xpath("//style")[0].text
    assert not re.search(r"\d talks\b", text)


@pytest.mark.skipif(CHROMIUM is None, reason="Chromium is not installed")
def test_clicking_a_talk_shows_its_details_and_the_search_finds_it(
    plan: Plan, tmp_path: Path
) -> None:
    page = tmp_path / "report.html"
    page.write_text(report.render(plan), "utf-8")
    talk = plan.talks[0]
    paper = plan.paper_by_id[talk.paper]
    assert CHROMIUM is not None
    with Browser(CHROMIUM, 1400, 1000) as b:
        b.open(page)
        x, y = b.center(f'.tk[data-t="{talk.paper}"]')
        b.mouse("mouseMoved", x, y)
        b.mouse("mousePressed", x, y, 1)
        b.mouse("mouseReleased", x, y)
        assert b.js("document.documentElement.dataset.talk") == talk.paper
        assert b.js("document.querySelector('#details h2').textContent") == "Talk"
        assert b.js("document.querySelector('#details h3').textContent") == paper.title
        shown = b.js("document.getElementById('details').textContent")
        room = plan.venue.talk_room_by_id[talk.room].name
        assert room in shown and f"talk {talk.position} of" in shown
        assert f"{talk.start:%H:%M}–{talk.end:%H:%M}" in shown
        assert ("also a poster" in shown) == (talk.paper in plan.placement_of)
        # With editing off (as attendees see the page) a talk cannot be dragged anywhere;
        # moving talks is tests/test_report_talk_editing.py's.
        lanes = "Array.from(document.querySelectorAll('.tk'), (el) => el.dataset.t).join()"
        order = b.js(lanes)
        x, y = b.center(f'.tk[data-t="{talk.paper}"]')
        b.mouse("mousePressed", x, y, 1)
        for step in range(1, 6):
            b.mouse("mouseMoved", x + 60 * step, y + 20 * step, 1)
        b.mouse("mouseReleased", x + 300, y + 100)
        assert b.js(lanes) == order
        assert b.js("document.documentElement.dataset.editCount || '0'") == "0"
        # The search finds the talk by a title word.
        word = max(paper.title.split(), key=len)
        b.js(f"window.location.hash = 'search=' + encodeURIComponent({json.dumps(word)})")
        b.js("new Promise((done) => setTimeout(done, 50))")
        assert int(b.js("document.documentElement.dataset.talkHits")) >= 1
        assert b.js(
            f"document.querySelector('.tk[data-t=\"{talk.paper}\"]').classList.contains('hit')"
        )


def test_the_talk_script_reads_the_talk_fields_by_name() -> None:
    """talks.js asks for exactly the field names the data sends, and only the talk page has it."""
    from planner.outputs.report.fields import TALK_KINDS

    script = inline.script_text(talks=True)
    for const, kind in {"TALK": "talk", "TCLASH": "talkClash"}.items():
        declared = re.search(
            rf"const {const} = fieldIndex\(F\.{kind}, \[([^\]]*)\]\)", script, re.S
        )
        assert declared, const
        assert sorted(re.findall(r'"(\w+)"', declared.group(1))) == sorted(TALK_KINDS[kind])
        assert set(re.findall(rf"\b{const}\.(\w+)", script)) <= set(TALK_KINDS[kind])
    assert "const TALK" not in inline.script_text()
