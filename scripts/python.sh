#!/bin/sh
# Prints a Python interpreter new enough for Django 6.1 (3.12+).
# Order: $PYTHON, python3.14..python3.12 on PATH, pyenv's versions; failing those, a machine with
# only Python 3.11 gets a managed 3.12 through uv (installed from PyPI into var/bootstrap).
set -u
for candidate in "${PYTHON:-}" python3.14 python3.13 python3.12 \
    "$HOME"/.pyenv/versions/3.1[2-9]*/bin/python3 python3; do
    [ -n "$candidate" ] || continue
    if "$candidate" -c 'import sys; sys.exit(sys.version_info < (3, 12))' >/dev/null 2>&1; then
        command -v "$candidate" 2>/dev/null || echo "$candidate"
        exit 0
    fi
done
bootstrap=var/bootstrap
if command -v python3 >/dev/null 2>&1; then
    echo "No Python 3.12+ found; fetching one with uv (Django 6.1 needs 3.12)..." >&2
    if { [ -x "$bootstrap/bin/uv" ] || { python3 -m venv "$bootstrap" >&2 &&
            "$bootstrap/bin/pip" install --quiet uv >&2; }; } &&
        "$bootstrap/bin/uv" python install 3.12 >&2; then
        "$bootstrap/bin/uv" python find 3.12
        exit 0
    fi
fi
echo "Django 6.1 needs Python 3.12 or newer, and none could be found or installed." >&2
echo "Install one (e.g. 'apt-get install python3.12-venv' or 'pyenv install 3.12')," >&2
echo "or point to it: make run PYTHON=/path/to/python3.12" >&2
exit 1
