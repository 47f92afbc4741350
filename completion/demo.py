"""Demo completion records at keystone: one recommendation waiting for review with its packet built,
and one apprentice already completed with a certificate.  (The apprentice who is eligible but not yet
recommended comes from the apprentices' demo data.)

Building these takes several seconds; the test suite's shared demo data leaves them out
(options["quick"]).
"""

from django.db import transaction
from django.utils import timezone

from completion import services
from completion.models import Recommendation
from completion.records import complete_record
from imt.permissions import Role
from programs.demo import publish_second_version
from programs.models import Employer, Membership, Sponsor

PASSWORD = "demo-pass-2026"


def seed(command, options):
    if options.get("quick"):
        return
    seed_completions(command)
    # Last of all, when every demo apprentice is enrolled: they stay on version 1 of keystone's standards
    # (the completions above were built to version 1's 264 RTI hours; version 2 asks 288).
    publish_second_version(command)


def seed_completions(command):
    sponsor = Sponsor.objects.filter(slug="keystone").first()
    employer = Employer.objects.filter(sponsor=sponsor, name="Penn Precision Plastics").first()
    if sponsor is None or employer is None:
        return
    employer_admin = Membership.objects.filter(employer=employer, role=Role.EMPLOYER_ADMIN).first()
    reviewer = Membership.objects.filter(sponsor=sponsor, role=Role.SPONSOR_REVIEWER).first()
    if employer_admin is None or reviewer is None:
        return
    made = []
    for full_name, approve in [("Morgan Reyes", False), ("Sam Whitaker", True)]:
        email = full_name.lower().replace(" ", ".") + "@keystone.example"
        if Recommendation.objects.filter(sponsor=sponsor, enrollment__email=email).exists():
            continue
        with transaction.atomic():
            enrollment = complete_record(sponsor=sponsor, employer=employer, full_name=full_name, email=email,
                                         password=PASSWORD, days=560)
            recommendation = services.recommend(enrollment=enrollment, by=employer_admin,
                                                confirmed_at=timezone.now())
        if approve:
            with transaction.atomic():
                services.review_approve(recommendation=recommendation, by=reviewer, confirmed_at=timezone.now(),
                                        comment="All records reviewed; congratulations.")
        made.append(full_name)
    if made:
        command.stdout.write(f"Completion at keystone: {', '.join(made)}")
