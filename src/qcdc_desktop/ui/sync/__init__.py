"""The Sync place: bundles to and from the upper level, keys, enrolment, messages."""
