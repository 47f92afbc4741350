"""What the database itself refuses to change (SPEC §6: signed and decided records never change).

Each project app may declare, in `<app>/protected.py`, a list `GUARDS` of the writes its records must
refuse: a signature is never updated, a decided recommendation never changes, a completed status needs
the sponsor's approval.  This module turns them into triggers for PostgreSQL and SQLite, installed after
every `migrate` (SQLite drops a table's triggers when a migration rebuilds the table) and after a test
flush.  Every protected table also refuses TRUNCATE on PostgreSQL; on SQLite, connections run with
`recursive_triggers` on, so that `INSERT OR REPLACE` fires the DELETE guards instead of slipping past
them.

The application's own database role owns none of these tables (see imt/management/commands/migrate.py),
so it can neither drop nor disable a trigger.
"""

import hashlib
import importlib
from dataclasses import dataclass, field

from django.apps import apps
from django.conf import settings

PREFIX = "imt_guard_"
# Triggers of earlier releases, dropped when the guards are installed.
LEGACY_TRIGGERS = [
    *((f"apprentices_{t}_append_only", f"apprentices_{t}")
      for t in ("statuschange", "signature", "skillsignoff", "signoffrevocation")),
    ("apprentices_ojtentry_frozen_once_decided", "apprentices_ojtentry"),
]
LEGACY_SQLITE_TRIGGERS = [
    f"{table}_no_{op}"
    for table in ("apprentices_statuschange", "apprentices_signature", "apprentices_skillsignoff",
                  "apprentices_signoffrevocation", "apprentices_ojtentry")
    for op in ("update", "delete")
]
LEGACY_PG_FUNCTIONS = ["apprentices_refuse_change()", "apprentices_ojtentry_guard()"]


@dataclass(frozen=True)
class Guard:
    """Refuse `op` (INSERT, UPDATE or DELETE) on `table` when `condition` holds.

    `condition` is SQL over OLD and NEW, the same on both databases (it may hold sub-queries); empty
    means always.  `message` is what the refused statement's error says.
    """

    table: str
    op: str
    message: str
    condition: str = ""
    name: str = field(default="", compare=False)

    @property
    def trigger(self):
        base = f"{PREFIX}{self.table}_{self.op.lower()}_{self.name or 'always'}"
        if len(base) <= 60:
            return base
        digest = hashlib.sha1(base.encode()).hexdigest()[:8]
        return f"{base[:51]}_{digest}"


def changed(columns, vendor):
    """SQL that is true when any of `columns` differs between OLD and NEW (NULLs compared as values)."""
    operator = "IS DISTINCT FROM" if vendor == "postgresql" else "IS NOT"
    return "(" + " OR ".join(f"OLD.{c} {operator} NEW.{c}" for c in columns) + ")"


TEXT_TYPES = {"CharField", "TextField", "FileField", "ImageField", "SlugField", "EmailField"}


def columns_of(model, *, but=()):
    return [f.column for f in model._meta.concrete_fields if f.name not in but and f.column not in but]


# --- Building blocks the apps use -----------------------------------------------------------------


def append_only(model, *, noun=None):
    """Rows are inserted once and never updated or deleted."""
    table, noun = model._meta.db_table, noun or model._meta.verbose_name_plural
    return [
        Guard(table, "UPDATE", f"{noun} are append-only: UPDATE refused"),
        Guard(table, "DELETE", f"{noun} are append-only: DELETE refused"),
    ]


class Frozen:
    """Rows that may change until `decided` (SQL over OLD) holds, and never after, except `mutable`
    columns (bookkeeping such as when a notice was sent), each of which may only be filled once."""

    def __init__(self, model, decided, *, mutable=(), noun=None):
        self.model, self.decided, self.mutable = model, decided, tuple(mutable)
        self.noun = noun or str(model._meta.verbose_name)

    def guards(self, vendor):
        table = self.model._meta.db_table
        fixed = changed(columns_of(self.model, but=self.mutable), vendor)
        guards = [
            Guard(table, "UPDATE", f"a decided {self.noun} never changes: UPDATE refused",
                  f"({self.decided}) AND {fixed}", name="decided"),
            Guard(table, "DELETE", f"a decided {self.noun} is never deleted", self.decided, name="decided"),
        ]
        for name in self.mutable:
            model_field = self.model._meta.get_field(name)
            column = model_field.column
            filled = (f"COALESCE(OLD.{column}, '') <> ''" if model_field.get_internal_type() in TEXT_TYPES
                      else f"OLD.{column} IS NOT NULL")
            guards.append(Guard(table, "UPDATE", f"{self.noun}: {name} is written once",
                                f"{filled} AND {changed([column], vendor)}", name=f"once_{column}"))
        return guards


def immutable_columns(model, columns, *, noun=None):
    """Columns that never change once the row exists, whatever its state."""
    noun = noun or str(model._meta.verbose_name)
    return _VendorGuards(lambda vendor: [
        Guard(model._meta.db_table, "UPDATE", f"{noun}: {', '.join(columns)} never change",
              changed(columns, vendor), name="immutable"),
    ])


