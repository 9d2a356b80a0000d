"""Bringing an office's old Excel register in."""
