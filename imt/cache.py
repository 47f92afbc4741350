"""The cache back end for Redis: django-redis, made to degrade rather than raise when Redis is away."""

import logging
import time

from django_redis.cache import RedisCache as DjangoRedisCache
from django_redis.exceptions import ConnectionInterrupted

logger = logging.getLogger(__name__)

# Per process and Redis address: until when Redis counts as down (monotonic clock).
_down_until: dict[str, float] = {}


class RedisCache(DjangoRedisCache):
    """django-redis that answers "not found" when Redis does not answer, with three rules of our own.

    - **Redis is not asked again for RETRY_AFTER seconds after it failed to answer.**  A Redis that
      hangs, or a network path that drops packets, costs each call the socket timeout; signing in
      makes about 30 cache calls, so without this it would take 15 s.  With it, one call per process
      waits, and the rest go straight to the database for the next few seconds.
    - **add() answers "added" while Redis is down.**  django-redis answers "not added", which code
      that takes a lock with add() reads as "someone else holds it": allauth's rate limits would
      wait a second per limit and then refuse every sign-in with 429.  Here the lock is simply not
      held and the rate limit does not limit, which is what a missing cache should mean.
    - **The cache is emptied when Redis answers again.**  While it was down, sessions changed in the
      database only (a sign-out deleted one there, not in Redis); their copies in Redis are stale and
      must not be read back.  Emptying it signs nobody out: sessions are written through to the database.
    """

    RETRY_AFTER = 5.0

    def _ask(self, fallback, operation, *args, **kwargs):
        server = str(self._server)
        down_until = _down_until.get(server)
        if down_until is not None and time.monotonic() < down_until:
            return fallback
        try:
            if down_until is not None:
                self.client.clear()
                del _down_until[server]
                logger.warning("The Redis cache answers again; emptied it of entries written before it went away")
            return getattr(self.client, operation)(*args, **kwargs)
        except ConnectionInterrupted as error:
            if not self._ignore_exceptions:
                raise error.__cause__ from error
            _down_until[server] = time.monotonic() + self.RETRY_AFTER
            logger.error("The Redis cache does not answer (%s); going on without it for %.0f s",
                         error.__cause__, self.RETRY_AFTER)
            return fallback

    def get(self, key, default=None, version=None, client=None):
        return self._ask(default, "get", key, default=default, version=version, client=client)

    def set(self, *args, **kwargs):
        return self._ask(False, "set", *args, **kwargs)

    def add(self, *args, **kwargs):
        return self._ask(True, "add", *args, **kwargs)

    def delete(self, *args, **kwargs):
        return bool(self._ask(False, "delete", *args, **kwargs))

    def get_many(self, *args, **kwargs):
        return self._ask({}, "get_many", *args, **kwargs)

    def set_many(self, *args, **kwargs):
        return self._ask(None, "set_many", *args, **kwargs)

    def delete_many(self, *args, **kwargs):
        return self._ask(None, "delete_many", *args, **kwargs)

    def has_key(self, *args, **kwargs):
        return self._ask(False, "has_key", *args, **kwargs)

    def incr(self, *args, **kwargs):
        return self._ask(None, "incr", *args, **kwargs)

    def decr(self, *args, **kwargs):
        return self._ask(None, "decr", *args, **kwargs)

    def touch(self, *args, **kwargs):
        return self._ask(False, "touch", *args, **kwargs)

    def clear(self):
        return self._ask(None, "clear")
