"""Prepare a benchmark run on the load-test data set (`seed_demo --apprentices N`).

Picks the people the load generator signs in as — apprentices with their mentors, employer admins
with a draft Job Book to edit, the sponsor's admin and reviewer — gives them one known password, and
writes the plan (who, which addresses, which competencies an apprentice may log hours against) as
JSON for scripts/bench/load.py and `bench_explain`.  Idempotent.
"""

import json
from pathlib import Path

from allauth.account.models import EmailAddress
from django.contrib.auth.hashers import make_password
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.urls import reverse
from django_scopes import scopes_disabled

from apprentices.models import Enrollment, MentorAssignment
from imt.models import User
from imt.permissions import Role
from jobbook import selectors as jobbook_selectors
from jobbook import services as jobbook_services
from jobbook.models import Competency
from programs.models import Membership, Sponsor

BENCH_PASSWORD = "bench-pass-2026"
MENTORS = 6
APPRENTICES_PER_MENTOR = 5


class Command(BaseCommand):
    help = "Choose the benchmark's users and pages on the load-test data set and write them as JSON."

    def add_arguments(self, parser):
        parser.add_argument("--sponsor", default="keystone")
        parser.add_argument("--output", default="bench/plan.json")

    @scopes_disabled()
    @transaction.atomic
    def handle(self, *args, sponsor, output, **options):
        sponsor = Sponsor.objects.filter(slug=sponsor).first()
        if sponsor is None:
            raise CommandError("No such sponsor; run `seed_demo --apprentices 10000` first.")
        mentors = list(
            Membership.objects.filter(sponsor=sponsor, role=Role.MENTOR, user__email__startswith="load-mentor-",
                                      user__email__contains="-01@")
            .select_related("user", "employer").order_by("user__email")[:MENTORS]
        )
        if not mentors:
            raise CommandError("The load-test data set is missing; run `seed_demo --apprentices 10000` first.")
        apprentices = []
        for mentor in mentors:
            enrollments = (
                Enrollment.objects.filter(
                    pk__in=MentorAssignment.objects.filter(mentor=mentor, end_date__isnull=True)
                    .values("enrollment"), status=Enrollment.Status.ACTIVE)
                .select_related("apprentice__user").order_by("pk")[:APPRENTICES_PER_MENTOR]
            )
            for enrollment in enrollments:
                competencies = list(Competency.objects.filter(version=enrollment.job_book_version_id)
                                    .order_by("position").values_list("pk", flat=True))
                apprentices.append({"email": enrollment.apprentice.user.email, "competencies": competencies,
                                    "start_date": enrollment.start_date.isoformat()})
        employer_admins = []
        for mentor in mentors:
            admin = Membership.objects.select_related("user").get(
                sponsor=sponsor, employer=mentor.employer, role=Role.EMPLOYER_ADMIN,
                user__email__startswith="load-employer-")
            book = mentor.employer.job_books.order_by("pk").first()
            if jobbook_selectors.draft_version(book) is None:
                jobbook_services.version_start_draft(job_book=book, by=admin)
            employer_admins.append({
                "email": admin.user.email,
                "editor": reverse("job_book_editor", args=[sponsor.slug, book.pk]),
            })
        staff = {
            role: list(Membership.objects.filter(sponsor=sponsor, role=role, is_active=True,
                                                 user__email__in=[f"admin@{sponsor.slug}.example",
                                                                  f"reviewer@{sponsor.slug}.example"])
                       .values_list("user__email", flat=True))
            for role in (Role.SPONSOR_ADMIN, Role.SPONSOR_REVIEWER)
        }
        emails = ([a["email"] for a in apprentices] + [m.user.email for m in mentors]
                  + [e["email"] for e in employer_admins] + staff[Role.SPONSOR_ADMIN] + staff[Role.SPONSOR_REVIEWER])
        User.objects.filter(email__in=emails).update(password=make_password(BENCH_PASSWORD), is_active=True)
        for user in User.objects.filter(email__in=emails):  # as an accepted invitation leaves them
            EmailAddress.objects.update_or_create(user=user, email=user.email,
                                                  defaults={"verified": True, "primary": True})

        plan = {
            "sponsor": sponsor.slug,
            "password": BENCH_PASSWORD,
            "apprentices": apprentices,
            "mentors": [m.user.email for m in mentors],
            "employer_admins": employer_admins,
            "sponsor_admins": staff[Role.SPONSOR_ADMIN],
            "sponsor_reviewers": staff[Role.SPONSOR_REVIEWER],
            "size": {
                "apprentices": Enrollment.objects.filter(sponsor=sponsor).count(),
                "employers": sponsor.employers.count(),
            },
        }
        path = Path(output)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(plan, indent=2))
        self.stdout.write(f"Benchmark plan for {len(emails)} people written to {path}.")
