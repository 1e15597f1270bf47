"""What the command line prints: summaries a chair can read at a glance."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager

from rich.console import Console
from rich.markup import escape
from rich.progress import TaskID
from rich.table import Table
from rich.text import Text

from planner.core.text import terminal_safe
from planner.people.away import TableMatches
from planner.people.inputs import Inputs
from planner.plan import figure_text
from planner.plan.loads import describe
from planner.plan.records import Changes, Plan
from planner.prechecks.summary import Summary, TalkSummary

# Progress and summaries go to stderr so stdout stays clean for scripts.
err = Console(
    stderr=True,
    highlight=False,
    soft_wrap=False,
    width=int(os.environ.get("COLUMNS", "0") or 0) or None,
)
out = Console(highlight=False)


def plain(value: object) -> str:
    """Text from the inputs inside a markup string: shown as text, never obeyed.

    Rich markup (``[/red]`` in a decision) is escaped and control characters
    (an ESC starting a terminal sequence) are shown as ``\\x1b``.
    """
    return escape(terminal_safe(str(value)))


def cell(value: object) -> Text:
    """A table cell from the inputs: a Text is never read as markup."""
    return Text(terminal_safe(str(value)))


MAX_SHOWN = 100  # problems printed; a list with thousands says how many more
MAX_MESSAGE = 20_000  # characters of one message: it may quote a long value from the input


def _print_place_rules(inputs: Inputs, c: Console) -> None:
    """Each [[place]] rule: the papers it matches and the boards it allows per session."""
    places = inputs.resolved_places()
    if not places.active:
        return
    venue = inputs.venue
    t = Table(title=escape("Placement rules ([[place]])"), title_justify="left", show_edge=False)
    for col in ("rule", "papers", "rooms", "sessions", "boards per session"):
        t.add_column(col, justify="right" if col == "papers" else "left")
    empty = []
    for i, rule in enumerate(places.rules):
        members = places.matched[i]
        rooms = rule.rooms or [r.id for r in venue.rooms]
        boards = []
        for s in venue.sessions:
            if rule.sessions is not None and s.id not in rule.sessions:
                continue
            n = sum(venue.usable_boards(s.id, venue.room_by_id[r]) for r in rooms)
            boards.append(f"{s.id} {n}")
        t.add_row(
            cell(rule.name + (" (exclusive)" if rule.exclusive else "")),
            str(len(members)),
            cell(", ".join(rule.rooms or ["any"])),
            cell(", ".join(rule.sessions or ["any"])),
            cell(", ".join(boards)),
        )
        if not members:
            empty.append(rule.name)
    c.print(t)
    for name in empty:
        c.print(
            f"[yellow]warning:[/] rule {plain(repr(name))} matches no paper (check the "
            "field values; a value may simply not occur yet)."
        )


def print_problems(messages: list[str], title: str = "error") -> None:
    for message in messages[:MAX_SHOWN]:
        if len(message) > MAX_MESSAGE:
            message = message[:MAX_MESSAGE] + " …"
        err.print(f"[bold red]{title}:[/] {plain(message)}", markup=True, soft_wrap=True)
    if len(messages) > MAX_SHOWN:
        err.print(
            f"[bold red]{title}:[/] … and {len(messages) - MAX_SHOWN:,} more problems "
            "of the same kinds; fix these first.",
            markup=True,
            soft_wrap=True,
        )


def print_check(inputs: Inputs, summary: Summary, console: Console | None = None) -> None:
    c = console or out
    venue, index = inputs.venue, inputs.index
    c.print(
        f"[bold]{plain(venue.name)}[/] — {plain(inputs.paper_list.source)} + {plain(venue.source)}"
    )
    _print_reader(inputs, c)
    _print_papers(summary, c)
    _print_authors(inputs, summary, c)
    if index.availability is not None:
        print_availability(index.availability, c)
    posters = bool(venue.sessions)  # a programme of talks only has no poster part
    if posters:
        _print_sessions(summary, c)
    if summary.talks is not None:
        _print_talks(summary.talks, c)
    _print_place_rules(inputs, c)
    if posters:
        c.print(
            f"Separate poster times: {len(summary.windows)} "
            f"({plain(', '.join(summary.windows))}); an author with more posters than that "
            "must clash."
        )
        _print_handovers(inputs, c)
        _print_clash_bound(inputs, summary, c)
    for note in inputs.notes:
        c.print(f"[yellow]note:[/] {plain(note)}")
    if summary.findings:
        c.print(f"\n[bold red]{len(summary.findings)} problem(s) no plan can get around:[/]")
        for f in summary.findings:
            c.print(f"[red]- ({plain(f.rule)})[/] {plain(f.message)}", soft_wrap=True)
    else:
        c.print("\n[green]No problems found.[/]")


def _print_reader(inputs: Inputs, c: Console) -> None:
    """Which reader read the list, and which source field filled each of the planner's."""
    papers = inputs.paper_list
    if not papers.reader:
        return
    c.print(f"Read as: {plain(papers.reader)}", soft_wrap=True)
    if papers.field_sources:
        pairs = "; ".join(f"{k} ← {v}" for k, v in papers.field_sources.items())
        c.print(f"  fields: {plain(pairs)}", soft_wrap=True)
    if papers.accept is not None and inputs.venue.rules.accept_decisions == papers.accept:
        c.print(
            f"  accepted (the reader's default; \\[rules] accept_decisions overrides): "
            f"{plain(', '.join(papers.accept))}",
            soft_wrap=True,
        )


