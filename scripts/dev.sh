#!/usr/bin/env bash
# Set-up and the everyday commands, on the embedded default unless DATABASE_URL / REDIS_URL are set.
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON=${PYTHON:-$(command -v python3.11 || command -v python3)}
VENV=.venv

setup() {
    if [ ! -x "$VENV/bin/python" ]; then
        echo "Creating the virtual environment in $VENV with $PYTHON"
        "$PYTHON" -m venv "$VENV"
    fi
    local stamp="$VENV/.installed" want
    want=$(sha256sum pyproject.toml | cut -d' ' -f1)
    if [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
        echo "Installing Python packages (first run takes a minute)"
        "$VENV/bin/pip" install --quiet --upgrade pip
        # XStatic-Bootstrap ships only a source archive whose build needs an older setuptools.
        "$VENV/bin/pip" install --quiet "setuptools<81" wheel
        "$VENV/bin/pip" install --quiet --no-build-isolation "XStatic-Bootstrap>=5.3,<5.4"
        "$VENV/bin/pip" install --quiet --no-build-isolation -e ".[dev]"
        echo "$want" > "$stamp"
    fi
}

case "${1:-}" in
    setup)
        setup
        ;;
    run)
        setup
        "$VENV/bin/python" manage.py migrate --verbosity 0
        "$VENV/bin/python" manage.py seed_demo
        echo
        echo "Serving on http://127.0.0.1:8000 (Ctrl-C stops)"
        exec "$VENV/bin/python" manage.py runserver 127.0.0.1:8000
        ;;
    test)
        setup
        shift
        exec "$VENV/bin/python" -m pytest "$@"
        ;;
    bench)
        setup
        shift
        exec bash scripts/bench/run.sh "$@"
        ;;
    lint)
        setup
        exec "$VENV/bin/ruff" check .
        ;;
    *)
        echo "usage: scripts/dev.sh setup|run|test|lint|bench" >&2
        exit 2
        ;;
esac
