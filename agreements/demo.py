"""Demo agreements: every demo enrollment gets its original agreement (the demo's history is written as
rows, so nothing produced one).  Each sponsor's enrollments are signed by all three parties where the
demo has the people to sign, except the most recent one, which the apprentice alone has signed so far
(pending, 1 of 3).  apprentice@keystone.example's agreement is fully signed.  Idempotent: an enrollment
that has an agreement keeps it, and a party that signed is not asked again."""

from django.utils import timezone

from agreements import services
from agreements.models import AgreementSignature, Party
from agreements.selectors import current_agreement
from apprentices.models import Enrollment
from imt.permissions import Role
from programs.models import Membership, Sponsor


def seed(command, options):
    for sponsor in Sponsor.objects.filter(slug__in=["keystone", "lakeshore"]):
        admins = Membership.objects.filter(sponsor=sponsor, role=Role.SPONSOR_ADMIN, is_active=True)
        admin = admins.order_by("pk").first()
        enrollments = list(
            Enrollment.objects.filter(sponsor=sponsor).exclude(email__startswith="load-apprentice-")
            .select_related("apprentice__user", "created_by").order_by("start_date", "pk")
        )
        recent = next((e for e in reversed(enrollments) if e.is_open and e.apprentice_id
                       and e.email != "apprentice@keystone.example"), None)
        for enrollment in enrollments:
            services.agreement_produce(enrollment=enrollment, reason="original", by=enrollment.created_by)
            status = current_agreement(enrollment)
            if status is None or status.signatures:
                continue  # signed as the demo wants it already
            employer_admin = Membership.objects.filter(
                sponsor=sponsor, role=Role.EMPLOYER_ADMIN, employer=enrollment.employer_id, is_active=True,
            ).order_by("pk").first()
            signers = [(enrollment.apprentice, Party.APPRENTICE)]
            if enrollment != recent:
                signers += [(employer_admin, Party.EMPLOYER), (admin, Party.SPONSOR)]
            for by, party in signers:
                if by is None or not by.is_active:
                    continue
                if AgreementSignature.objects.filter(agreement=status.agreement, party=party).exists():
                    continue
                services.agreement_sign(agreement=status.agreement, by=by, party=party,
                                        password_confirmed_at=timezone.now())
