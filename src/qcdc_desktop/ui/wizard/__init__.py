"""The first-run wizard that creates an office's data file."""
