"""The ratio of the enrollment's standards version, checked at enrollment, mentor assignment and a change of
the journeyworker roster: refused, or let through by a signed override with a reason."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from django_scopes import scope, scopes_disabled

from apprentices import services as apprentice_services
from apprentices.models import Enrollment
from compliance import selectors, services
from compliance.models import Journeyworker, RatioOverride
from imt.permissions import Role
from programs.models import Employer
from tests.apprentices.conftest import days_ago
from tests.compliance.conftest import signed

pytestmark = pytest.mark.django_db


def enroll(make, mentors=None, **extra):
    return apprentice_services.enrollment_create(
        sponsor=make.sponsor, by=make.employer_admin.user, program=make.program, employer=make.penn,
        job_book_version=make.version, start_date=days_ago(20), mentors=mentors or [make.mentor],
        apprentice=extra.pop("apprentice", None) or make.apprentice(), **extra)


def test_an_enrollment_over_a_refusing_ratio_is_refused_naming_the_ratio_and_the_counts(make, standards, in_keystone):
    standards("refuse")  # Penn: one mentor (Frank Miller), one apprentice already
    with pytest.raises(ValidationError) as refused:
        enroll(make)
    message = " ".join(refused.value.message_dict["mentors"])
    assert "1:1" in message and "2 apprentices for 1 journeyworkers" in message and "Frank Miller" in message
    assert not RatioOverride.objects.exists()


def test_an_enrollment_over_an_overriding_ratio_needs_a_reason_and_is_recorded_with_it(make, standards, in_keystone):
    version = standards("override")
    with pytest.raises(ValidationError) as asked:
        enroll(make)
    assert "override_reason" in asked.value.message_dict
    with pytest.raises(ValidationError):  # a reason without a password confirmation is not a signature
        enroll(make, ratio_override={"reason": "Second shift", "password_confirmed_at": None})
    enrollment = enroll(make, ratio_override=signed("Second shift starts next month with a new journeyworker"))
    overrides = list(RatioOverride.objects.filter(enrollment=enrollment).order_by("scope"))
    assert [(o.scope, o.apprentices, o.journeyworkers) for o in overrides] == [("employer", 2, 1), ("mentor", 2, 1)]
    assert {o.reason for o in overrides} == {"Second shift starts next month with a new journeyworker"}
    assert overrides[0].standards_version == version and overrides[0].signature.verify()
    assert overrides[0].action == RatioOverride.Action.ENROLLMENT


def test_a_mentor_assignment_over_the_ratio_is_refused_or_overridden(make, standards, in_keystone):
    standards("refuse")
    second = make.mentor_member()  # Penn now has two journeyworkers
    enrollment = enroll(make, mentors=[second])
    with pytest.raises(ValidationError) as refused:
        apprentice_services.mentor_assign(enrollment=enrollment, mentor=make.mentor, by=make.employer_admin.user)
    assert "Frank Miller would mentor 2 apprentices" in " ".join(refused.value.message_dict["mentor"])
    assert not enrollment.mentor_assignments.filter(mentor=make.mentor).exists()

    standards("override")
    other = enroll(make, mentors=[second], ratio_override=signed("Cover"))  # under the override version now
    apprentice_services.mentor_assign(enrollment=other, mentor=make.mentor, by=make.employer_admin.user,
                                      ratio_override=signed("Frank covers while Sam trains"))
    override = RatioOverride.objects.get(action=RatioOverride.Action.MENTOR)
    assert (override.mentor, override.apprentices, override.reason) == (make.mentor, 2, "Frank covers while Sam trains")


def test_the_roster_counts_mentors_and_recorded_journeyworkers(make, in_keystone):
    assert selectors.journeyworkers_at(make.penn) == 1  # Frank Miller, a mentor, counts by himself
    services.journeyworker_add(employer=make.penn, by=make.employer_admin, name="Walter Brandt", worksite="Plant 2")
    assert selectors.journeyworkers_at(make.penn) == 2
    services.journeyworker_add(employer=make.penn, by=make.employer_admin, name="", membership=make.mentor,
                               counts=False)  # recorded as not counting (the world's ratio allows it)
    assert selectors.journeyworkers_at(make.penn) == 1


def test_adding_the_same_journeyworker_again_records_them_once(make, in_keystone):
    first = services.journeyworker_add(employer=make.penn, by=make.employer_admin, name="Walter Brandt")
    again = services.journeyworker_add(employer=make.penn, by=make.employer_admin, name="walter brandt ")
    assert again == first and selectors.journeyworkers_at(make.penn) == 2  # Frank Miller and Walter, once


def test_ending_a_journeyworker_that_puts_the_employer_over_the_ratio_is_refused(make, standards, in_keystone):
    standards("refuse")
    recorded = services.journeyworker_add(employer=make.penn, by=make.employer_admin, name="Walter Brandt")
    make.enrollment(mentor=make.mentor)  # Penn: 2 apprentices for Frank and Walter
    with pytest.raises(ValidationError, match="2 apprentices for 1 journeyworkers"):
        services.journeyworker_end(journeyworker=recorded, by=make.employer_admin)
    recorded.refresh_from_db()
    assert recorded.end_date is None
    # Under an overriding version for every open enrollment, the end may be overridden.
    version = standards("override")
    with scopes_disabled():
        Enrollment.objects.filter(employer=make.penn).update(standards_version=version)
    services.journeyworker_end(journeyworker=recorded, by=make.employer_admin, override=signed("Walter retired"))
    assert RatioOverride.objects.get(action=RatioOverride.Action.ROSTER).reason == "Walter retired"


def test_the_compliance_page_lists_the_breach_with_its_counts_and_override(make, standards, client_for):
    standards("override")
    with scope(sponsor=make.sponsor):
        enroll(make, ratio_override=signed("Temporary, until the new hire"))
    make.enrollment(mentor=make.mentor)
    response = client_for(make.sponsor_admin.user).get(reverse("compliance", args=["keystone"]))
    (section,) = [s for s in response.context["sections"] if s.key == "ratio"]
    rows = [(b.scope, b.who, b.apprentices, b.journeyworkers, b.allowed) for b in section.rows]
    assert ("employer", "Penn Precision Plastics", 3, 1, 1) in rows and ("mentor", "Frank Miller", 3, 1, 1) in rows
    assert all(b.override.reason == "Temporary, until the new hire" for b in section.rows)
    assert "Temporary, until the new hire" in response.content.decode()


def test_an_employer_admin_sees_only_their_employers_rows_and_another_sponsor_gets_404(make, standards, world,
                                                                                      client_for):
    standards("refuse")
    make.enrollment(mentor=make.mentor)  # Penn over 1:1
    with scopes_disabled():
        allegheny = Employer.objects.get(sponsor=make.sponsor, name="Allegheny Metal Works")
    other_admin = make.member(Role.EMPLOYER_ADMIN, employer=allegheny)
    page = reverse("compliance", args=["keystone"])
    assert [s for s in client_for(other_admin.user).get(page).context["sections"] if s.key == "ratio"][0].rows == []
    penn = client_for(make.employer_admin.user).get(page).context["sections"]
    assert {b.employer.pk for s in penn if s.key == "ratio" for b in s.rows} == {make.penn.pk}
    outsider = world.user("lakeshore", Role.EMPLOYER_ADMIN)
    assert client_for(outsider).get(page).status_code == 404
    assert client_for(outsider).get(reverse("journeyworker_roster", args=["keystone", make.penn.pk])).status_code == 404


def test_the_enroll_page_asks_for_an_override_then_records_it(make, standards, client_for):
    standards("override")
    client = client_for(make.employer_admin.user)
    url = reverse("enroll", args=["keystone"])
    data = {"full_name": "Pat Override", "email": "pat.override@example.com", "program": make.program.pk,
            "job_book_version": make.version.pk, "start_date": days_ago(3).isoformat(), "mentors": [make.mentor.pk]}
    first = client.post(url, data)
    assert first.status_code == 200 and "override_reason" in first.context["form"].fields
    assert "override_password" in first.context["form"].fields
    second = client.post(url, {**data, "override_reason": "Busy season", "override_password": "demo-pass-2026"})
    assert second.status_code == 302
    with scopes_disabled():
        assert RatioOverride.objects.filter(reason="Busy season").count() == 2


def test_the_roster_page_adds_and_ends_a_journeyworker(make, client_for):
    client = client_for(make.employer_admin.user)
    url = reverse("journeyworker_roster", args=["keystone", make.penn.pk])
    assert client.post(url, {"action": "add", "name": "Walter Brandt", "worksite": "Plant 2",
                             "counts": "on", "start_date": days_ago(1).isoformat()}).status_code == 302
    with scopes_disabled():
        walter = Journeyworker.objects.get(name="Walter Brandt")
    assert client.get(url).context["count"] == 2
    assert client.post(url, {"action": "end", "journeyworker": walter.pk}).status_code == 302
    walter.refresh_from_db()
    assert walter.end_date is not None



def test_the_mentors_page_asks_for_an_override_then_records_it(make, standards, client_for):
    standards("override")
    second = make.mentor_member()
    with scope(sponsor=make.sponsor):
        enrollment = enroll(make, mentors=[second])
    client = client_for(make.employer_admin.user)
    url = reverse("enrollment_mentors", args=["keystone", enrollment.pk])
    first = client.post(url, {"action": "assign", "mentor": make.mentor.pk})
    assert first.status_code == 200 and "override_reason" in first.context["form"].errors
    wrong = client.post(url, {"action": "assign", "mentor": make.mentor.pk, "override_reason": "Cover",
                              "override_password": "not it"})
    assert wrong.status_code == 200
    done = client.post(url, {"action": "assign", "mentor": make.mentor.pk, "override_reason": "Cover for Sam",
                             "override_password": "demo-pass-2026"})
    assert done.status_code == 302
    with scopes_disabled():
        assert RatioOverride.objects.get(action=RatioOverride.Action.MENTOR).reason == "Cover for Sam"


def test_the_roster_page_refuses_an_end_that_breaks_a_refusing_ratio(make, standards, client_for):
    standards("refuse")
    with scope(sponsor=make.sponsor):
        walter = services.journeyworker_add(employer=make.penn, by=make.employer_admin, name="Walter Brandt")
    make.enrollment(mentor=make.mentor_member())  # 2 apprentices for Frank, Walter and the new mentor
    make.enrollment(mentor=make.mentor_member())  # 3 for 4
    url = reverse("journeyworker_roster", args=["keystone", make.penn.pk])
    client = client_for(make.employer_admin.user)
    assert client.post(url, {"action": "end", "journeyworker": walter.pk}).status_code == 302  # 3 for 3
    assert client.get(url).context["count"] == 3
    with scope(sponsor=make.sponsor):
        other = services.journeyworker_add(employer=make.penn, by=make.employer_admin, name="Ada Brandt")
    make.enrollment(mentor=make.mentor_member())  # 4 for 5
    make.enrollment(mentor=make.mentor_member())  # 5 for 6
    make.enrollment(mentor=make.mentor)  # 6 for 6
    refused = client.post(url, {"action": "end", "journeyworker": other.pk})
    assert refused.status_code == 200 and "refuse" in refused.content.decode()
    other.refresh_from_db()
    assert other.end_date is None
    reviewer = client_for(make.reviewer.user)
    assert reviewer.get(url).status_code == 200
    assert reviewer.post(url, {"action": "end", "journeyworker": other.pk}).status_code == 403


def test_a_transfer_over_the_new_employers_ratio_is_refused_and_changes_nothing(make, standards, in_keystone):
    standards("refuse")
    penn_mentor = make.mentor_member()  # Penn: two journeyworkers, room for the apprentice below
    moving = enroll(make, mentors=[penn_mentor])
    allegheny_mentor = make.mentor_member(employer=make.allegheny)
    apprentice_services.enrollment_create(  # Allegheny: one journeyworker, one apprentice already
        sponsor=make.sponsor, by=make.employer_admin.user, program=make.program, employer=make.allegheny,
        job_book_version=make.allegheny_version, start_date=days_ago(20), mentors=[allegheny_mentor],
        apprentice=make.apprentice(employer=make.allegheny))
    with pytest.raises(ValidationError) as refused:
        apprentice_services.enrollment_transfer(
            enrollment=moving, employer=make.allegheny, mentors=[allegheny_mentor], effective_date=days_ago(1),
            reason="Moving to the metal shop", by=make.employer_admin.user, password_confirmed_at=timezone.now())
    assert "1:1" in " ".join(refused.value.message_dict["mentors"])
    moving.refresh_from_db()
    assert moving.employer == make.penn  # the transfer was rolled back whole
    assert moving.mentor_assignments.filter(mentor=penn_mentor, end_date__isnull=True).exists()


def test_the_transfer_page_asks_for_an_override_and_records_it(make, standards, client_for):
    standards("override")
    with scope(sponsor=make.sponsor):
        moving = enroll(make, mentors=[make.mentor_member()])
        allegheny_mentor = make.mentor_member(employer=make.allegheny)
        apprentice_services.enrollment_create(
            sponsor=make.sponsor, by=make.employer_admin.user, program=make.program, employer=make.allegheny,
            job_book_version=make.allegheny_version, start_date=days_ago(20), mentors=[allegheny_mentor],
            apprentice=make.apprentice(employer=make.allegheny))
    client = client_for(make.sponsor_admin.user)
    page = reverse("enrollment_transfer", args=["keystone", moving.pk])
    form = {"employer": make.allegheny.pk, "mentors": [allegheny_mentor.pk], "reason": "Moving to the metal shop",
            "effective_date": days_ago(1).isoformat(), "password": "demo-pass-2026"}
    asked = client.post(page, form)
    assert asked.status_code == 200 and "override_reason" in asked.context["form"].fields, asked.context["form"].errors
    done = client.post(page, {**form, "override_reason": "A second journeyworker starts on Monday"})
    # Done: the apprentice moved to Allegheny's Job Book too, so the page reports that move.
    assert "apprentices/version_report.html" in [t.name for t in done.templates]
    with scopes_disabled():
        moving.refresh_from_db()
        assert moving.employer == make.allegheny
        override = RatioOverride.objects.get(enrollment=moving, scope="employer")
    assert override.reason == "A second journeyworker starts on Monday" and override.signature.verify()
