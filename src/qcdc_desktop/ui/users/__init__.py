"""The administrator's place for the office's user accounts."""
