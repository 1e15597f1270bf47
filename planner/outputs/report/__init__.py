"""report.html: the plan as a page chairs read, check and edit in the browser."""
