"""Printed documents in the official format: the conclusion notice (Decree 30/2020, and the
Party-track variant of Hướng dẫn 36-HD/VPTW), the minutes and the invitation of a meeting.

Qt-free: reportlab Platypus only.  ``documents.render_document`` renders plain records;
``issue.print_document`` / ``render_entry`` / ``render_draft`` work from the data file.
"""
