"""The venue's [rules] table: defaults for what it leaves out, and the ranges its types do not say.

Pydantic checks each value's type (planner.read.venue.schema); the numbers'
ranges, the board label pattern and the names that must not be empty are
checked here, each with the key it sits in.
"""

from __future__ import annotations

from typing import Any

from planner.core.errors import Problems
from planner.core.limits import MAX_NAME_CHARS, MAX_TIME_LIMIT, label_pattern_problem, text_problem
from planner.read.board_labels import label_field_problem
from planner.read.conference import Rules
from planner.read.venue.problems import add_fault, unknown_keys
from planner.read.venue.schema import Checked, RulesTable, VenueTable, check


def read_rules(top: Checked[VenueTable], raw: dict[str, Any], problems: Problems) -> Rules:
    """The [rules] table, defaults for what it leaves out; all defaults if it cannot be read."""
    if add_fault(problems, "[rules]", top.fault("rules")):
        return Rules()
    checked = check(RulesTable, raw)
    unknown_keys(problems, "[rules]", checked, RulesTable)
    for err in checked.other:  # pydantic's complaints, one per field
        key = ".".join(str(p) for p in err["loc"])
        problems.add(
            f"[rules] '{key}'",
            f"{err['msg'].lower()} (got {err.get('input')!r})",
            "See the README's venue reference for allowed values.",
        )
    if checked.model is None:
        return Rules()
    # Only the keys the file sets count as set: a reader's own accept decisions
    # stand in for accept_decisions when the file leaves it out.
    rules = Rules(**checked.model.model_dump(exclude_unset=True))
    _check_rule_ranges(rules, problems)
    pattern_problem = label_pattern_problem(rules.board_label) or label_field_problem(
        rules.board_label
    )
    if pattern_problem:
        problems.add(
            "[rules] 'board_label'",
            f"board_label {pattern_problem}",
            'Use {prefix} and {number}, e.g. board_label = "{prefix}-{number:02d}".',
        )
        return rules
    _check_board_labels_differ(rules, problems)
    _check_rule_names(rules, problems)
    return rules


def _check_rule_ranges(rules: Rules, problems: Problems) -> None:
    """Adds a problem for each number out of the range the model's types do not say."""
    if rules.spare_boards < 0:
        problems.add(
            "[rules] 'spare_boards'",
            f"spare_boards = {rules.spare_boards} is negative",
            "Set it to 0 or more: the boards per room kept free for late accepts.",
        )
    if isinstance(rules.topics, int) and rules.topics < 1:
        problems.add(
            "[rules] 'topics'",
            f"topics = {rules.topics} is not a positive number",
            'Set it to 1 or more, or to "auto".',
        )
    if not rules.time_limit > 0:
        problems.add(
            "[rules] 'time_limit'",
            f"time_limit = {rules.time_limit} is not a positive number of seconds",
            "Set it to, e.g., 10.",
        )
    elif not rules.time_limit <= MAX_TIME_LIMIT:  # inf too
        problems.add(
            "[rules] 'time_limit'",
            f"time_limit = {rules.time_limit} is more than {MAX_TIME_LIMIT:,.0f} seconds",
            "Set it to, e.g., 10.",
        )


def _check_board_labels_differ(rules: Rules, problems: Problems) -> None:
    """Adds a problem when board_label gives two boards the same label (or cannot be filled)."""
    # Two boards are enough: a pattern without {number} labels every board alike.
    try:
        labels = {rules.board_label.format(prefix="A", number=n) for n in (1, 2)}
    except (KeyError, IndexError, ValueError):
        labels = set()
    if len(labels) != 2:
        problems.add(
            "[rules] 'board_label'",
            f"board_label = {rules.board_label!r} does not give each board its own label",
            'Use {prefix} and {number}, e.g. board_label = "{prefix}{number}".',
        )


def _check_rule_names(rules: Rules, problems: Problems) -> None:
    """Adds problems with the availability table's file name and the accepting decisions."""
    if rules.availability is not None:
        bad = text_problem(rules.availability, MAX_NAME_CHARS)
        if bad or not rules.availability.strip():
            problems.add(
                "[rules] 'availability'",
                f"the file name {bad or 'is empty'}",
                'Name the availability table, e.g. availability = "availability.csv".',
            )
    if not [d for d in rules.accept_decisions if d.strip()]:
        problems.add(
            "[rules] 'accept_decisions'",
            "no decision gets a poster",
            'List the decisions that do, e.g. accept_decisions = ["Accept"].',
        )
