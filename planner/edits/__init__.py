"""The loop back: hand edits made in the report or the workbook, read on the next run as pins."""
