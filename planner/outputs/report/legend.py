"""The topics' colours in ``report.html`` and the legend that names them.

Each topic gets a colour and, past the palette's nine, a pattern on top: the
stylesheet rules ``.t<topic>`` the boards use.  The legend lists every topic with
its number, label and count of posters.
"""

from __future__ import annotations

from collections import defaultdict
from typing import NamedTuple

from planner.outputs.report.layout import topic_number
from planner.plan.records import Plan

# Paul Tol's "muted" scheme: nine colours that stay distinct for the common
# kinds of colour blindness.  Past nine topics the colours repeat with a
# pattern on top (stripes, dots, bars, hatching: 63 distinct looks), and every
# board carries its topic's number, so neither colour nor pattern is ever the
# only cue.
PALETTE: list[tuple[str, str]] = [  # (background, text)
    ("#332288", "#fff"),
    ("#88ccee", "#000"),
    ("#44aa99", "#000"),
    ("#117733", "#fff"),
    ("#999933", "#000"),
    ("#ddcc77", "#000"),
    ("#cc6677", "#000"),
    ("#882255", "#fff"),
    ("#aa4499", "#fff"),
]
PATTERNS: list[tuple[str, str]] = [  # (background-image, background-size)
    ("", ""),
    ("repeating-linear-gradient(45deg,{c} 0 2px,transparent 2px 6px)", ""),
    ("radial-gradient({c} 1.5px,transparent 1.7px)", "5px 5px"),
    ("repeating-linear-gradient(0deg,{c} 0 2px,transparent 2px 6px)", ""),
    ("repeating-linear-gradient(-45deg,{c} 0 2px,transparent 2px 6px)", ""),
    ("repeating-linear-gradient(90deg,{c} 0 2px,transparent 2px 6px)", ""),
    (
        "repeating-linear-gradient(45deg,{c} 0 1px,transparent 1px 5px),"
        "repeating-linear-gradient(-45deg,{c} 0 1px,transparent 1px 5px)",
        "",
    ),
]


def topic_css(plan: Plan) -> str:
    ids = sorted({t.id for t in plan.topics} | {pl.topic for pl in plan.placements})
    out = []
    for t in ids:
        background, text = PALETTE[t % len(PALETTE)]
        image, size = PATTERNS[(t // len(PALETTE)) % len(PATTERNS)]
        rule = f"background-color:{background};color:{text}"
        if image:
            overlay = "rgba(255,255,255,.4)" if text == "#fff" else "rgba(0,0,0,.22)"
            rule += f";background-image:{image.format(c=overlay)}"
            if size:
                rule += f";background-size:{size}"
        out.append(f".t{t}{{{rule}}}")
    return "\n".join(out)


class _TopicItem(NamedTuple):
    id: int
    number: int
    label: str
    posters: int


def legend(plan: Plan) -> list[_TopicItem]:
    count: dict[int, int] = defaultdict(int)
    for pl in plan.placements:
        count[pl.topic] += 1
    labels = {t.id: t.label for t in plan.topics}
    return [
        _TopicItem(t, topic_number(t), labels.get(t, f"topic {topic_number(t)}"), count[t])
        for t in sorted(set(labels) | set(count))
    ]
