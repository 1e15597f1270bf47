"""Step 3, prechecks: venues that cannot work, explained before solving.

Also the clash lower bound every plan is measured against, and the figures
``planner check`` prints.
"""
