"""Asking the database itself whether it takes a statement (the guards of imt/protected.py)."""

from django.db import DatabaseError, connection, transaction


def refused(sql, *params):
    """True when the database refuses the statement (the transaction stays usable)."""
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql, params)
    except DatabaseError:
        return True
    return False
