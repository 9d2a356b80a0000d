"""``python -m qcdc_desktop``, and the start of the installed program (Briefcase's launcher runs this
module): the window, or the command line when the program is started under the name ``qcdc``.

The Linux package installs one program, ``/usr/bin/qcdc-desktop``, and ``/usr/bin/qcdc`` as a link
to it (scripts/build-installer): the launcher keeps the name it was started by in ``sys.argv[0]``.
An import started by either runs the program once more as its bundle checker
(``sync/checking.py``, the first argument ``--check-bundle-payloads``): no window, no command line,
only the checks of the bundles it is given through its input.
"""

from __future__ import annotations

import sys
from pathlib import Path

COMMAND_LINE_NAME = "qcdc"
CHECKER_FLAG = "--check-bundle-payloads"  # sync/checking.FLAG, without importing it for every start


def main(argv0: str | None = None) -> int:
    name = Path(sys.argv[0] if argv0 is None else argv0).name
    if sys.argv[1:] == [CHECKER_FLAG]:
        from qcdc_desktop.sync.checking import serve

        return serve()
    if name == COMMAND_LINE_NAME:
        from qcdc_desktop.cli import main as command_line

        return command_line()
    from qcdc_desktop.app import main as window

    return window()


if __name__ == "__main__":  # importing the module (a tool walking the package) runs nothing
    raise SystemExit(main())
