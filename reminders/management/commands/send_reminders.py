from django.core.management.base import BaseCommand, CommandError

from programs.models import Sponsor
from reminders.detectors import GROUPS
from reminders.services import reminders_send_all


class Command(BaseCommand):
    help = "Run the reminder detectors once now (every sponsor, or one); each person is told once per key."

    def add_arguments(self, parser):
        parser.add_argument("--sponsor", help="the sponsor's slug (default: every sponsor)")
        parser.add_argument("--only", choices=sorted(GROUPS), default="all",
                            help="events (what just happened), daily (conditions) or all (default)")
        parser.add_argument("--dry-run", action="store_true", help="count what would be told; tell nobody")

    def handle(self, *args, sponsor=None, only="all", dry_run=False, **options):
        sponsors = None
        if sponsor:
            sponsors = list(Sponsor.objects.filter(slug=sponsor))
            if not sponsors:
                raise CommandError(f"No sponsor {sponsor!r}.")
        results = reminders_send_all(group=only, sponsors=sponsors, dry=dry_run)
        verb = "would tell" if dry_run else "told"
        for slug, told in results.items():
            details = ", ".join(f"{name} {count}" for name, count in told.items() if count) or "nothing"
            self.stdout.write(f"{slug}: {verb} {sum(told.values())} ({details})")
        expected = len(sponsors) if sponsors is not None else Sponsor.objects.count()
        if len(results) < expected:
            raise CommandError("Reminders failed at some sponsors; see the log.")