def _print_papers(summary: Summary, c: Console) -> None:
    """Records by decision, and how many of them get a poster."""
    t = Table(title="Papers", title_justify="left", show_edge=False)
    t.add_column("decision")
    t.add_column("records", justify="right")
    t.add_column("poster?")
    for decision, count, poster in summary.by_decision:
        t.add_row(cell(decision), str(count), "yes" if poster else "no")
    c.print(t)
    c.print(f"{summary.posters} of {summary.records} records get a poster.")


def _print_authors(inputs: Inputs, summary: Summary, c: Console) -> None:
    """The people behind the author slots, and the entries merged into one person."""
    index = inputs.index
    c.print(
        f"\n[bold]Authors:[/] {summary.people} people in {summary.slots} author slots"
        f" ({summary.unnamed} slots without a name); {summary.multi} people have 2 or more "
        f"posters, the most is {summary.most}."
    )
    if index.merges:
        t = Table(
            title="Merged author entries (review these)", title_justify="left", show_edge=False
        )
        t.add_column("name")
        t.add_column("entries")
        t.add_column("why")
        t.add_column("affiliations")
        for m in index.merges:
            t.add_row(
                cell(m.name),
                cell(", ".join(m.keys)),
                cell(m.reason),
                cell("; ".join(m.institutions)),
            )
        c.print(t)


def _print_sessions(summary: Summary, c: Console) -> None:
    """The sessions with their rooms and boards, and the boards against the posters."""
    t = Table(title="Sessions", title_justify="left", show_edge=False)
    for col in ("session", "name", "time", "rooms", "boards"):
        t.add_column(col, justify="right" if col in ("rooms", "boards") else "left")
    for sid, name, when, rooms, boards in summary.sessions:
        t.add_row(cell(sid), cell(name), cell(when), str(rooms), str(boards))
    c.print(t)
    slack = summary.capacity - summary.posters
    c.print(
        f"Boards: {summary.capacity} usable for {summary.posters} posters "
        f"({'+' if slack >= 0 else ''}{slack})."
    )


