"""Step 2, people: one person per human behind the author slots, and who presents.

Also when each person can be somewhere (separate times), which the presenter
hand-over and the clash lower bound both count on.
"""