class _VendorGuards:
    def __init__(self, build):
        self.build = build

    def guards(self, vendor):
        return self.build(vendor)


# --- Collecting and installing ----------------------------------------------------------------------


def declared_guards(vendor):
    """Every guard the project apps declare, in INSTALLED_APPS order."""
    guards = []
    for label in settings.PROJECT_APPS:
        try:
            module = importlib.import_module(f"{apps.get_app_config(label).name}.protected")
        except ModuleNotFoundError as error:
            if error.name.endswith(".protected"):
                continue
            raise
        if module.__name__ == __name__:
            continue  # this module is the machinery, not a declaration
        for item in module.guards():
            if isinstance(item, Guard):
                guards.append(item)
            else:
                guards.extend(item.guards(vendor))
    return guards


def _sqlite_literal(text):
    return "'" + text.replace("'", "''") + "'"


def _statements(vendor, guards):
    statements = []
    if vendor == "postgresql":
        statements.append(
            "CREATE OR REPLACE FUNCTION imt_guard_refuse_truncate() RETURNS trigger AS $$ BEGIN "
            "RAISE EXCEPTION '% rows are protected: TRUNCATE refused', TG_TABLE_NAME "
            "USING ERRCODE = 'restrict_violation'; END $$ LANGUAGE plpgsql"
        )
        for guard in guards:
            condition = guard.condition or "TRUE"
            returned = "OLD" if guard.op == "DELETE" else "NEW"
            statements.append(
                f"CREATE OR REPLACE FUNCTION {guard.trigger}() RETURNS trigger AS $$ BEGIN "
                f"IF {condition} THEN RAISE EXCEPTION USING ERRCODE = 'restrict_violation', "
                f"MESSAGE = {_sqlite_literal(guard.table + ': ' + guard.message)}; END IF; "
                f"RETURN {returned}; END $$ LANGUAGE plpgsql"
            )
            statements.append(
                f"CREATE TRIGGER {guard.trigger} BEFORE {guard.op} ON {guard.table} "
                f"FOR EACH ROW EXECUTE FUNCTION {guard.trigger}()"
            )
        for table in sorted({g.table for g in guards}):
            statements.append(
                f"CREATE TRIGGER {PREFIX}{table}_truncate BEFORE TRUNCATE ON {table} "
                f"FOR EACH STATEMENT EXECUTE FUNCTION imt_guard_refuse_truncate()"
            )
    elif vendor == "sqlite":
        for guard in guards:
            when = f" WHEN {guard.condition}" if guard.condition else ""
            message = _sqlite_literal(f"{guard.table}: {guard.message}")
            statements.append(
                f"CREATE TRIGGER {guard.trigger} BEFORE {guard.op} ON {guard.table}{when} "
                f"BEGIN SELECT RAISE(ABORT, {message}); END"
            )
    else:
        raise NotImplementedError(f"No protection for the {vendor} database.")
    return statements


def installed_triggers(connection):
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT tgname, tgrelid::regclass::text FROM pg_trigger WHERE NOT tgisinternal AND tgname LIKE %s",
                [PREFIX + "%"],
            )
        else:
            cursor.execute("SELECT name, tbl_name FROM sqlite_master WHERE type = 'trigger' AND name LIKE %s",
                           [PREFIX + "%"])
        return cursor.fetchall()


def uninstall(connection):
    """Drop every guard (a test flush, or before installing them again)."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            for name, table in installed_triggers(connection):
                cursor.execute(f"DROP TRIGGER IF EXISTS {name} ON {table}")
            cursor.execute(
                "SELECT p.oid::regprocedure::text FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace "
                "WHERE n.nspname = current_schema() AND p.proname LIKE %s",
                [PREFIX + "%"],
            )
            for (function,) in cursor.fetchall():
                cursor.execute(f"DROP FUNCTION IF EXISTS {function}")
            tables = set(connection.introspection.table_names(cursor))
            for name, table in LEGACY_TRIGGERS:
                if table in tables:
                    cursor.execute(f"DROP TRIGGER IF EXISTS {name} ON {table}")
            for function in LEGACY_PG_FUNCTIONS:
                cursor.execute(f"DROP FUNCTION IF EXISTS {function}")
        elif connection.vendor == "sqlite":
            for name, _table in installed_triggers(connection):
                cursor.execute(f"DROP TRIGGER IF EXISTS {name}")
            for name in LEGACY_SQLITE_TRIGGERS:
                cursor.execute(f"DROP TRIGGER IF EXISTS {name}")


def install(connection):
    """(Re)install every guard whose tables exist; returns how many triggers guard the records."""
    uninstall(connection)
    with connection.cursor() as cursor:
        tables = set(connection.introspection.table_names(cursor))
    guards = [g for g in declared_guards(connection.vendor) if g.table in tables]
    with connection.cursor() as cursor:
        for statement in _statements(connection.vendor, guards):
            cursor.execute(statement)
    return len(guards)


def install_after_migrate(sender, using, **kwargs):
    """post_migrate receiver (sent once per app; the imt app's signal comes after all migrations)."""
    from django.db import connections

    install(connections[using])
