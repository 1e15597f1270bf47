"""Steps 5 to 7, model: sessions, then rooms, then boards.

The CP-SAT models are built by the rules in ``constraints/`` and solved with a
deterministic budget; rooms are polished by swaps; boards are ordered so
neighbours are similar.
"""
