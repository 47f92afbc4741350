#!/bin/sh
# Entrypoint of the image.  The web process (gunicorn) applies pending
# migrations before it starts; the worker, beat and one-off commands
# (docker compose run web python manage.py ...) run as given.
set -eu
cd /app

if [ "${1:-}" = "gunicorn" ]; then
    python manage.py migrate --noinput
fi

exec "$@"