def _print_talks(talks: TalkSummary, c: Console) -> None:
    """The talk sessions with their rooms, and the minutes the talks need against them."""
    t = Table(title="Talk sessions", title_justify="left", show_edge=False)
    for col in ("session", "name", "time", "rooms", "room-minutes"):
        t.add_column(col, justify="right" if col in ("rooms", "room-minutes") else "left")
    for sid, name, when, rooms, minutes in talks.sessions:
        t.add_row(cell(sid), cell(name), cell(when), str(rooms), f"{minutes:,}")
    c.print(t)
    given = ", ".join(f"{n} {plain(d)} of {m} min" for d, n, m in talks.by_decision) or "none"
    slack = talks.have - talks.need
    c.print(
        f"Talks: {given}; they need {talks.need:,} room-minutes of the {talks.have:,} "
        f"({'+' if slack >= 0 else ''}{slack:,}); "
        + ("talk papers have a poster too." if talks.poster_too else "a talk is all they get.")
    )
    c.print(
        f"Shared-author talk overlaps: lower bound {talks.clash_bound:,}"
        + (
            " (people with more talks than separate talk times)."
            if talks.clash_bound
            else " (every author's talks can run apart)."
        )
    )


def _print_handovers(inputs: Inputs, c: Console) -> None:
    """Posters whose chosen presenter has too many of them, and who presents instead."""
    index = inputs.index
    if index.handovers:
        t = Table(
            title=escape("Presenters handed over (confirm, or choose another in [presenters])"),
            title_justify="left",
            show_edge=False,
        )
        t.add_column("paper")
        t.add_column("chosen presenter")
        t.add_column("presents instead")
        t.add_column("why")
        for h in index.handovers:
            original = index.people[h.original]
            t.add_row(
                escape(h.paper),
                escape(original.label),
                escape(index.people[h.presenter].label),
                h.reason or f"{h.posters} posters, {h.windows} separate times",
            )
        c.print(t)


def _print_clash_bound(inputs: Inputs, summary: Summary, c: Console) -> None:
    """The clashes no plan can avoid, and the authors who must have them."""
    index = inputs.index
    c.print(
        f"\n[bold]Clash lower bound:[/] {summary.clash_bound} shared-author clash(es) "
        "no plan can avoid."
    )
    if inputs.venue.rules.halves:
        c.print(
            f"With presenting halves ({inputs.venue.rules.halves}): two posters sharing an "
            "author in one session clash only in the same half, so 'times' counts halves "
            "(two per separate time)."
        )
    if summary.bounds:
        t = Table(show_edge=False)
        t.add_column("author")
        t.add_column("posters", justify="right")
        t.add_column("times", justify="right")
        t.add_column("clashes ≥", justify="right")
        for b in summary.bounds:
            t.add_row(
                cell(index.people[b.person].label), str(b.papers), str(b.windows), str(b.clashes)
            )
        c.print(t)


SHOWN_ROWS = 10  # rows of the availability table listed per warning; a form has hundreds


def print_availability(table: TableMatches, console: Console | None = None) -> None:
    """The availability table in a few lines: rows read, authors matched, what was left out."""
    c = console or out
    c.print(
        f"\n[bold]Availability:[/] {table.rows} row(s) read from {plain(table.table)}, "
        f"{table.entries} naming sessions to avoid; {table.people} author(s) matched."
    )
    for rows, what in (
        (
            table.unknown,
            "name nobody on an accepted paper and are ignored (a form also "
            "collects answers from authors of withdrawn papers)",
        ),
        (
            table.ambiguous,
            "give a name several people share and are ignored: add the "
            "author's id or e-mail to the row",
        ),
    ):
        if not rows:
            continue
        c.print(f"[yellow]warning:[/] {len(rows)} row(s) {what}:", soft_wrap=True)
        for row in rows[:SHOWN_ROWS]:
            c.print(f"  {plain(row)}", soft_wrap=True)
        if len(rows) > SHOWN_ROWS:
            c.print(f"  … and {len(rows) - SHOWN_ROWS} more")


