"""Printed documents in the official format: the conclusion notice (Decree 30/2020, and the
Party-track variant of Hướng dẫn 36-HD/VPTW), the minutes and the invitation of a meeting.

Qt-free: reportlab Platypus only.  ``documents.render_document`` renders plain records;
``desk`` works from the data file: preview, issue, correct and print a meeting's document,
for the desktop and for ``qcdc notice`` alike.
"""
