"""The URL access registry.

Every URL pattern of the project is declared here or where it is defined, as
one of:

- PUBLIC: anybody;
- SIGNED_IN: any signed-in user, outside any sponsor;
- OPERATOR: the Django admin (platform operators), which checks staff itself;
- TOKEN: the integrations API (api/), which authenticates each call by a sponsor's token itself and
  enters that sponsor's scope; no session, no membership;
- sponsor_page(..., read=permission, write=permission): a page under
  /<sponsor_slug>/ that the members of that sponsor whose role holds `read`
  may open, and to which those whose role holds `write` may send forms (POST,
  PUT, PATCH, DELETE); without `write` the page takes no forms at all.  The
  records its URL names come to the view already looked up among those the
  member may see (imt/visibility.py).

The tenancy middleware enforces the declaration on each request, and the test
suite walks the resolver and fails on any pattern without one, so a page cannot
ship without its isolation check, and a role can write only where its
permissions say (tests/imt/test_access_registry.py).
"""

from dataclasses import dataclass, field
from fnmatch import fnmatchcase
from functools import wraps

from django.urls import path

from imt import visibility
from imt.permissions import ALL_ROLES, PERMISSIONS

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


@dataclass(frozen=True)
class Access:
    kind: str
    roles: frozenset = field(default_factory=frozenset)  # who may open the page
    writers: frozenset = field(default_factory=frozenset)  # who may send it forms
    read: str = ""  # the permissions the roles come from
    write: str = ""

    @property
    def is_sponsor(self):
        return self.kind == "sponsor"


PUBLIC = Access("public")
SIGNED_IN = Access("signed_in")
OPERATOR = Access("operator")
TOKEN = Access("token")


def sponsor(*roles):
    return Access("sponsor", frozenset(roles) if roles else frozenset(ALL_ROLES))


def sponsor_access(read, write=None):
    """The access of a sponsor page opened with permission `read` and written with `write` (or never)."""
    writers = PERMISSIONS[write] if write else frozenset()
    if not writers <= PERMISSIONS[read]:
        raise ValueError(f"Whoever holds {write!r} must also hold {read!r} to open the page.")
    return Access("sponsor", frozenset(PERMISSIONS[read]), frozenset(writers), read, write or "")


# Patterns that third-party apps define, matched by URL name.
EXTERNAL = {
    "admin:*": OPERATOR,
    "account_login": PUBLIC,
    "account_logout": PUBLIC,
    "account_signup": PUBLIC,
    "account_confirm_email": PUBLIC,
    "account_email_verification_sent": PUBLIC,
    "account_inactive": PUBLIC,
    "account_reset_password": PUBLIC,
    "account_reset_password_done": PUBLIC,
    "account_reset_password_from_key": PUBLIC,
    "account_reset_password_from_key_done": PUBLIC,
    "account_login_code_confirm": PUBLIC,
    "account_request_login_code": PUBLIC,
    "account_confirm_login_code": PUBLIC,
    "account_reset_password_with_code": PUBLIC,
    "account_verify_email_with_code": PUBLIC,
    "mfa_authenticate": PUBLIC,
    "mfa_login_webauthn": PUBLIC,
    "account_email": SIGNED_IN,
    "account_change_password": SIGNED_IN,
    "account_set_password": SIGNED_IN,
    "account_reauthenticate": SIGNED_IN,
    "account_request_reauthentication_code": SIGNED_IN,
    "account_confirm_reauthentication_code": SIGNED_IN,
    "account_change_phone": SIGNED_IN,
    "account_verify_phone": SIGNED_IN,
    "mfa_*": SIGNED_IN,
    # The integrations API (django-ninja names its patterns): the document and its page are public,
    # every operation authenticates by token (api/endpoints/security.py).
    "api-v1:openapi-json": PUBLIC,
    "api-v1:openapi-view": PUBLIC,
    "api-v1:api-root": PUBLIC,
    "api-v1:*": TOKEN,
}


def declare(view, access):
    """Return `view` wrapped and marked with its access declaration.  A sponsor page's view is handed
    the records its URL names (`<kind>_pk`), looked up among those the member may see (imt/visibility.py)."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if access.is_sponsor:
            kwargs = visibility.resolve(request.membership, kwargs)
        return view(request, *args, **kwargs)

    wrapped.access = access
    return wrapped


def page(route, view, name, access):
    return path(route, declare(view, access), name=name)


def sponsor_page(route, view, name, *, read, write=None):
    """A page under /<sponsor_slug>/: opened by the sponsor's members whose role holds the permission
    `read`, sent forms by those whose role holds `write` (no forms when None)."""
    return page(route, view, name, sponsor_access(read, write))


def access_of(view, view_name):
    """The declaration of a view reached by the URL named `view_name`, or None when it has none."""
    access = getattr(view, "access", None)
    if access is not None:
        return access
    for pattern, external_access in EXTERNAL.items():
        if view_name and fnmatchcase(view_name, pattern):
            return external_access
    return None


def access_for(match):
    """The declaration of a resolved URL (a ResolverMatch)."""
    return access_of(match.func, match.view_name)