class RichReporter:
    """Shows each stage and the solver's progress while a plan is made."""

    def __init__(self, console: Console | None = None) -> None:
        from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

        self.console = console or err
        self.progress = Progress(
            SpinnerColumn(),
            TextColumn("{task.description}"),
            TimeElapsedColumn(),
            console=self.console,
            transient=True,
            disable=not self.console.is_terminal,
        )
        self.task: TaskID | None = None
        self.name = ""

    def __enter__(self) -> RichReporter:
        self.progress.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.progress.stop()

    def stage(self, name: str) -> AbstractContextManager[None]:
        @contextmanager
        def run() -> Iterator[None]:
            self.name = name
            self.task = self.progress.add_task(f"{name} …")
            try:
                yield
            finally:
                if self.task is not None:
                    self.progress.remove_task(self.task)
                self.task = None
                if self.console.is_terminal:
                    self.console.print(f"[dim]✓ {name}[/]")

        return run()

    def solution(self, objective: float, bound: float, seconds: float) -> None:
        if self.task is not None:
            self.progress.update(
                self.task,
                description=(f"{self.name}: objective {objective:,.0f}, bound {bound:,.0f}"),
            )

    def note(self, message: str) -> None:
        self.console.print(f"[yellow]note:[/] {plain(message)}", soft_wrap=True)


# Summary lines are "label  figures" with the figures after column 16.
_INDENT = 16
# Where a summary line may break on a terminal: after a clause, never inside a
# figure ("grouping 1.55x random" stays whole).
_BREAK = re.compile(r"(?<=[;,→]) | (?=\()")


class _SummaryPrinter:
    """Prints the closing summary so that no figure is split from its unit.

    Not on a terminal (piped, logged, CI): every line whole, however long, so
    a log or a grep sees it as written.  On a terminal narrower than a line:
    broken only between clauses (after ", " or "; "), continued under the
    figures column.
    """

    def __init__(self, console: Console) -> None:
        self.console = console

    def __call__(self, markup: str) -> None:
        c = self.console
        if not c.is_terminal:
            c.print(markup, soft_wrap=True)
            return
        text = Text.from_markup(markup)
        for line in self._lines(text, c.width):
            c.print(line, soft_wrap=True)

    @staticmethod
    def _lines(text: Text, width: int) -> list[Text]:
        """``text`` cut after clauses into lines of at most ``width`` cells where it can be."""
        plain = text.plain
        breaks = [m.end() for m in _BREAK.finditer(plain)]
        cuts: list[int] = []
        start, room = 0, width
        while len(plain) - start > room:
            fitting = [b for b in breaks if start < b and b - 1 - start <= room]
            later = [b for b in breaks if b > start]
            cut = fitting[-1] if fitting else (later[0] if later else None)
            if cut is None:
                break  # one clause longer than the terminal: the terminal wraps it
            cuts.append(cut)
            start, room = cut, max(20, width - _INDENT)
        parts = text.divide(cuts)
        lines = [parts[0], *(Text(" " * _INDENT) + part for part in parts[1:])]
        for line in lines:
            line.rstrip()
        return lines


def _rerun_how(strategy: str, changes: Changes) -> str:
    """How a rerun went, true to its moves: the "kept" strategy keeps every poster in
    its session unless a pin, an absence or a venue change forces it out; "nearby"
    also moves the posters of people a change left above their clash minimum."""
    forced = [m for m in changes.moved if m.kind == "session"]
    if strategy == "nearby":
        return (
            f"{len(forced)} changed session to keep the people a change touched at their "
            "clash minimum; every other remaining poster kept its session"
        )
    if strategy != "kept":
        return "the full model moved what it must"
    if not forced:
        return "every remaining poster kept its session"
    return (
        f"{len(forced)} changed session as a pin, an absence or the venue required; every "
        "other remaining poster kept its session"
    )


