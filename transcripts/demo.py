"""Demo transcript at keystone: the completed apprentice of the completion demo (Sam Whitaker) holds an
issued, verifiable transcript.  Nothing when that apprentice is not there (the quick demo of the tests)."""

from django.db import transaction

from apprentices.models import Enrollment
from imt.permissions import Role
from programs.models import Membership, Sponsor
from transcripts import services
from transcripts.models import TranscriptIssue

EMAIL = "sam.whitaker@keystone.example"


def seed(command, options):
    sponsor = Sponsor.objects.filter(slug="keystone").first()
    if sponsor is None:
        return
    enrollment = Enrollment.objects.filter(sponsor=sponsor, email=EMAIL).order_by("pk").first()
    if enrollment is None or TranscriptIssue.objects.filter(enrollment=enrollment).exists():
        return
    admin = Membership.objects.filter(sponsor=sponsor, role=Role.SPONSOR_ADMIN, is_active=True).order_by("pk").first()
    if admin is None:
        return
    with transaction.atomic():
        issue = services.transcript_issue(enrollment=enrollment, by=admin)
    command.stdout.write(f"Transcript at keystone: {enrollment.full_name}, code {issue.grouped_code}")
