"""Redis down or unreachable: the cache degrades rather than raises, and people go on signing in and working.

The cache and session settings are those imt/settings.py makes for a REDIS_URL, pointed at a port
where nothing answers, so these run on SQLite with no Redis at all.
"""

import runpy
import socket
import threading
import time
from pathlib import Path

import pytest
from django.core.cache import cache
from django.test import Client, override_settings

from imt.permissions import Role

ROOT = Path(__file__).resolve().parents[2]
CLOSED_PORT = "redis://127.0.0.1:9/0"  # the discard port: nothing listens there


def settings_for_redis(monkeypatch, redis_url):
    """The cache and session settings production gets from this REDIS_URL."""
    monkeypatch.setenv("REDIS_URL", redis_url)
    made = runpy.run_path(str(ROOT / "imt" / "settings.py"))
    return override_settings(
        CACHES=made["CACHES"], SESSION_ENGINE=made["SESSION_ENGINE"],
        **{name: value for name, value in made.items() if name.startswith("DJANGO_REDIS_")},
    )


def sign_in_and_work(world):
    """Sign in through the form as the apprentice, open the dashboard and a few pages; the responses."""
    person = Client()
    email = world.user("keystone", Role.APPRENTICE).email
    responses = {"sign-in page": person.get("/accounts/login/")}
    signed_in = person.post("/accounts/login/", {"login": email, "password": "demo-pass-2026"})
    responses["sign-in"] = signed_in
    for path in ("/keystone/", "/keystone/hours/", "/keystone/hours/log/", "/keystone/hours/week/"):
        responses[path] = person.get(path)
    return responses


def test_with_redis_down_people_sign_in_and_open_their_pages(world, monkeypatch, caplog):
    with settings_for_redis(monkeypatch, CLOSED_PORT):
        assert cache.get("anything") is None  # the cache answers "not found" instead of raising
        started = time.monotonic()
        responses = sign_in_and_work(world)
        took = time.monotonic() - started

    assert responses.pop("sign-in").status_code == 302
    assert {name: response.status_code for name, response in responses.items()} == dict.fromkeys(responses, 200)
    assert responses["/keystone/"].wsgi_request.user == world.user("keystone", Role.APPRENTICE)  # still signed in
    assert took < 10
    assert any("cache does not answer" in record.getMessage() for record in caplog.records)  # and it is logged


@pytest.fixture
def silent_redis():
    """A port that accepts connections and never answers: a Redis that hangs or a half-open network path."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(64)
    accepted = []
    stop = threading.Event()

    def accept():
        server.settimeout(0.2)
        while not stop.is_set():
            try:
                accepted.append(server.accept()[0])
            except OSError:
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield f"redis://127.0.0.1:{server.getsockname()[1]}/0", accepted
    stop.set()
    thread.join()
    for connection in accepted:
        connection.close()
    server.close()


def test_a_redis_that_stops_answering_costs_one_short_wait_not_one_per_cache_call(world, monkeypatch,
                                                                                  silent_redis):
    url, connections = silent_redis
    with settings_for_redis(monkeypatch, url):
        started = time.monotonic()
        assert cache.get("anything") is None
        assert time.monotonic() - started < 1.5  # the read timeout, not forever
        started = time.monotonic()
        responses = sign_in_and_work(world)  # about 30 cache calls
        took = time.monotonic() - started
    assert responses.pop("sign-in").status_code == 302
    assert all(response.status_code == 200 for response in responses.values())
    # Redis is asked again every few seconds, not at every call (that took 15 s or more).
    assert len(connections) <= 1 + took // 5 + 1
    assert took < 10


@pytest.mark.services
def test_a_session_signed_out_while_redis_was_down_stays_signed_out_when_it_returns(world, monkeypatch):
    from django.conf import settings
    from django_redis.client import DefaultClient
    from django_redis.exceptions import ConnectionInterrupted
    from redis.exceptions import ConnectionError as RedisConnectionError

    from imt.cache import RedisCache

    if not settings.REDIS_URL:
        pytest.skip("needs REDIS_URL (a real Redis to come back)")
    with settings_for_redis(monkeypatch, settings.REDIS_URL):
        cache.clear()
        person = Client()
        email = world.user("keystone", Role.APPRENTICE).email
        assert person.post("/accounts/login/", {"login": email, "password": "demo-pass-2026"}).status_code == 302
        assert person.get("/keystone/").status_code == 200  # the session is now in Redis too
        cookie = person.cookies[settings.SESSION_COOKIE_NAME].value

        def refused(*args, **kwargs):
            raise ConnectionInterrupted(connection=None) from RedisConnectionError("Connection refused")

        monkeypatch.setattr(RedisCache, "RETRY_AFTER", 0.0)  # asked again as soon as it is back
        with monkeypatch.context() as outage:
            for operation in ("get", "set", "add", "delete", "get_many", "set_many", "delete_many", "has_key"):
                outage.setattr(DefaultClient, operation, refused)
            assert person.post("/accounts/logout/").status_code == 302  # deleted from the database only

        # Redis is back, still holding its copy of the session.
        replay = Client()
        replay.cookies[settings.SESSION_COOKIE_NAME] = cookie
        response = replay.get("/keystone/")
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
