"""The plan's figures in words, worded once for every place that shows them.

The run's closing summary (:func:`planner.console.print_plan_summary`), the
figures at the top of ``report.html`` and the Figures rows of ``plan.xlsx``'s
Overview all take their wording from here, so the three never disagree: a
chair who reads "not reproducible (wall-clock limit hit)" in the terminal reads
the same in the report and the workbook.

Each function words one figure and returns plain text: the caller escapes it
for its medium (Rich markup, HTML, a workbook cell) and lays it out (a summary
line, a card, a row).  Ratios are written ``1.55x random``, with a plain ``x``,
the same in a terminal, a page and a sheet.
"""

from __future__ import annotations

from planner.plan.metrics import TOGETHER_BOARDS
from planner.plan.records import Changes, Figures

FIRST_PLAN = "first plan"
NO_PREVIOUS_RUN = "no previous run to compare with"


def number(value: float | None) -> str:
    """A solver value: ``1,470``, ``1,470.50``, or ``n/a`` when the solver has none."""
    if value is None:
        return "n/a"
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.2f}"


def ratio(value: float) -> str:
    """A similarity against random: ``1.55x``."""
    return f"{value:.2f}x"


def lower_bound(f: Figures) -> str:
    return f"lower bound {f.clash_lower_bound}"


def shared_author_clashes(f: Figures) -> str:
    """``3 (lower bound 2)``."""
    return f"{f.clashes} ({lower_bound(f)})"


def clashes(f: Figures) -> str:
    """Both kinds of clash in one phrase: ``0 presenter, 3 shared-author (lower bound 2)``."""
    return f"{f.presenter_clashes} presenter, {f.clashes} shared-author ({lower_bound(f)})"


def against_bound(f: Figures) -> str:
    """How the shared-author clashes stand against the lower bound."""
    above = f.clashes - f.clash_lower_bound
    if above <= 0:
        return "at the lower bound: no plan can have fewer"
    return f"{above} above the lower bound"


def grouping(f: Figures) -> str:
    """Topic grouping by session and by room: ``1.24x random by session, 1.60x by room``.

    A plan written before the session-level figure existed has only the room's.
    """
    if f.session_grouping is None:
        return f"{ratio(f.grouping)} random by room"
    return f"{ratio(f.session_grouping)} random by session, {ratio(f.grouping)} by room"


def by_organizer_topics(f: Figures) -> str:
    """The grouping by the organizer's topics beside that by text: ``94% of posters in the
    room holding most of their topic; by text 1.18x random by room``."""
    share = f"{100 * (f.with_topic or 0.0):.0f}%"
    return (
        f"{share} of posters in the room holding most of their organizer topic; "
        f"by text {ratio(f.grouping)} random by room"
    )


def neighbours(f: Figures) -> str:
    """Similarity of posters on adjacent boards: ``1.64x random``."""
    return f"{ratio(f.neighbours)} random"


def gap(f: Figures) -> str:
    return "n/a" if f.gap is None else f"{100 * f.gap:.1f}%"


def objective_and_bound(f: Figures) -> str:
    """``objective 1,470, bound 1,470``."""
    return f"objective {number(f.objective)}, bound {number(f.bound)}"


def solver(f: Figures) -> str:
    """``OPTIMAL, objective 1,470, bound 1,470, gap 0.0%``."""
    return f"{f.status}, {objective_and_bound(f)}, gap {gap(f)}"


def reproducibility(f: Figures) -> str:
    """Whether the same inputs and seed give the same plan again.

    The deterministic budget (the time limit) never makes a run irreproducible;
    only the wall-clock safety limit, when it cuts a solve short, does.
    """
    return "reproducible" if f.reproducible else "not reproducible (wall-clock limit hit)"


def moved(ch: Changes) -> str:
    return f"{len(ch.moved)} moved"


def other_changes(ch: Changes) -> str:
    """Everything but the moves: ``2 added, 1 removed, 0 edited; 9 authors to notify``."""
    return (
        f"{len(ch.added)} added, {len(ch.removed)} removed, {len(ch.edited)} edited; "
        f"{len(ch.authors_affected)} authors to notify"
    )


def changes(ch: Changes) -> str:
    """Changes since the previous revision: ``3 moved, 2 added, ...; 9 authors to notify``,
    and with talk changes ``; talks: 1 moved, 3 at another time, 1 added, 1 removed``."""
    text = f"{moved(ch)}, {other_changes(ch)}"
    if ch.talks_moved or ch.talks_retimed or ch.talks_added or ch.talks_removed:
        text += (
            f"; talks: {len(ch.talks_moved)} moved, {len(ch.talks_retimed)} at another time, "
            f"{len(ch.talks_added)} added, {len(ch.talks_removed)} removed"
        )
    return text


def since(ch: Changes) -> str:
    """``since revision 4``."""
    return f"since revision {ch.previous_revision}"


def unchanged(revision: int) -> str:
    return f"none: the inputs give the same plan as revision {revision}"


def talks(f: Figures, sessions: int, rooms: int) -> str:
    """``12 talks in 6 sessions, 2 rooms; 0 shared-author overlaps (lower bound 0); themes
    2.10x concurrent rooms`` (the discrimination ratio)."""
    themes = f"; themes {ratio(f.discrimination)} concurrent rooms" if f.discrimination else ""
    before = (
        f"; {f.posters_before_talk} poster(s) before their talk "
        f"(at least {f.posters_before_talk_bound} forced by the boards after the talks)"
        if f.posters_before_talk
        else ""
    )
    across = (
        f"; {f.talk_poster_clashes} author(s) at a talk while another poster of theirs is up"
        if f.talk_poster_clashes
        else ""
    )
    return (
        f"{f.talks} talks in {sessions} sessions, {rooms} rooms; {f.talk_clashes} "
        f"shared-author overlaps (lower bound {f.talk_clash_bound}){themes}{before}{across}"
    )


def together(f: Figures) -> str:
    """Posters sharing an author in one session and how close they stand (constraints.together):
    ``posters sharing an author in one session: 196 pairs, 190 within 2 boards``."""
    text = (
        f"posters sharing an author in one session: {f.together_pairs:,} pair"
        f"{'' if f.together_pairs == 1 else 's'}, {f.together_within:,} within "
        f"{TOGETHER_BOARDS} boards"
    )
    if f.together_apart:
        text += f", {f.together_apart:,} in different rooms"
    return text
