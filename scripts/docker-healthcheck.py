#!/usr/bin/env python
"""Health checks of the app's containers (docker-compose.yml).

    docker-healthcheck.py          web: GET /healthz/ must answer 200 (the database, the cache, the
                                   broker and at least one worker answer)
    docker-healthcheck.py beat     beat: its schedule file was written in the last 15 minutes

The web request carries a Host taken from ALLOWED_HOSTS (so Django does not refuse it) and
X-Forwarded-Proto: https (so SECURE_SSL_REDIRECT does not turn it into a redirect), as the reverse
proxy in front of gunicorn sends them.  The worker is checked with `celery inspect ping`.
Exit status 0 means healthy, 1 unhealthy.
"""

import http.client
import os
import sys
import time

PORT = 8000  # gunicorn --bind 0.0.0.0:8000 in the Dockerfile
PATH = "/healthz/"
BEAT_SCHEDULE = "/var/lib/imt/beat/celerybeat-schedule"
# beat writes its schedule every few minutes and after each periodic task it sends (one runs every 5).
BEAT_STALE_SECONDS = 15 * 60


def pick_host(allowed_hosts):
    """A Host header value that Django's ALLOWED_HOSTS check accepts."""
    for entry in (item.strip() for item in allowed_hosts.split(",")):
        if not entry:
            continue
        if entry == "*":
            return "localhost"
        # ".example.com" allows example.com and its subdomains.
        return entry.lstrip(".")
    return "localhost"


def check_web():
    host = pick_host(os.environ.get("ALLOWED_HOSTS", ""))
    connection = http.client.HTTPConnection("127.0.0.1", PORT, timeout=8)
    try:
        connection.request("GET", PATH, headers={"Host": host, "X-Forwarded-Proto": "https"})
        response = connection.getresponse()
        status, body = response.status, response.read(2000).decode(errors="replace")
    except OSError as error:
        print(f"unhealthy: {error}", file=sys.stderr)
        return 1
    finally:
        connection.close()
    if status != 200:
        print(f"unhealthy: GET {PATH} answered {status}: {body}", file=sys.stderr)
        return 1
    return 0


def check_beat(schedule=BEAT_SCHEDULE, now=None):
    # The shelve behind the schedule may be one file or several with suffixes (.db, .dat, .dir).
    folder, stem = os.path.split(schedule)
    try:
        times = [os.path.getmtime(os.path.join(folder, name)) for name in os.listdir(folder) if name.startswith(stem)]
    except OSError as error:
        print(f"unhealthy: {error}", file=sys.stderr)
        return 1
    age = (now or time.time()) - max(times, default=0)
    if age > BEAT_STALE_SECONDS:
        print(f"unhealthy: the beat schedule was last written {age:.0f} s ago", file=sys.stderr)
        return 1
    return 0


def main(argv):
    if argv[1:] == ["beat"]:
        return check_beat()
    if argv[1:] in ([], ["web"]):
        return check_web()
    print("usage: docker-healthcheck.py [web|beat]", file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
