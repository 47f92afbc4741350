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

# The address a phone on the same network reaches this machine at (no packet is sent).
lan_address() {
    "$VENV/bin/python" - <<'EOF'
import socket

with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
    try:
        probe.connect(("10.254.254.254", 1))
        print(probe.getsockname()[0])
    except OSError:
        print("127.0.0.1")
EOF
}

run() {
    setup
    local host=${HOST:-127.0.0.1} port=${PORT:-8000} link_host
    case "$host" in
        0.0.0.0 | "::") link_host=$(lan_address) ;;
        *) link_host=$host ;;
    esac
    export SITE_URL=${SITE_URL:-http://$link_host:$port}
    if [ -z "${ALLOWED_HOSTS:-}" ]; then
        export ALLOWED_HOSTS="127.0.0.1,localhost,$link_host"
    fi
    # E-mail (invitations, password resets) goes to files rather than over the demo's sign-ins.
    export EMAIL_BACKEND=${EMAIL_BACKEND:-django.core.mail.backends.filebased.EmailBackend}
    export EMAIL_FILE_PATH=${EMAIL_FILE_PATH:-$PWD/var/mail}
    mkdir -p "$EMAIL_FILE_PATH"
    "$VENV/bin/python" manage.py migrate --verbosity 0
    "$VENV/bin/python" manage.py seed_demo --verbosity 1 | grep -v "^  [0-9]* / " || true
    echo
    echo "Serving on $SITE_URL/ (listening on $host:$port; Ctrl-C stops)."
    echo "E-mail the app sends is written to $EMAIL_FILE_PATH/, one file per message."
    echo
    exec "$VENV/bin/python" manage.py runserver "$host:$port"
}

case "${1:-}" in
    setup)
        setup
        ;;
    run)
        run
        ;;
    test)
        setup
        shift
        exec "$VENV/bin/python" -m pytest "$@"
        ;;
    test-at)
        # The suite with the clock moved to another instant (libfaketime: Python, SQLite, Chromium and
        # every subprocess see it).  TZ=America/New_York reads it there.
        setup
        shift
        when=${1:?usage: scripts/dev.sh test-at "YYYY-MM-DD HH:MM:SS" [pytest arguments]}
        shift
        lib=$(ls /usr/lib/*/faketime/libfaketime.so.1 2>/dev/null | head -1 || true)
        if [ -z "$lib" ]; then
            echo "libfaketime is not installed (apt-get install libfaketime)" >&2
            exit 1
        fi
        export FAKETIME="@$when"
        seen=$(LD_PRELOAD=$lib "$VENV/bin/python" -c 'import datetime; print(datetime.datetime.now().isoformat(" ", "minutes"))')
        if [ "$seen" != "${when:0:16}" ]; then
            echo "The clock did not move: asked for $when, Python sees $seen" >&2
            exit 1
        fi
        echo "Tests with the clock at $when (TZ=${TZ:-unset})"
        LD_PRELOAD=$lib exec "$VENV/bin/python" -m pytest "$@"
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
    typecheck)
        # The files and the strictness come from pyproject.toml's [tool.mypy].
        setup
        exec "$VENV/bin/mypy"
        ;;
    lock)
        setup
        shift
        bash scripts/lock.sh "$@"
        setup
        ;;
    *)
        echo "usage: scripts/dev.sh setup|run|test|test-at|lint|typecheck|bench|lock" >&2
        exit 2
        ;;
esac
