"""Beside the pipeline: an independent recount of a written plan; shares no code with the solver."""
