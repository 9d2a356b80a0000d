"""Widgets, dialogs, Qt models and actions."""
