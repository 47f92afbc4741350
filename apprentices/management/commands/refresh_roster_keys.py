"""Recompute every enrollment's roster keys (counted hours, last day logged) from its records.

The services keep the keys current; this is for a repair made outside the application.  Enrollments
are locked batch by batch, in id order like the services lock them, so it can run while people work.
"""

import time

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django_scopes import scopes_disabled

from apprentices.models import Enrollment
from apprentices.services import refresh_roster_keys
from programs.models import Sponsor

BATCH = 500


class Command(BaseCommand):
    help = "Recompute the roster keys (counted hours, last day logged) of every enrollment from its records."

    def add_arguments(self, parser):
        parser.add_argument("--sponsor", metavar="SLUG", help="only this sponsor's enrollments")

    def handle(self, *args, sponsor=None, **options):
        started = time.monotonic()
        with scopes_disabled():
            enrollments = Enrollment.objects.order_by("pk")
            if sponsor:
                found = Sponsor.objects.filter(slug=sponsor).first()
                if found is None:
                    raise CommandError(f"There is no sponsor with the slug {sponsor!r}.")
                enrollments = enrollments.filter(sponsor=found)
            ids = list(enrollments.values_list("pk", flat=True))
            for start in range(0, len(ids), BATCH):
                with transaction.atomic():
                    batch = list(
                        Enrollment.objects.select_for_update().filter(pk__in=ids[start:start + BATCH])
                        .order_by("pk").values_list("pk", flat=True)
                    )
                    refresh_roster_keys(batch)
        elapsed = time.monotonic() - started
        self.stdout.write(f"Recomputed the roster keys of {len(ids)} enrollments in {elapsed:.1f} s.")
