"""Database triggers that refuse a stray UPDATE or DELETE of signed history (SPEC §6).

Installed by migration 0002 and re-installed (idempotently) after every `migrate`, because SQLite
drops a table's triggers when a later migration rebuilds the table.
"""

# Rows of these tables never change once inserted.
APPEND_ONLY_TABLES = [
    "apprentices_statuschange",
    "apprentices_signature",
    "apprentices_skillsignoff",
    "apprentices_signoffrevocation",
]
# An OJT entry changes while it is pending (edit, withdraw, approve, reject) and never after.
OJT_TABLE = "apprentices_ojtentry"

PG_FUNCTIONS = """
CREATE OR REPLACE FUNCTION apprentices_refuse_change() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION '% rows are append-only: % refused', TG_TABLE_NAME, TG_OP
        USING ERRCODE = 'restrict_violation';
END;
$$ LANGUAGE plpgsql;

CREATE OR REPLACE FUNCTION apprentices_ojtentry_guard() RETURNS trigger AS $$
BEGIN
    IF OLD.status <> 'pending' THEN
        RAISE EXCEPTION 'an OJT entry that is % never changes: % refused', OLD.status, TG_OP
            USING ERRCODE = 'restrict_violation';
    END IF;
    IF TG_OP = 'DELETE' THEN
        RETURN OLD;
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;
"""


def _postgresql_install():
    statements = [PG_FUNCTIONS]
    for table in APPEND_ONLY_TABLES:
        statements += [
            f"DROP TRIGGER IF EXISTS {table}_append_only ON {table}",
            f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
            f"FOR EACH ROW EXECUTE FUNCTION apprentices_refuse_change()",
        ]
    statements += [
        f"DROP TRIGGER IF EXISTS {OJT_TABLE}_frozen_once_decided ON {OJT_TABLE}",
        f"CREATE TRIGGER {OJT_TABLE}_frozen_once_decided BEFORE UPDATE OR DELETE ON {OJT_TABLE} "
        f"FOR EACH ROW EXECUTE FUNCTION apprentices_ojtentry_guard()",
    ]
    return statements


def _postgresql_uninstall():
    statements = [f"DROP TRIGGER IF EXISTS {table}_append_only ON {table}" for table in APPEND_ONLY_TABLES]
    statements += [
        f"DROP TRIGGER IF EXISTS {OJT_TABLE}_frozen_once_decided ON {OJT_TABLE}",
        "DROP FUNCTION IF EXISTS apprentices_refuse_change()",
        "DROP FUNCTION IF EXISTS apprentices_ojtentry_guard()",
    ]
    return statements


def _sqlite_install():
    statements = []
    for table in APPEND_ONLY_TABLES:
        for op in ("UPDATE", "DELETE"):
            statements.append(
                f"CREATE TRIGGER IF NOT EXISTS {table}_no_{op.lower()} BEFORE {op} ON {table} "
                f"BEGIN SELECT RAISE(ABORT, '{table} rows are append-only: {op} refused'); END"
            )
    for op in ("UPDATE", "DELETE"):
        statements.append(
            f"CREATE TRIGGER IF NOT EXISTS {OJT_TABLE}_no_{op.lower()} BEFORE {op} ON {OJT_TABLE} "
            f"WHEN OLD.status <> 'pending' "
            f"BEGIN SELECT RAISE(ABORT, 'an OJT entry that is no longer pending never changes: {op} refused'); END"
        )
    return statements


def _sqlite_uninstall():
    return [
        f"DROP TRIGGER IF EXISTS {table}_no_{op} "
        for table in [*APPEND_ONLY_TABLES, OJT_TABLE]
        for op in ("update", "delete")
    ]


def _statements(vendor, install):
    if vendor == "postgresql":
        return _postgresql_install() if install else _postgresql_uninstall()
    if vendor == "sqlite":
        return _sqlite_install() if install else _sqlite_uninstall()
    raise NotImplementedError(f"No append-only triggers for the {vendor} database.")


def install(connection):
    with connection.cursor() as cursor:
        for statement in _statements(connection.vendor, install=True):
            cursor.execute(statement)


def uninstall(connection):
    with connection.cursor() as cursor:
        for statement in _statements(connection.vendor, install=False):
            cursor.execute(statement)


def reinstall_after_migrate(sender, using, **kwargs):
    """post_migrate receiver: put back any trigger a table rebuild dropped."""
    from django.db import connections

    connection = connections[using]
    tables = set(connection.introspection.table_names())
    if {*APPEND_ONLY_TABLES, OJT_TABLE} <= tables:
        install(connection)
