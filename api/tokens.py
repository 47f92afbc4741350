"""The token format, `imt_<prefix>_<secret>`: the prefix (8 lower-case letters and digits) finds the
token's row, the SHA-256 of the whole token proves it.  The secret carries 256 random bits, so a plain
SHA-256 is enough (a slow password hash would protect nothing more and cost every call)."""

import hashlib
import hmac
import secrets
import string

PREFIX_LENGTH = 8
PREFIX_ALPHABET = string.ascii_lowercase + string.digits
MARK = "imt_"


def generate() -> tuple[str, str]:
    """A new (prefix, token)."""
    prefix = "".join(secrets.choice(PREFIX_ALPHABET) for _ in range(PREFIX_LENGTH))
    return prefix, f"{MARK}{prefix}_{secrets.token_urlsafe(32)}"


def digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def prefix_of(token: str) -> str | None:
    """The prefix of a well-formed token, else None."""
    if not token.startswith(MARK) or len(token) > 200:
        return None
    prefix, sep, secret = token[len(MARK):].partition("_")
    if len(prefix) != PREFIX_LENGTH or not sep or not secret or set(prefix) - set(PREFIX_ALPHABET):
        return None
    return prefix


def matches(token: str, secret_hash: str) -> bool:
    """Whether `token` is the one whose SHA-256 is `secret_hash` (compared in constant time)."""
    return hmac.compare_digest(digest(token), secret_hash)
