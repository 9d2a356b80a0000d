"""``python -m qcdc_desktop.cli``: the ``qcdc`` command without its installed launcher."""

from qcdc_desktop.cli import main

if __name__ == "__main__":  # importing the module (a tool walking the package) runs nothing
    raise SystemExit(main())
