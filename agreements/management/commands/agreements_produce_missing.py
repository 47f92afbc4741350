"""Produce the original agreement of every open enrollment that has none: those enrolled before the
platform produced agreements, or whose production after enrolling failed (it is logged, not retried).

Safe to run again: an enrollment with an agreement is left alone (agreement_produce is idempotent).
Each produced agreement is then pending until the apprentice, the employer and the sponsor sign it.
"""

from django.core.management.base import BaseCommand, CommandError
from django_scopes import scope, scopes_disabled

from agreements import services
from agreements.models import Agreement
from apprentices.models import Enrollment
from programs.models import Sponsor


class Command(BaseCommand):
    help = "Produce the original apprenticeship agreement of every open enrollment that has none."

    def add_arguments(self, parser):
        parser.add_argument("--sponsor", metavar="SLUG", help="only this sponsor's enrollments")

    def handle(self, *args, sponsor=None, **options):
        with scopes_disabled():
            sponsors = Sponsor.objects.order_by("pk")
            if sponsor:
                sponsors = sponsors.filter(slug=sponsor)
                if not sponsors.exists():
                    raise CommandError(f"There is no sponsor with the slug {sponsor!r}.")
            sponsors = list(sponsors)
        produced = 0
        for each in sponsors:
            with scope(sponsor=each):
                missing = (
                    Enrollment.objects.filter(sponsor=each, status__in=Enrollment.OPEN_STATUSES)
                    .exclude(pk__in=Agreement.objects.filter(sponsor=each).values("enrollment_id"))
                    .select_related("created_by").order_by("pk")
                )
                for enrollment in missing:
                    services.agreement_produce(enrollment=enrollment, reason="original", by=enrollment.created_by)
                    produced += 1
        self.stdout.write(f"{produced} agreement(s) produced, each waiting for its three signatures.")
