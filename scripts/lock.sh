#!/usr/bin/env bash
# The lock: pyproject.toml's ranges resolved to exact versions with the hashes of every file,
# for every platform (uv pip compile --universal), in requirements/:
#   base.txt  what the app needs to run (the Docker image)
#   dev.txt   base.txt's pins plus the tools of the tests and the benchmark (make setup, CI)
#   uv.txt    the installer itself, at dev.txt's version, for the first step of make setup
#
#   scripts/lock.sh                  keep every pin that still satisfies pyproject.toml
#   scripts/lock.sh --upgrade        take the newest releases the ranges allow
#   scripts/lock.sh --upgrade-package django
#   scripts/lock.sh --check          fail if the lock no longer matches pyproject.toml (CI)
set -euo pipefail
cd "$(dirname "$0")/.."
UV=${UV:-.venv/bin/uv}
compile() { "$UV" pip compile --quiet --universal --generate-hashes --python-version 3.11 "$@"; }

lock_into() {
    local out=$1
    shift
    mkdir -p "$out"
    [ "$out" = requirements ] || cp requirements/*.txt "$out"/  # the current pins are the preferences
    compile pyproject.toml "$@" -o "$out/base.txt"
    compile pyproject.toml --extra dev -c "$out/base.txt" "$@" -o "$out/dev.txt"
    local version
    version=$(sed -n 's/^uv==\([^ ]*\).*/\1/p' "$out/dev.txt")
    echo "uv==$version" | compile - -o "$out/uv.txt"
}

if [ "${1:-}" = "--check" ]; then
    scratch=$(mktemp -d)
    trap 'rm -rf "$scratch"' EXIT
    lock_into "$scratch"
    for name in base dev uv; do
        # Comments (the command that wrote the file, what needs each package) name the output path.
        if ! diff <(grep -v '^ *#' "requirements/$name.txt") <(grep -v '^ *#' "$scratch/$name.txt"); then
            echo "requirements/$name.txt does not match pyproject.toml: run make lock and commit the result" >&2
            exit 1
        fi
    done
    echo "The lock matches pyproject.toml."
else
    lock_into requirements "$@"
    echo "Locked: $(grep -c '^[a-zA-Z0-9]' requirements/dev.txt) packages in requirements/dev.txt"
fi
