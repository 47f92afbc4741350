"""Create the demo sponsors, people and records.  Idempotent: a second run changes nothing.

Each app that has demo records provides `<app>/demo.py` (see imt.seeding).
"""

import time

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction
from django_scopes import scopes_disabled

from imt.seeding import demo_modules
from programs.demo import sign_ins

DEMO_PASSWORD = "demo-pass-2026"


class Command(BaseCommand):
    help = "Create (or complete) the demo data: two sponsors with one user per role."

    def add_arguments(self, parser):
        parser.add_argument(
            "--apprentices", type=int, default=0,
            help="Also create this many extra apprentices with proportional history (for load tests).",
        )

    def handle(self, *args, **options):
        started = time.monotonic()
        with scopes_disabled():
            for module in demo_modules():
                with transaction.atomic():
                    module.seed(self, options)
        self.stdout.write(self.style.SUCCESS(f"Demo data ready in {time.monotonic() - started:.1f} s."))
        if options["verbosity"] > 0:
            self._print_sign_ins()

    def _print_sign_ins(self):
        self.stdout.write(f"\nSign in at {settings.SITE_URL}/accounts/login/ with password {DEMO_PASSWORD!r} as:")
        for email, what in sign_ins():
            self.stdout.write(f"  {email:<28} {what}")
