"""Step 8, plan: the plan records, what moved, the figures and their wording."""
