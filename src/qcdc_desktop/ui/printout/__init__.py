"""Showing a PDF, saving it, and sending it to a printer."""
