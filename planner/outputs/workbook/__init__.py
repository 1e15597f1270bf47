"""plan.xlsx: the organizers' workbook, one module per sheet."""
