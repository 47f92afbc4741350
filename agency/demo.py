"""Demo data for the agency's reports.

Every demo apprentice gets the registration answers and contact the agency needs, except one new
apprentice at keystone, whose date of birth and street address are left out so that the RAPIDS
validation report shows them with a link to the demographics page.  Each sponsor gets a first export,
made 55 days ago, that carried every change effective up to 60 days ago; the later ones are due, some
overdue.  At keystone two signed changes are added through the services: a suspension 10 days ago (due)
and a cancellation during probation 50 days ago (overdue).  Idempotent: a sponsor with an export is left
alone.
"""

import datetime
import hashlib

from django.utils import timezone
from django_scopes import scope

from agency.models import AgencyExport, ExportedRecord
from agency.rapids import write_csv
from agency.selectors import export_rows
from apprentices import services as apprentice_services
from apprentices.models import Demographics, Enrollment
from compliance import demo as compliance_demo
from imt.permissions import Role
from programs.models import Membership, Sponsor

D = Demographics
CITIES = {"PA": [("Harrisburg", "17101"), ("York", "17401"), ("Lancaster", "17602")],
          "OH": [("Sandusky", "44870"), ("Toledo", "43604"), ("Norwalk", "44857")]}
STREETS = ["Market Street", "Front Street", "Oak Avenue", "Mill Road", "Ridge Drive"]
RACES = [[D.Race.WHITE], [D.Race.BLACK], [D.Race.ASIAN], [D.Race.WHITE, D.Race.AMERICAN_INDIAN], [D.Race.PREFER_NOT]]


def incomplete_enrollment(sponsor):
    """The keystone apprentice whose record the demo leaves incomplete: the newest on probation."""
    return (Enrollment.objects.filter(sponsor=sponsor, status=Enrollment.Status.PROBATION)
            .exclude(email__startswith="load-apprentice-").order_by("-start_date", "pk").first())


def _answers(enrollment, index, state):
    city, postal_code = CITIES.get(state, CITIES["PA"])[index % 3]
    years = 19 + index % 17
    return {
        "date_of_birth": enrollment.start_date.replace(day=1) - datetime.timedelta(days=365 * years + 40),
        "sex": [D.Sex.MALE, D.Sex.FEMALE, D.Sex.MALE, D.Sex.PREFER_NOT][index % 4],
        "races": RACES[index % len(RACES)],
        "ethnicity": [D.Ethnicity.NOT_HISPANIC, D.Ethnicity.HISPANIC, D.Ethnicity.NOT_HISPANIC][index % 3],
        "veteran_status": [D.Veteran.NON_VETERAN, D.Veteran.NON_VETERAN, D.Veteran.VETERAN][index % 3],
        "education_level": [D.Education.HIGH_SCHOOL, D.Education.SOME_COLLEGE, D.Education.VOCATIONAL][index % 3],
        "disability": [D.Disability.NO, D.Disability.NO, D.Disability.YES, D.Disability.PREFER_NOT][index % 4],
        "employment_status": [D.Employment.NEW, D.Employment.EXISTING][index % 2],
        "address_line": f"{100 + 7 * index} {STREETS[index % len(STREETS)]}", "city": city, "state": state,
        "postal_code": postal_code, "phone": f"717555{1000 + index:04d}",
    }


def _fill_demographics(sponsor, admin, skip):
    enrollments = (Enrollment.objects.filter(sponsor=sponsor).exclude(email__startswith="load-apprentice-")
                   .order_by("pk"))
    existing = {d.enrollment_id: d for d in Demographics.objects.filter(sponsor=sponsor)}
    for index, enrollment in enumerate(enrollments):
        answers = _answers(enrollment, index, sponsor.state or "PA")
        if skip is not None and enrollment.pk == skip.pk:
            answers.update(date_of_birth=None, address_line="")
        known = existing.get(enrollment.pk)
        if known is not None:  # keep what someone already answered
            for name in answers:
                value = getattr(known, name)
                if value not in ("", None, []):
                    answers[name] = value
            answers["date_of_birth_declined"] = known.date_of_birth_declined
            if known.date_of_birth_declined:
                answers["date_of_birth"] = None
        apprentice_services.demographics_save(enrollment=enrollment, by=admin.user, **answers)


