"""Demo credentials: every apprentice present gets the credentials their progress suggests.

OSHA 10 comes first, then First Aid/CPR, then the CPT modules one by one.  Most are verified;
the newest of each apprentice waits for the sponsor.  apprentice@keystone.example holds all six,
one of them (First Aid/CPR) expiring within the month.  Idempotent: an apprentice who already
has a credential is left alone.
"""

from datetime import timedelta

from django.utils import timezone

from credentials import services
from credentials.models import CredentialType
from credentials.standard import IMT_CREDENTIAL_TYPES
from imt.permissions import Role
from programs.models import Membership, Program, Sponsor
from rti.demo import demo_pdf, progress_of

ORDER = [
    "OSHA 10-Hour General Industry", "First Aid/CPR", "MSSC CPT Safety", "MSSC CPT Quality Practices & Measurement",
    "MSSC CPT Manufacturing Processes & Production", "MSSC CPT Maintenance Awareness",
]
assert sorted(ORDER) == sorted(name for name, *_rest in IMT_CREDENTIAL_TYPES)


def seed(command, options):
    today = timezone.localdate()
    for sponsor in Sponsor.objects.filter(slug__in=["keystone", "lakeshore"]):
        services.credential_types_seed(sponsor=sponsor)
        for program in Program.objects.filter(sponsor=sponsor):
            services.program_requirements_seed(program=program)
        types = {t.name: t for t in CredentialType.objects.filter(sponsor=sponsor)}
        # The sponsor admin verifies credentials (the reviewer only reads them).
        verifier = Membership.objects.filter(sponsor=sponsor, role=Role.SPONSOR_ADMIN).order_by("pk").first()
        apprentices = (
            Membership.objects.filter(sponsor=sponsor, role=Role.APPRENTICE, is_active=True)
            .exclude(user__email__startswith="load-apprentice-")  # the load-test set has hours and sign-offs only
            .exclude(credentials__isnull=False).select_related("user").order_by("pk")
        )
        count = 0
        for apprentice in apprentices:
            held = round(progress_of(apprentice) * len(ORDER))
            for index, name in enumerate(ORDER[:held]):
                credential_type = types[name]
                earned = today - timedelta(days=30 * (14 - 2 * index))
                if apprentice.user.email == "apprentice@keystone.example" and name == "First Aid/CPR":
                    earned = today - timedelta(days=2 * 365 - 20)  # the one expiring soon
                credential = services.credential_record(
                    apprentice=apprentice, credential_type=credential_type, earned_on=earned, by=apprentice,
                    number=f"{credential_type.name.split()[0].upper()}-{apprentice.pk:04d}{index}",
                    evidence=demo_pdf(f"{credential_type.name.replace('/', '-')}.pdf") if index % 2 == 0 else None,
                )
                if verifier and index < held - 1:
                    services.credential_verify(credential=credential, by=verifier)
                count += 1
        command.stdout.write(f"Credentials {sponsor.slug}: {count} recorded")

