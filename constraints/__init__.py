"""One module per rule of the placement model; see planner.model for how they combine."""
