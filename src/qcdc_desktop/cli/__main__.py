"""``python -m qcdc_desktop.cli``: the ``qcdc`` command without its installed launcher."""

from qcdc_desktop.cli import main

raise SystemExit(main())
