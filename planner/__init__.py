"""Poster planner: turns accepted papers and a venue into poster placements."""

__version__ = "0.1.0"