def _first_export(sponsor, admin, cutoff, made_at):
    rows = []
    for row in export_rows(sponsor, datetime.date(2000, 1, 1)):
        row.changes = [change for change in row.changes if change.effective_date <= cutoff]
        if row.changes:
            rows.append(row)
    valid = [row for row in rows if row.valid]
    content = write_csv(rows)
    since = min((c.effective_date for row in rows for c in row.changes), default=cutoff)
    export = AgencyExport.objects.create(
        sponsor=sponsor, by=admin.user, created_at=made_at, since=since, rows=len(valid),
        held_back=len(rows) - len(valid), content=content, sha256=hashlib.sha256(content.encode()).hexdigest(),
    )
    ExportedRecord.objects.bulk_create([
        ExportedRecord(sponsor=sponsor, export=export, enrollment=row.enrollment, status_change=change)
        for row in valid for change in row.changes
    ])
    return export


def _recent_changes(sponsor, admin, today, skip):
    open_ones = Enrollment.objects.filter(sponsor=sponsor).exclude(email__startswith="load-apprentice-")
    if skip is not None:
        open_ones = open_ones.exclude(pk=skip.pk)
    now = timezone.now()
    # A midway apprentice (not the one ready for completion, nor the canonical demo apprentice).
    to_suspend = open_ones.filter(
        status=Enrollment.Status.ACTIVE, start_date__range=(today - datetime.timedelta(days=365),
                                                            today - datetime.timedelta(days=180)),
    ).exclude(email=f"apprentice@{sponsor.slug}.example").order_by("-start_date", "pk").first()
    if to_suspend is not None:
        apprentice_services.enrollment_change_status(
            enrollment=to_suspend, to_status=Enrollment.Status.SUSPENDED, reason_code="S1",
            effective_date=today - datetime.timedelta(days=10), reason="Line 3 idle for retooling",
            by=admin.user, password_confirmed_at=now,
        )
    # Not one of the probations the compliance demo shows ending or overdue.
    to_cancel = open_ones.filter(status=Enrollment.Status.PROBATION, status_since__lt=today - datetime.timedelta(
        days=55)).exclude(email__in=[email for email, *_ in compliance_demo.PROBATIONERS]).order_by(
        "start_date", "pk").first()
    if to_cancel is not None:
        apprentice_services.enrollment_change_status(
            enrollment=to_cancel, to_status=Enrollment.Status.CANCELLED, reason_code="01",
            effective_date=today - datetime.timedelta(days=50), reason="Took a job elsewhere during probation",
            by=admin.user, password_confirmed_at=now,
        )


def seed(command, options):
    today = timezone.localdate()
    for sponsor in Sponsor.objects.filter(slug__in=["keystone", "lakeshore"]):
        if AgencyExport.objects.filter(sponsor=sponsor).exists():
            continue
        admin = Membership.objects.filter(sponsor=sponsor, role=Role.SPONSOR_ADMIN).select_related(
            "user").order_by("pk").first()
        if admin is None or not Enrollment.objects.filter(sponsor=sponsor).exists():
            continue
        with scope(sponsor=sponsor):
            skip = incomplete_enrollment(sponsor) if sponsor.slug == "keystone" else None
            _fill_demographics(sponsor, admin, skip)
            export = _first_export(sponsor, admin, today - datetime.timedelta(days=60),
                                   timezone.now() - datetime.timedelta(days=55))
            if sponsor.slug == "keystone":
                _recent_changes(sponsor, admin, today, skip)
        command.stdout.write(f"Agency exports {sponsor.slug}: a first export of {export.rows} rows")
