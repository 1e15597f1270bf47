"""The rules of the placement model, one module each.

Every module states its rule in words, its CP-SAT encoding and its priority in
its docstring, and offers any of three hooks:

- ``domains(problem)``: narrows the sessions a paper may take before any
  variable exists (cheaper than constraints; skipped when explaining, where the
  rule is added as a guarded constraint instead so an unsat core can name it);
- ``sessions(model)``: adds to the stage-1 model (planner.model.SessionModel);
- ``rooms(model)``: adds to a stage-2 model (planner.model.RoomModel).

Adding a rule means adding a module and listing it in RULES.
"""

from __future__ import annotations

from types import ModuleType

from constraints import (
    availability,
    balance,
    capacity,
    clashes,
    moves,
    pins,
    place,
    placement,
    presenters,
    topic_policy,
)

# Order matters only for domains(): availability and pins narrow before others read.
RULES: list[ModuleType] = [
    placement,
    availability,
    place,
    pins,
    capacity,
    presenters,
    clashes,
    moves,
    topic_policy,
    balance,
]
