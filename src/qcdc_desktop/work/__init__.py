"""The program's long work as plain functions, without Qt: the figures and the report of a
period, the documents of the register, the sync runs, backups and the creation of a data file.

Each is shaped ``work(*, progress, cancelled)`` (or returns such a function), so the desktop runs
it off the UI thread through :class:`~qcdc_desktop.jobs.job.Job` with a bar and Cancel, the
``qcdc`` command runs it in place, and the tests call it directly.  Widgets only start work and
show its result."""
