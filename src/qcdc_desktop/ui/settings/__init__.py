"""The Settings place: the office, its officials, printing and language."""
