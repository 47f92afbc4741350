#!/usr/bin/env bash
# Set-up and the everyday commands, on the embedded default unless DATABASE_URL / REDIS_URL are set.
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON=${PYTHON:-$(command -v python3.11 || command -v python3)}
VENV=.venv
UV="$VENV/bin/uv"

# The virtual environment holds exactly the packages of requirements/dev.txt (versions and hashes
# checked); nothing is resolved here.  `make lock` changes the lock.
setup() {
    if [ ! -x "$VENV/bin/python" ]; then
        echo "Creating the virtual environment in $VENV with $PYTHON"
        "$PYTHON" -m venv "$VENV"
    fi
    local stamp="$VENV/.installed" want
    want=$(cat requirements/uv.txt requirements/dev.txt | sha256sum | cut -d' ' -f1)
    if [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
        echo "Installing the locked Python packages (requirements/dev.txt)"
        "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check --require-hashes --no-deps \
            -r requirements/uv.txt
        "$UV" pip sync --quiet --python "$VENV/bin/python" --require-hashes requirements/dev.txt
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
    lock)
        setup
        shift
        bash scripts/lock.sh "$@"
        setup
        ;;
    *)
        echo "usage: scripts/dev.sh setup|run|test|lint|bench|lock" >&2
        exit 2
        ;;
esac
