"""``report.html``: the plan as program chairs look at it, in one self-contained file.

One HTML file with its CSS, JavaScript and data inline: it opens from disk
with no server and no network.  At the top the plan's figures (posters placed,
clashes against the lower bound, topic grouping, solver status and gap, the
changes since the previous run); then every session drawn room by room as
its boards in order, each board coloured by topic and labelled with the
topic's number (colour is never the only cue), empty and spare boards
included, and a plan's talk sessions among them as room timelines
(:mod:`planner.outputs.report.talks`); then the topic legend, the clash list and the change list.

Each placed poster is one element (``.b[data-p]``) and nothing more; titles,
authors and reasons live in one embedded JSON document and the script renders
them on demand (hover, click, keyboard focus), so a 2,634-poster plan stays a
few megabytes and quick to search.  The script honours ``#search=...``,
``#author=...`` and ``#poster=...`` in the address, so a view can be linked
(and tested) without typing.

The page is laid out by Jinja2 templates (``planner/outputs/report/templates/report*.html.j2``,
autoescaped); this module renders them with what the modules beside it make.  The
output is deterministic: the same plan gives the same bytes.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup

from planner.outputs.folder import write_text
from planner.outputs.report.data import page_data
from planner.outputs.report.fields import FIELDS
from planner.outputs.report.figures import figure_cards, load_rows, rule_rows
from planner.outputs.report.inline import inline, json_for_script, script
from planner.outputs.report.layout import Layout, session_time
from planner.outputs.report.legend import legend, topic_css
from planner.outputs.report.lists import change_groups, clash_rows, unplaced
from planner.outputs.report.overview import Overview
from planner.outputs.report.talks import TalkTimelines, programme, talk_cards
from planner.plan.records import Plan

# The tests read the data's field names and a session's time through this module.
__all__ = ["FIELDS", "FILE", "render", "session_time", "write"]

FILE = "report.html"

# The HTML comes from Jinja2 templates (planner/outputs/report/templates/report*.html.j2) with
# autoescaping on: every value is escaped unless it is Markup, and the only Markup is the
# page's own stylesheet and script (planner.outputs.report.inline), the topic colours
# (planner.outputs.report.legend) and the JSON data (escaped for a script element by
# json_for_script).  What the templates show is made by the modules beside this one, as
# plain records; they only lay it out.


@cache
def _environment() -> Environment:
    return Environment(
        loader=PackageLoader("planner.outputs.report", "templates"),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        auto_reload=False,
    )


def render(plan: Plan) -> str:
    layout = Layout(plan)
    venue = plan.venue
    page = _environment().get_template("report.html.j2")
    talks = bool(plan.talks)  # without talks, the page is what it was before talks existed
    css = inline("report.css")
    if talks:
        css += Markup("\n") + inline("report_talks.css")
    timelines = TalkTimelines(plan, layout).sessions() if talks else []
    return page.render(
        title=f"{venue.name}: poster plan, revision {plan.revision}",
        conference=venue.name,
        revision=plan.revision,
        stamp=plan.revision_time.strftime("%Y-%m-%d %H:%M UTC"),
        version=plan.planner_version,
        placed=f"{len(plan.placements):,}",
        talk_count=f"{len(plan.talks):,}" if talks else "",
        session_count=len(layout.sessions),
        room_count=len(layout.rooms),
        css=css,
        topic_css=Markup(topic_css(plan)),
        cards=figure_cards(plan, layout) + talk_cards(plan),
        room_names=[r.name for r in layout.rooms],
        load_rows=load_rows(layout),
        rule_loads=rule_rows(plan),
        topics=legend(plan),
        programme=programme(Overview(plan, layout).sessions(), layout, timelines, plan),
        clashes=clash_rows(plan),
        changes=plan.changes,
        change_groups=change_groups(plan),
        unplaced=unplaced(plan),
        data=Markup(json_for_script(page_data(plan, layout))),
        script=script(talks=talks),
    )


def write(plan: Plan, folder: Path) -> None:
    write_text(folder / FILE, render(plan))
