"""Work off the UI thread: the single database worker and cancellable long jobs (QtCore only)."""
