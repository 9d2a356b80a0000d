"""QCDC Desktop: citizen dialogue meetings, conclusion notices and follow-up for commune offices."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("qcdc-desktop")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0+unknown"
