"""A modest limit on guessing verification codes: an address that asks for too many unknown codes in a
window is answered 429 until the window ends.  Codes carry 80 random bits, so the limit only keeps a
scanner from hammering the database; a known code is never counted.

The client's address is read as allauth reads it for its sign-in limits (ALLAUTH_TRUSTED_PROXY_COUNT),
so that behind a proxy one scanner does not lock everybody out.
"""

from allauth.core.internal.httpkit import get_client_ip
from django.core.cache import cache

UNKNOWN_CODES_ALLOWED = 20
WINDOW_SECONDS = 10 * 60


def _key(request):
    return f"imt:transcript-verify-unknown:{get_client_ip(request) or 'unknown'}"


def limited(request):
    return (cache.get(_key(request)) or 0) >= UNKNOWN_CODES_ALLOWED


def count_unknown(request):
    key = _key(request)
    # The window starts at the first unknown code; add() keeps an existing count and its expiry.
    if not cache.add(key, 1, WINDOW_SECONDS):
        try:
            cache.incr(key)
        except ValueError:  # expired between add() and incr()
            cache.add(key, 1, WINDOW_SECONDS)
