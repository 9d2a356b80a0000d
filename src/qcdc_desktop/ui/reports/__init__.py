"""The Reports place: a period's statistics, charts, PDF and spreadsheet reports."""