def _print_loads(plan: Plan, say: _SummaryPrinter) -> None:
    """Even sessions: the range of loads, and each session outside its band with why."""
    if plan.figures.loads is None:
        return
    names = {s.id: s.name for s in plan.venue.sessions}
    first, *rest = describe(plan.figures.loads, names) or [""]
    if not first:
        return
    colour = "[yellow]" if rest else ""
    say(f"  sessions      {colour}{plain(first)}{'[/]' if rest else ''}")
    for line in rest:
        say(f"    {plain(line)}")


def _print_placed(plan: Plan, say: _SummaryPrinter, ok: str) -> None:
    """The posters' lines: placed, clashes, session loads, shared-author pairs side by side."""
    f = plan.figures
    say(
        f"  placed        {f.placed} of {f.posters} posters in "
        f"{len(plan.venue.sessions)} sessions, {len(plan.venue.rooms)} rooms"
    )
    say(f"  clashes       {ok}{plain(figure_text.clashes(f))}[/]")
    _print_loads(plan, say)
    if f.together_pairs:
        say(f"  side by side  {plain(figure_text.together(f))}")
    if f.two_sites:  # [[sites]]: not a clash, but these authors cannot see all their posters
        say(f"  sites         {f.two_sites} author(s) with posters at two sites (not presenting)")


def print_plan_summary(
    plan: Plan, out_dir: str, wall: float, console: Console | None = None
) -> None:
    """The closing summary of a run: what a chair reads first."""
    c = console or err
    say = _SummaryPrinter(c)
    f = plan.figures
    ok = "[green]" if f.clashes == f.clash_lower_bound and f.presenter_clashes == 0 else "[yellow]"
    say(
        f"[bold]{plain(plan.venue.name)}[/] — revision {plan.revision}, written to {plain(out_dir)}"
    )
    posters = bool(plan.venue.sessions)  # a programme of talks only has no poster lines
    if posters:
        _print_placed(plan, say, ok)
    if plan.talks:
        sessions = len({t.session for t in plan.talks})
        rooms = len({t.room for t in plan.talks})
        say(f"  talks         {plain(figure_text.talks(f, sessions, rooms))}")
    if posters:
        say(
            f"  topics        {len(plan.topics)} topics over {f.topic_sessions} topic-sessions, "
            f"{f.topic_rooms} topic-rooms; grouping {plain(figure_text.grouping(f))}, "
            f"neighbours {plain(figure_text.neighbours(f))}"
        )
    if posters and f.with_topic is not None:
        say(f"  by topics     {plain(figure_text.by_organizer_topics(f))}")
    if plan.handovers:
        names = sorted({h.original_name for h in plan.handovers})
        say(
            f"  presenters    {len(plan.handovers)} poster(s) handed to a co-author: "
            f"{escape(', '.join(names[:3]))}{' …' if len(names) > 3 else ''} "
            + escape(
                "had more posters than poster times (see check or the workbook; "
                "[presenters] overrides)"
            )
        )
    if plan.unchanged:
        say(f"  changes       {plain(figure_text.unchanged(plan.revision))}")
    elif plan.changes is not None:
        ch = plan.changes
        how = _rerun_how(f.strategy, ch)
        say(f"  changes       {plain(figure_text.changes(ch))} ({how})")
        edited = [m for m in ch.moved if m.why.startswith("pinned by a hand edit")]
        because = [m for m in ch.moved if "hand edit" in m.why and m not in edited]
        if edited:
            say(
                f"  hand edits    {len(edited)} poster(s) moved by hand edits; {len(because)} "
                "other poster(s) moved because of them"
            )
        for m in ch.moved[:10]:
            say(
                f"    moved {plain(m.paper)}: {plain(m.before)} → {plain(m.after)} ({plain(m.why)})"
            )
        if len(ch.moved) > 10:
            say(f"    … and {len(ch.moved) - 10} more (see changes.json)")
    say(f"  solver        {plain(figure_text.solver(f))}; {plain(figure_text.reproducibility(f))}")
    stages = ", ".join(f"{k} {v:.1f}s" for k, v in f.seconds.items())
    say(f"  time          {wall:.1f}s ({stages})")
