"""Django's migrate, run as the database owner when DATABASE_MIGRATE_URL is set (imt/db_roles.py), which
then grants the application's role the rows of every table and nothing more."""

from django.core.management.commands.migrate import Command as DjangoMigrate

from imt import db_roles


class Command(DjangoMigrate):
    help = DjangoMigrate.help + " With DATABASE_MIGRATE_URL, as that (owner) role."

    def handle(self, *args, **options):
        alias = options["database"]
        with db_roles.as_owner(alias):
            result = super().handle(*args, **options)
            if db_roles.separate_roles(alias):
                db_roles.grant_to_app(alias)
        return result
