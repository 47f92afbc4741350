"""On PostgreSQL the application connects as a role that owns nothing: it reads and writes rows, and cannot
drop, disable or outrun the triggers that guard decided records (imt/db_roles.py, imt/protected.py).
CI runs the whole suite as that role (DATABASE_URL) with the owner for migrations (DATABASE_MIGRATE_URL)."""

import pytest
from django.db import DatabaseError, connection, transaction

from imt import db_roles

pytestmark = [pytest.mark.services, pytest.mark.django_db]


@pytest.fixture(autouse=True)
def _separate_roles():
    if not db_roles.separate_roles():
        pytest.skip("needs PostgreSQL with DATABASE_MIGRATE_URL (the owner) beside DATABASE_URL (the application)")


def refused(sql):
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql)
    except DatabaseError as error:
        return str(error)
    return ""


def one(sql):
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return cursor.fetchone()


def test_the_application_role_is_no_superuser_and_owns_no_table():
    user, superuser = one("SELECT current_user, rolsuper FROM pg_roles WHERE rolname = current_user")
    assert user == db_roles.app_role() and user != db_roles.owner_credentials()["USER"]
    assert superuser is False
    assert one("SELECT count(*) FROM pg_tables WHERE schemaname = 'public' AND tableowner = current_user") == (0,)
    assert one("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'")[0] > 20


@pytest.mark.parametrize("sql", [
    "ALTER TABLE apprentices_signature DISABLE TRIGGER ALL",
    "ALTER TABLE completion_reviewdecision DISABLE TRIGGER USER",
    "DROP TRIGGER imt_guard_apprentices_signature_update_always ON apprentices_signature",
    "DROP FUNCTION imt_guard_refuse_truncate() CASCADE",
    "SET session_replication_role = replica",
    "TRUNCATE apprentices_statuschange",
    "CREATE TABLE apprentices_signature_copy (id int)",
    "ALTER TABLE apprentices_ojtentry OWNER TO CURRENT_USER",
])
def test_the_application_role_cannot_get_around_the_guards(sql):
    assert refused(sql), f"the application's role may run: {sql}"


def test_the_application_role_reads_and_writes_rows():
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE programs_sponsor SET phone = phone WHERE slug = 'keystone'")
        assert cursor.rowcount == 1


@pytest.mark.django_db(transaction=True)
def test_migrate_runs_as_the_owner_and_grants_the_rows_again():
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    assert one("SELECT current_user")[0] == db_roles.app_role()
    assert one("SELECT has_table_privilege(current_user, 'apprentices_ojtentry', 'INSERT')") == (True,)
    assert one("SELECT has_table_privilege(current_user, 'apprentices_ojtentry', 'TRUNCATE')") == (False,)
