"""Triggers that refuse UPDATE and DELETE of signed history, on PostgreSQL and SQLite."""

from django.db import migrations


def install(apps, schema_editor):
    from apprentices import triggers

    triggers.install(schema_editor.connection)


def uninstall(apps, schema_editor):
    from apprentices import triggers

    triggers.uninstall(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [("apprentices", "0001_initial")]

    operations = [migrations.RunPython(install, uninstall)]
