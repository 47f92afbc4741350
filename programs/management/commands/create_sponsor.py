from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django_scopes import scopes_disabled

from programs.services import sponsor_create


class Command(BaseCommand):
    help = "Create a sponsor (tenant) and optionally its first sponsor admin."

    def add_arguments(self, parser):
        parser.add_argument("slug", help="Short name used in addresses, e.g. keystone")
        parser.add_argument("name", help="The sponsor's full name")
        parser.add_argument("--admin-email", help="E-mail of the first sponsor admin (created if new)")
        parser.add_argument("--admin-name", default="", help="Full name of that admin")
        parser.add_argument("--admin-password", help="Password for a new admin (else they use password reset)")
        parser.add_argument("--registration-agency", default="")
        parser.add_argument("--rapids-number", default="", help="RAPIDS sponsor number")

    def handle(self, *args, **options):
        try:
            with scopes_disabled():
                sponsor = sponsor_create(
                    name=options["name"], slug=options["slug"],
                    admin_email=options["admin_email"], admin_name=options["admin_name"],
                    admin_password=options["admin_password"],
                    registration_agency=options["registration_agency"],
                    rapids_sponsor_number=options["rapids_number"],
                )
        except ValidationError as error:
            raise CommandError("; ".join(f"{k}: {' '.join(v)}" for k, v in error.message_dict.items())) from None
        self.stdout.write(self.style.SUCCESS(f"Created sponsor {sponsor.slug} ({sponsor.name})."))
