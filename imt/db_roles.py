"""Two PostgreSQL roles: the owner, who runs the migrations and owns every table, trigger and function,
and the application's role (DATABASE_URL), which may only read and write rows.  Not owning the tables,
the application's role cannot drop or disable the triggers that guard decided records
(imt/protected.py), nor TRUNCATE; not being a superuser, it cannot set session_replication_role.

DATABASE_MIGRATE_URL names the owner; without it everything runs as DATABASE_URL's role (the embedded
default, the benchmark).  Only the user name, password, host and port are taken from it: the database is
the connection's own, so that the test database works the same way.
"""

import contextlib
from urllib.parse import unquote, urlparse

from django.conf import settings
from django.db import connections

CREDENTIALS = ("USER", "PASSWORD", "HOST", "PORT")


def owner_credentials():
    url = getattr(settings, "DATABASE_MIGRATE_URL", "")
    if not url:
        return None
    parsed = urlparse(url)
    return {
        "USER": unquote(parsed.username or ""),
        "PASSWORD": unquote(parsed.password or ""),
        "HOST": parsed.hostname or "",
        "PORT": str(parsed.port or ""),
    }


def separate_roles(alias="default"):
    connection = connections[alias]
    return connection.vendor == "postgresql" and owner_credentials() is not None


@contextlib.contextmanager
def as_owner(alias="default"):
    """Run the block on a connection of the owner role (a no-op without DATABASE_MIGRATE_URL, or when the
    connection is the owner's already)."""
    if not separate_roles(alias) or "_APP_CREDENTIALS" in connections[alias].settings_dict:
        yield
        return
    use_owner(alias)
    try:
        yield
    finally:
        use_app(alias)


def use_owner(alias="default"):
    """Switch the connection to the owner for good (test set-up and flushes); `use_app` switches back."""
    if separate_roles(alias):
        connection = connections[alias]
        if connection.settings_dict.get("_APP_CREDENTIALS") is None:
            connection.settings_dict["_APP_CREDENTIALS"] = {k: connection.settings_dict.get(k, "") for k in CREDENTIALS}
        connection.close()
        connection.settings_dict.update(owner_credentials())


def use_app(alias="default"):
    connection = connections[alias]
    saved = connection.settings_dict.pop("_APP_CREDENTIALS", None)
    if saved is not None:
        connection.close()
        connection.settings_dict.update(saved)


def app_role(alias="default"):
    settings_dict = connections[alias].settings_dict
    return (settings_dict.get("_APP_CREDENTIALS") or settings_dict)["USER"]


def grant_to_app(alias="default"):
    """Give the application's role the rows of every table (and the sequences behind their ids), and
    nothing else; run as the owner after the migrations."""
    app = app_role(alias)
    owner = owner_credentials()["USER"]
    if not app or app == owner:
        return
    quoted = connections[alias].ops.quote_name(app)
    with connections[alias].cursor() as cursor:
        cursor.execute(f"GRANT USAGE ON SCHEMA public TO {quoted}")
        cursor.execute(f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {quoted}")
        cursor.execute(f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {quoted}")
        cursor.execute(f"REVOKE TRUNCATE, REFERENCES, TRIGGER ON ALL TABLES IN SCHEMA public FROM {quoted}")
