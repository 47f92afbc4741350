"""The roster keys (counted hours, last day logged) that rosters sort and filter by follow every service
that changes an apprentice's hours or credit, and agree with the entries themselves."""

from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from apprentices import selectors, services
from apprentices.models import AdvancedStanding, Enrollment, OJTEntry
from rti.demo import DEMO_PDF

from .conftest import days_ago


def keys(enrollment):
    """(stored counted hours, stored last day, the same two recomputed from the records)."""
    row = (
        Enrollment.objects.filter(pk=enrollment.pk)
        .annotate(**{f"fresh_{k}": v for k, v in selectors.roster_key_values().items()})
        .values("counted_hours", "last_logged", "fresh_counted_hours", "fresh_last_logged")
        .get()
    )
    assert (row["counted_hours"], row["last_logged"]) == (row["fresh_counted_hours"], row["fresh_last_logged"])
    return row["counted_hours"], row["last_logged"]


def test_every_change_to_hours_or_credit_moves_the_roster_keys(enroll, make):
    enrollment = enroll(start=days_ago(100))
    user, mentor, competency = enrollment.apprentice.user, make.mentor, make.competency()

    def log(day, hours="8"):
        return services.hours_log(enrollment=enrollment, by=user, date=days_ago(day), competency=competency,
                                  hours=hours)

    assert keys(enrollment) == (0, None)
    first = log(10)
    assert keys(enrollment) == (0, days_ago(10))  # pending hours count toward the last day, not progress
    services.hours_approve(mentor=mentor, entries=[first])
    assert keys(enrollment) == (8, days_ago(10))

    later = log(4, "6")
    assert keys(enrollment) == (8, days_ago(4))
    services.hours_reject(mentor=mentor, entries=[later], reason="Not on the schedule")
    assert keys(enrollment) == (8, days_ago(10))

    moved = log(6, "5")
    assert keys(enrollment) == (8, days_ago(6))
    services.hours_update(entry=moved, by=user, date=days_ago(2), competency=competency, hours="5")
    assert keys(enrollment) == (8, days_ago(2))
    services.hours_withdraw(entry=moved, by=user)
    assert keys(enrollment) == (8, days_ago(10))

    correction = services.hours_correct(entry=first, by=user, reason="Left at noon", date=days_ago(10),
                                        competency=competency, hours="4")
    assert keys(enrollment) == (8, days_ago(10))  # the original counts until the correction is approved
    services.hours_approve(mentor=mentor, entries=[correction])
    assert keys(enrollment) == (4, days_ago(10))
    log(30, "2")  # a day before the last one logged leaves the last day where it is
    assert keys(enrollment) == (4, days_ago(10))

    standing = services.advanced_standing_request(
        enrollment=enrollment, by=make.employer_admin.user, basis=AdvancedStanding.Basis.EXPERIENCE,
        description="Two years on presses elsewhere", hours={competency: "100"}, skills=[],
        evidence=SimpleUploadedFile("letter.pdf", DEMO_PDF, content_type="application/pdf"),
    )
    assert keys(enrollment) == (4, days_ago(10))  # credit counts once approved
    services.advanced_standing_decide(standing=standing, by=make.reviewer, approve=True, note="Verified")
    assert keys(enrollment) == (104, days_ago(10))


def test_a_bulk_approval_moves_the_keys_of_each_apprentice_in_it(make, in_keystone):
    one, two = make.enrollment(), make.enrollment()
    entries = [make.entry(one, hours="3"), make.entry(one, hours="4"), make.entry(two, hours="7.5")]
    services.hours_approve(mentor=make.mentor, entries=entries)
    assert (keys(one)[0], keys(two)[0]) == (Decimal(7), Decimal("7.5"))
    assert OJTEntry.objects.filter(enrollment__in=[one, two], status=OJTEntry.Status.APPROVED).count() == 3


@pytest.mark.usefixtures("in_keystone")
def test_the_demo_loader_leaves_the_keys_current(demo_world):
    loaded = Enrollment.objects.filter(sponsor=demo_world.a).exclude(last_logged=None)
    assert loaded.exists()
    for enrollment in loaded[:20]:
        keys(enrollment)


def test_the_repair_command_recomputes_keys_changed_outside_the_application(make, in_keystone):
    from io import StringIO

    from django.core.management import CommandError, call_command

    enrollment = make.enrollment()
    make.entry(enrollment, hours="5", date=days_ago(3), status=OJTEntry.Status.APPROVED)
    Enrollment.objects.filter(pk=enrollment.pk).update(counted_hours=999, last_logged=None)
    out = StringIO()
    call_command("refresh_roster_keys", "--sponsor", make.sponsor.slug, stdout=out)
    assert "Recomputed the roster keys of" in out.getvalue()
    assert keys(enrollment) == (5, days_ago(3))
    with pytest.raises(CommandError, match="no sponsor with the slug 'nowhere'"):
        call_command("refresh_roster_keys", "--sponsor", "nowhere")
