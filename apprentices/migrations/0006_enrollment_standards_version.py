"""Every enrollment is registered under a published version of its program's standards: each program gets
version 1, made of its values today, and its enrollments are registered under it."""

import django.db.models.deletion
from django.db import migrations, models


STANDARDS_FIELDS = (
    "occupation", "onet_code", "rapids_code", "approach", "term_months", "ojt_hours_required",
    "rti_hours_required", "probation_months", "ratio_apprentices", "ratio_journeyworkers", "ratio_policy",
    "journeyworker_wage", "registration_number",
)


def register_under_version_one(apps, schema_editor):
    from django.utils import timezone

    Program = apps.get_model("programs", "Program")
    StandardsVersion = apps.get_model("programs", "StandardsVersion")
    Enrollment = apps.get_model("apprentices", "Enrollment")
    for program in Program.objects.select_related("sponsor").prefetch_related("wage_steps"):
        version = StandardsVersion.objects.filter(program=program, number=1).first()
        if version is None:
            version = StandardsVersion.objects.create(
                sponsor_id=program.sponsor_id, program=program, number=1,
                **{name: getattr(program, name) for name in STANDARDS_FIELDS},
                wage_schedule=[
                    {"basis": s.basis, "threshold": s.threshold, "kind": s.kind, "amount": str(s.amount)}
                    for s in sorted(program.wage_steps.all(), key=lambda s: s.threshold)
                ],
                registration_agency=program.sponsor.registration_agency,
                note="The program's standards when versions were introduced.",
                published_at=timezone.now(),
            )
        Enrollment.objects.filter(program=program, standards_version__isnull=True).update(standards_version=version)


class Migration(migrations.Migration):

    dependencies = [
        ('apprentices', '0005_roster_keys'),
        ('programs', '0004_standards_versions'),
    ]

    operations = [
        migrations.AddField(
            model_name='enrollment',
            name='standards_version',
            field=models.ForeignKey(help_text="The version of the program's standards the apprentice is registered under.", null=True, on_delete=django.db.models.deletion.PROTECT, related_name='enrollments', to='programs.standardsversion', verbose_name='registered standards version'),
        ),
        migrations.RunPython(register_under_version_one, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="enrollment",
            name="standards_version",
            field=models.ForeignKey(
                help_text="The version of the program's standards the apprentice is registered under.",
                on_delete=django.db.models.deletion.PROTECT, related_name="enrollments",
                to="programs.standardsversion", verbose_name="registered standards version",
            ),
        ),
    ]
