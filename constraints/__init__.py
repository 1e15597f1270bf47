"""The rules of the placement model, one module each.

Every module states its rule in words, its CP-SAT encoding and its priority in
its docstring, and ends with ``RULE``: a :class:`constraints.rule.Rule` naming the hooks it
offers, of three kinds:

- ``domains(problem, domains)``: narrows the sessions a paper may take before
  any variable exists (cheaper than constraints; not run for the explanation
  model, where the rule adds a guarded constraint instead so that an unsat
  core can name it);
- ``sessions(model)``: adds to the stage-1 model (planner.model.stage_models.SessionModel);
- ``rooms(model)``: adds to a stage-2 model (planner.model.stage_models.RoomModel).

Adding a rule means adding a module and listing its ``RULE`` in RULES.
docs/architecture.md lists each rule with its precheck, its ``planner verify``
check and its tests.
"""

from __future__ import annotations

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
    sites,
    speakers,
    talk_first,
    together,
    topic_policy,
)
from constraints.rule import Rule

# Order matters only for domains(): availability, speakers, placement rules and pins narrow
# before the others read.
RULES: list[Rule] = [
    placement.RULE,
    availability.RULE,
    speakers.RULE,
    place.RULE,
    pins.RULE,
    sites.RULE,
    capacity.RULE,
    presenters.RULE,
    clashes.RULE,
    moves.RULE,
    talk_first.RULE,
    together.RULE,
    topic_policy.RULE,
    balance.RULE,
]
