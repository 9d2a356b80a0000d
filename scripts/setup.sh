#!/usr/bin/env bash
# Set up a fresh machine for QCDC Desktop: the system libraries Qt and the PDF checks need, the
# print system (CUPS: the application prints through it, pycups is built against libcups2-dev,
# and the printing tests start a scheduler of their own with cups-filters' PDF printer), then a
# virtual environment in .venv with the application (and, with --test, the test tools).
# Safe to run again: it installs only what is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

extras=""
[ "${1:-}" = "--test" ] && extras="[test]"

system_packages=(libegl1 libgl1 libxkbcommon0 libxkbcommon-x11-0 libfontconfig1 libdbus-1-3 libxcb-cursor0
                 libxcb-icccm4 libxcb-keysyms1 libxcb-shape0 libxcb-randr0 libxcb-render-util0 libxcb-image0
                 libxcb-xinerama0 poppler-utils
                 cups-daemon cups-client cups-filters libcups2-dev gcc)
# With --test: LibreOffice (no GUI), which converts the Word exports to PDF to compare them with ours.
[ "${1:-}" = "--test" ] && system_packages+=(libreoffice-writer-nogui)
if command -v dpkg >/dev/null 2>&1; then
  missing=()
  for p in "${system_packages[@]}"; do
    dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
  done
  if [ ${#missing[@]} -gt 0 ]; then
    sudo=""
    [ "$(id -u)" -ne 0 ] && command -v sudo >/dev/null 2>&1 && sudo="sudo"
    echo "Installing system packages: ${missing[*]}"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
  fi
fi

# What the install depends on: when none of it changed since the last install into this .venv, the
# venv is up to date and the launch goes straight on (a second instead of a reinstall).
stamp_file=.venv/.qcdc-installed
stamp=$(cat pyproject.toml setup.py i18n/*.po i18n/qt/*.ts 2>/dev/null | sha256sum | cut -d' ' -f1)
if [ -x .venv/bin/python ] && [ -f "$stamp_file" ]; then
  read -r last_stamp last_extras < "$stamp_file" || true
  # An install with the test tools serves a plain launch too.
  if [ "$last_stamp" = "$stamp" ] && { [ -z "$extras" ] || [ "${last_extras:-}" = "[test]" ]; }; then
    exit 0
  fi
fi

python=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  "$python" -m venv .venv
  # (a machine whose pip configuration names an index folder it lacks warns about it: not ours to say)
  .venv/bin/python -m pip install -q --upgrade pip 2>&1 | { grep -v -E "^WARNING: Location" || true; } >&2
fi
# A venv made before the Qt binding was pinned below 6.12 (tests/test_signals.py) holds 6.12's
# split packages (PySide6_Pdf, PySide6_WebEngine) whose files overlap the older PySide6_Addons:
# take the whole binding out so the pinned release installs clean.
if .venv/bin/python -m pip show -q PySide6-Pdf >/dev/null 2>&1; then
  .venv/bin/python -m pip uninstall -q -y PySide6 PySide6-Essentials PySide6-Addons PySide6-Pdf \
    PySide6-WebEngine shiboken6 >/dev/null
fi
# The editable install also compiles the translation catalogs (setup.py).
log=$(mktemp)
if ! .venv/bin/python -m pip install -q -e ".${extras}" >"$log" 2>&1; then
  grep -v -E "^(WARNING: Location|\s*$)" "$log" >&2 || true
  rm -f "$log"
  echo "Installing the application into .venv failed (above)." >&2
  exit 1
fi
rm -f "$log"
.venv/bin/python -c "import qcdc_desktop.l10n as l; l.set_language('vi')"
echo "$stamp ${extras}" > "$stamp_file"
