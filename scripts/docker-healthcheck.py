#!/usr/bin/env python
"""Health check of the web container: the sign-in page must answer 200.

The request carries a Host taken from ALLOWED_HOSTS (so Django does not refuse
it) and X-Forwarded-Proto: https (so SECURE_SSL_REDIRECT does not turn it into
a redirect), exactly as the reverse proxy in front of gunicorn would send it.
Exit status 0 means healthy, 1 unhealthy.
"""

import http.client
import os
import sys

PORT = 8000  # gunicorn --bind 0.0.0.0:8000 in the Dockerfile
PATH = "/accounts/login/"


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


def main():
    host = pick_host(os.environ.get("ALLOWED_HOSTS", ""))
    connection = http.client.HTTPConnection("127.0.0.1", PORT, timeout=5)
    try:
        connection.request("GET", PATH, headers={"Host": host, "X-Forwarded-Proto": "https"})
        status = connection.getresponse().status
    except OSError as error:
        print(f"unhealthy: {error}", file=sys.stderr)
        return 1
    finally:
        connection.close()
    if status != 200:
        print(f"unhealthy: GET {PATH} answered {status}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
