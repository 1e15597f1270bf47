"""What the command line prints: summaries a chair can read at a glance."""

from __future__ import annotations

import os
import sys

from rich.console import Console
from rich.table import Table

from planner.checks import Summary
from planner.inputs import Inputs

# Progress and summaries go to stderr so stdout stays clean for scripts.
err = Console(stderr=True, highlight=False, soft_wrap=False,
              width=int(os.environ.get("COLUMNS", "0") or 0) or None)
out = Console(highlight=False)


def print_problems(messages: list[str], title: str = "error") -> None:
    for message in messages:
        err.print(f"[bold red]{title}:[/] {message}", markup=True, soft_wrap=True)


def print_check(inputs: Inputs, summary: Summary, console: Console | None = None) -> None:
    c = console or out
    venue, index = inputs.venue, inputs.index
    c.print(f"[bold]{venue.name}[/] — {inputs.paper_list.source} + {venue.source}")

    t = Table(title="Papers", title_justify="left", show_edge=False)
    t.add_column("decision")
    t.add_column("records", justify="right")
    t.add_column("poster?")
    for decision, count, poster in summary.by_decision:
        t.add_row(decision, str(count), "yes" if poster else "no")
    c.print(t)
    c.print(f"{summary.posters} of {summary.records} records get a poster.")

    c.print(
        f"\n[bold]Authors:[/] {summary.people} people in {summary.slots} author slots"
        f" ({summary.unnamed} slots without a name); {summary.multi} people have 2 or more "
        f"posters, the most is {summary.most}."
    )
    if index.merges:
        t = Table(title="Merged author entries (review these)", title_justify="left",
                  show_edge=False)
        t.add_column("name")
        t.add_column("entries")
        t.add_column("why")
        t.add_column("affiliations")
        for m in index.merges:
            t.add_row(m.name, ", ".join(m.keys), m.reason, "; ".join(m.institutions))
        c.print(t)

    t = Table(title="Sessions", title_justify="left", show_edge=False)
    for col in ("session", "name", "time", "rooms", "boards"):
        t.add_column(col, justify="right" if col in ("rooms", "boards") else "left")
    for sid, name, when, rooms, boards in summary.sessions:
        t.add_row(sid, name, when, str(rooms), str(boards))
    c.print(t)
    slack = summary.capacity - summary.posters
    c.print(
        f"Boards: {summary.capacity} usable for {summary.posters} posters "
        f"({'+' if slack >= 0 else ''}{slack})."
    )
    c.print(
        f"Separate poster times: {len(summary.windows)} "
        f"({', '.join(summary.windows)}); an author with more posters than that must clash."
    )
    c.print(f"\n[bold]Clash lower bound:[/] {summary.clash_bound} shared-author clash(es) "
            "no plan can avoid.")
    if summary.bounds:
        t = Table(show_edge=False)
        t.add_column("author")
        t.add_column("posters", justify="right")
        t.add_column("times", justify="right")
        t.add_column("clashes ≥", justify="right")
        for b in summary.bounds:
            t.add_row(index.people[b.person].label, str(b.papers), str(b.windows),
                      str(b.clashes))
        c.print(t)
    for note in inputs.notes:
        c.print(f"[yellow]note:[/] {note}")
    if summary.findings:
        c.print(f"\n[bold red]{len(summary.findings)} problem(s) no plan can get around:[/]")
        for f in summary.findings:
            c.print(f"[red]- ({f.rule})[/] {f.message}", soft_wrap=True)
    else:
        c.print("\n[green]No problems found.[/]")


def is_tty() -> bool:
    return sys.stderr.isatty()
