"""Domain types, rules, validation and text normalisation.  No I/O, no Qt, no SQLite."""
