"""The Documents place: conclusion notices, minutes and invitations, issued and printed."""
