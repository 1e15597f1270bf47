"""The interface every rule module offers: its name and its hooks.

Kept apart from the package's list of rules so that the rule modules import
it without importing one another (``constraints/__init__.py`` imports them all).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from planner.model.stage_models import Domains, PlanningProblem, RoomModel, SessionModel


@dataclass(frozen=True)
class Rule:
    """A rule's name and the hooks it offers (a type checker sees a misspelt one)."""

    name: str
    domains: Callable[[PlanningProblem, Domains], None] | None = None
    sessions: Callable[[SessionModel], None] | None = None
    rooms: Callable[[RoomModel], None] | None = None
