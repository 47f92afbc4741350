"""How a call is let in, limited and recorded.

- `recorded` wraps every operation (ninja's "view" decorator mode, so it sees authentication, the rate
  limit and the answer): it looks the presented token up once, runs the whole call inside the token's
  sponsor's scope, and records the call (ApiCall) for any known token, refused calls included.
- `TokenAuth` is the bearer authentication ninja runs and documents: a known, unrevoked token of an
  active sponsor whose creator still manages its tokens, else 401.  `TokenAuth(write=True)` answers
  403 to a read-only token.
- `TokenRateThrottle` allows settings.API_RATE_LIMIT calls a minute per token, else 429 with Retry-After.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from functools import wraps
from typing import Any

from allauth.core.internal.httpkit import get_client_ip
from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from django_scopes import scope
from ninja.errors import HttpError
from ninja.security import HttpBearer
from ninja.throttling import BaseThrottle

from api import selectors, services
from api.models import ApiToken

_NOT_LOOKED_UP = object()
WINDOW_SECONDS = 60


def presented_token(request: HttpRequest) -> ApiToken | None:
    """The token of the request's `Authorization: Bearer …` header, revoked or not (None when unknown);
    looked up once per request."""
    found = getattr(request, "_api_token", _NOT_LOOKED_UP)
    if found is _NOT_LOOKED_UP:
        scheme, _sep, raw = request.headers.get("Authorization", "").partition(" ")
        found = selectors.token_presented(raw.strip()) if scheme.lower() == "bearer" else None
        request._api_token = found  # type: ignore[attr-defined]
    return found  # type: ignore[return-value]


class TokenAuth(HttpBearer):
    def __init__(self, *, write: bool = False):
        super().__init__()
        self.write = write

    def authenticate(self, request: HttpRequest, token: str) -> ApiToken | None:
        found = presented_token(request)
        if found is None or not found.usable:
            return None
        if self.write and not found.can_write:
            raise HttpError(403, _("This token may only read; ask the sponsor admin for a token that posts hours."))
        return found


class TokenRateThrottle(BaseThrottle):
    """A fixed window of a minute per token, counted in the cache (Redis in production: add and incr are
    atomic there, so every web process counts against the same figure).  ninja's SimpleRateThrottle keeps
    the request's state on the shared throttle object and rewrites a list per call, which two threads or
    processes can interleave; this counts with one atomic step instead.  A cache that does not answer
    lets calls through (the README's "degrade rather than raise")."""

    def __init__(self) -> None:
        self._state = threading.local()

    def allow_request(self, request: HttpRequest) -> bool:
        token = getattr(request, "auth", None)
        if token is None:
            return True
        now = time.time()
        key = f"imt:api-rate:{token.pk}:{int(now // WINDOW_SECONDS)}"
        count = _count(key)
        self._state.wait = WINDOW_SECONDS - (now % WINDOW_SECONDS)
        return count is None or count <= settings.API_RATE_LIMIT

    def wait(self) -> float | None:
        return getattr(self._state, "wait", None)


def _count(key: str) -> int | None:
    if cache.add(key, 1, WINDOW_SECONDS + 1):
        return 1
    try:
        return cache.incr(key)
    except ValueError:  # expired between add() and incr()
        cache.add(key, 1, WINDOW_SECONDS + 1)
        return 1


def _client_address(request: HttpRequest) -> str | None:
    try:
        return get_client_ip(request) or None
    except Exception:  # an address allauth refuses is still a call to record
        return None


def recorded(run: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    @wraps(run)
    def call(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        started = time.monotonic()
        token = presented_token(request)
        if token is None:
            return _no_store(run(request, *args, **kwargs))
        with scope(sponsor=token.sponsor):
            status = 500
            try:
                response = run(request, *args, **kwargs)
                status = response.status_code
            finally:
                services.api_call_record(
                    token=token, method=request.method or "", path=request.get_full_path(), status_code=status,
                    duration_ms=round((time.monotonic() - started) * 1000), client_address=_client_address(request),
                )
        return _no_store(response)

    return call


def _no_store(response: HttpResponse) -> HttpResponse:
    response["Cache-Control"] = "no-store"
    return response
