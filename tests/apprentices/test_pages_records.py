"""The employer's and sponsor's pages: roster, enrollment, the apprentice's record and its actions,
demographics, advanced standing and the audit trail."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django_scopes import scope, scopes_disabled

from apprentices.models import AdvancedStanding, Demographics, Enrollment, OJTEntry, StatusChange
from imt.permissions import Role
from programs.models import Invitation
from rti.demo import DEMO_PDF as PDF
from tests.apprentices.conftest import days_ago
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db


def url(name, *args):
    return reverse(name, args=["keystone", *args])


@pytest.fixture
def admin(make):
    return make.employer_admin


@pytest.fixture
def rita(make):
    member = make.apprentice(name="Rita Roster")
    member.enrollment = make.enrollment(apprentice=member)
    return member


def test_the_roster_shows_progress_mentor_status_and_the_14_day_flag(make, admin, rita, client_for):
    make.entry(rita.enrollment, hours="8", status=OJTEntry.Status.APPROVED, date=days_ago(20))
    fresh = make.apprentice(name="Fred Fresh")
    make.entry(make.enrollment(apprentice=fresh), hours="8", status=OJTEntry.Status.APPROVED, date=days_ago(1))

    response = client_for(admin.user).get(url("roster"), {"q": "r"})

    rows = {row.full_name: row for row in response.context["page"]}
    assert rows["Rita Roster"].stale and not rows["Fred Fresh"].stale
    page = response.content.decode()
    row = page[page.index("Rita Roster"):page.index("Rita Roster") + 1500]
    assert "No hours for 14 days" in row and make.mentor.user.full_name in row and "progress-bar" in row


def test_the_roster_filters_by_status_mentor_and_name_and_sorts(make, admin, rita, client_for):
    suspended = make.apprentice(name="Sam Suspended")
    make.enrollment(apprentice=suspended, status=Enrollment.Status.SUSPENDED)
    client = client_for(admin.user)

    names = [r.full_name for r in client.get(url("roster"), {"status": "suspended"}).context["page"]]
    assert "Sam Suspended" in names and "Rita Roster" not in names
    names = [r.full_name for r in client.get(url("roster"), {"q": "rita ros"}).context["page"]]
    assert names == ["Rita Roster"]
    other_mentor = make.mentor_member()
    assert not client.get(url("roster"), {"mentor": other_mentor.pk}).context["page"].object_list
    response = client.get(url("roster"), {"sort": "-progress"})
    progress = [r.progress for r in response.context["page"]]
    assert progress == sorted(progress, reverse=True)


def test_an_employer_admin_sees_only_their_employers_apprentices(make, rita, client_for):
    other = make.apprentice(employer=make.allegheny, name="Alex Allegheny")
    with scope(sponsor=make.sponsor):
        enrollment = make.enrollment(apprentice=other, mentor=make.member(Role.MENTOR, employer=make.allegheny))
    client = client_for(make.employer_admin.user)

    every_page = client.get(url("roster")).context["page"].paginator.object_list  # the ids of all pages
    with scope(sponsor=make.sponsor):
        names = set(Enrollment.objects.filter(pk__in=list(every_page)).values_list("full_name", flat=True))
    assert "Rita Roster" in names and "Alex Allegheny" not in names
    assert client.get(url("enrollment_detail", enrollment.pk)).status_code == 404
    assert client.get(url("enrollment_status", enrollment.pk)).status_code == 404


def test_sponsor_staff_see_every_employer_and_filter_by_one(make, rita, client_for):
    other = make.apprentice(employer=make.allegheny, name="Alex Allegheny")
    make.enrollment(apprentice=other, mentor=make.member(Role.MENTOR, employer=make.allegheny))
    client = client_for(make.reviewer.user)

    def names(**query):  # over every page of the roster (the paginator holds the ids)
        ids = list(client.get(url("roster"), query).context["page"].paginator.object_list)
        with scope(sponsor=make.sponsor):
            return set(Enrollment.objects.filter(pk__in=ids).values_list("full_name", flat=True))

    assert {"Rita Roster", "Alex Allegheny"} <= names()
    assert "Rita Roster" not in names(employer=make.allegheny.pk)
    assert "Alex Allegheny" in names(employer=make.allegheny.pk)


def test_the_employer_admin_enrolls_and_invites_an_apprentice(make, admin, client_for):
    response = client_for(admin.user).post(url("enroll"), {
        "full_name": "Nora New", "email": "nora.new@example.com", "program": make.program.pk,
        "job_book_version": make.version.pk, "start_date": days_ago(0).isoformat(), "mentors": [make.mentor.pk],
    })

    assert response.status_code == 302
    with scopes_disabled():
        enrollment = Enrollment.objects.get(email="nora.new@example.com")
        assert Invitation.objects.filter(email="nora.new@example.com", role=Role.APPRENTICE).exists()
    assert response["Location"] == url("enrollment_detail", enrollment.pk)
    assert (enrollment.employer, enrollment.status) == (make.penn, Enrollment.Status.PROBATION)


def test_enrolling_shows_each_problem_next_to_its_field_and_keeps_what_was_typed(make, admin, client_for):
    client = client_for(admin.user)
    form = client.get(url("enroll")).context["form"]
    assert list(form.fields["job_book_version"].queryset) == [make.version]  # only their employer's book

    response = client.post(url("enroll"), {
        "full_name": "Nora New", "email": "nora.new@example.com", "program": make.program.pk,
        "job_book_version": make.version.pk, "start_date": "",
    })

    errors = response.context["form"].errors
    assert "Enter the start date." in errors["start_date"] and "Choose at least one mentor." in errors["mentors"]
    assert 'value="Nora New"' in response.content.decode()


def test_the_record_page_shows_progress_history_and_the_actions_of_each_role(make, rita, client_for):
    make.entry(rita.enrollment, hours="8", status=OJTEntry.Status.APPROVED)
    admin_page = client_for(make.employer_admin.user).get(url("enrollment_detail", rita.enrollment.pk))
    assert admin_page.status_code == 200
    html = admin_page.content.decode()
    assert "Change status" in html and "Request advanced standing" in html
    assert "Audit trail" not in html and "Demographics" not in html  # sponsor staff and the apprentice only
    staff = client_for(make.sponsor_admin.user).get(url("enrollment_detail", rita.enrollment.pk)).content.decode()
    assert "Audit trail" in staff and "Demographics" in staff
    mentor = client_for(make.mentor.user).get(url("enrollment_detail", rita.enrollment.pk)).content.decode()
    assert url("skill_sign_off", rita.enrollment.pk) in mentor and "Change status" not in mentor


def test_a_status_change_needs_a_reason_and_is_dated_in_the_history(make, admin, rita, client_for):
    client = client_for(admin.user)
    status_url = url("enrollment_status", rita.enrollment.pk)

    refused = client.post(status_url, {"to_status": "suspended", "effective_date": days_ago(0).isoformat(),
                                       "reason": "", "password": PASSWORD})
    assert "Give a reason" in " ".join(refused.context["form"].errors["reason"])
    future = client.post(status_url, {"to_status": "suspended", "effective_date": days_ago(-3).isoformat(),
                                      "reason": "Leave"})
    assert "future" in " ".join(future.context["form"].errors["effective_date"])

    client.post(status_url, {"to_status": "suspended", "effective_date": days_ago(0).isoformat(),
                             "reason": "Medical leave"})

    with scope(sponsor=make.sponsor):
        assert Enrollment.objects.get(pk=rita.enrollment.pk).status == "suspended"
    assert "Medical leave" in client.get(url("enrollment_detail", rita.enrollment.pk)).content.decode()


def test_a_transfer_keeps_the_hours_and_moves_to_the_new_employers_book(make, admin, rita, client_for):
    make.entry(rita.enrollment, hours="8", status=OJTEntry.Status.APPROVED)
    new_mentor = make.member(Role.MENTOR, employer=make.allegheny)

    response = client_for(admin.user).post(url("enrollment_transfer", rita.enrollment.pk), {
        "employer": make.allegheny.pk, "mentors": [new_mentor.pk], "effective_date": days_ago(0).isoformat(),
        "reason": "Moved plants", "password": PASSWORD,
    })

    assert response.status_code == 200  # the version-move report
    assert "moved to a new Job Book version" in response.content.decode()
    with scope(sponsor=make.sponsor):
        enrollment = Enrollment.objects.get(pk=rita.enrollment.pk)
        assert (enrollment.employer, enrollment.job_book_version) == (make.allegheny, make.allegheny_version)
        assert OJTEntry.objects.filter(enrollment=enrollment).count() == 1


def test_the_start_date_cannot_move_after_logged_hours(make, admin, rita, client_for):
    make.entry(rita.enrollment, hours="8", date=days_ago(100))
    response = client_for(admin.user).post(url("enrollment_start_date", rita.enrollment.pk), {
        "start_date": days_ago(50).isoformat(), "reason": "Typo"})
    assert "before that date" in " ".join(response.context["form"].errors["start_date"])


def test_mentors_are_assigned_and_unassigned(make, admin, rita, client_for):
    client = client_for(admin.user)
    second = make.mentor_member()
    client.post(url("enrollment_mentors", rita.enrollment.pk), {"action": "assign", "mentor": second.pk})
    with scope(sponsor=make.sponsor):
        first = rita.enrollment.mentor_assignments.get(mentor=make.mentor)
    client.post(url("enrollment_mentors", rita.enrollment.pk), {"action": "unassign", "assignment": first.pk})
    with scope(sponsor=make.sponsor):
        current = rita.enrollment.mentor_assignments.filter(end_date__isnull=True)
        current = list(current.values_list("mentor", flat=True))
    assert current == [second.pk]


def test_demographics_are_entered_by_the_apprentice_and_hidden_from_employers_and_mentors(make, rita, client_for):
    page = client_for(rita.user).get(url("demographics", rita.enrollment.pk))
    assert page.status_code == 200
    form = page.context["form"]
    for name in ("sex", "ethnicity", "veteran_status", "education_level", "disability", "employment_status"):
        assert "prefer_not" in [value for value, _label in form.fields[name].choices], name
    assert "prefer_not" in [value for value, _label in form.fields["races"].choices]
    assert "social" not in page.content.decode().lower().replace("no social security number is ever asked", "")

    response = client_for(rita.user).post(url("demographics", rita.enrollment.pk), {
        "sex": "prefer_not", "races": ["asian", "white"], "ethnicity": "not_hispanic", "veteran_status": "",
        "education_level": "high_school", "disability": "prefer_not", "employment_status": "new",
        "date_of_birth_declined": "on",
    })
    assert response.status_code == 302
    with scope(sponsor=make.sponsor):
        assert Demographics.objects.get(enrollment=rita.enrollment).races == ["asian", "white"]

    assert client_for(make.employer_admin.user).get(url("demographics", rita.enrollment.pk)).status_code == 403
    assert client_for(make.mentor.user).get(url("demographics", rita.enrollment.pk)).status_code == 403
    assert client_for(make.reviewer.user).get(url("demographics", rita.enrollment.pk)).status_code == 200


def test_demographics_refuse_prefer_not_to_say_with_a_race_next_to_the_field(make, rita, client_for):
    response = client_for(rita.user).post(url("demographics", rita.enrollment.pk), {
        "races": ["prefer_not", "white"], "sex": "female"})
    assert "alone" in " ".join(response.context["form"].errors["races"])
    assert 'value="female" selected' in response.content.decode()


def _standing_request(client, enrollment, competency, evidence):
    return client.post(url("standing_request", enrollment.pk), {
        "basis": "course", "description": "Blueprint reading, HACC 2024", "evidence": evidence,
        f"hours-{competency.pk}": "40",
    })


def test_advanced_standing_is_requested_with_evidence_and_decided_by_the_sponsor(make, admin, rita, client_for):
    competency = make.competency()
    response = _standing_request(client_for(admin.user), rita.enrollment, competency,
                                 SimpleUploadedFile("transcript.pdf", PDF, content_type="application/pdf"))
    assert response.status_code == 302
    with scope(sponsor=make.sponsor):
        standing = AdvancedStanding.objects.get(enrollment=rita.enrollment)

    reviewer = client_for(make.reviewer.user)
    assert "Rita Roster" in reviewer.get(url("standing_queue")).content.decode()
    evidence = reviewer.get(url("standing_evidence", standing.pk))
    assert evidence["Content-Type"] == "application/pdf" and b"".join(evidence.streaming_content) == PDF
    assert client_for(make.mentor.user).get(url("standing_evidence", standing.pk)).status_code == 403
    assert client_for(rita.user).get(url("standing_evidence", standing.pk)).status_code == 403

    refused = reviewer.post(url("standing_detail", standing.pk), {"decision": "reject", "decision_note": ""})
    assert "Say why" in " ".join(refused.context["form"].errors["decision_note"])
    reviewer.post(url("standing_detail", standing.pk), {"decision": "approve", "decision_note": "Transcript ok"})

    dashboard = client_for(rita.user).get(url("dashboard"))
    row = next(r for r in dashboard.context["progress"].competencies if r.competency.pk == competency.pk)
    assert row.credited == 40


def test_evidence_that_is_not_a_pdf_or_image_is_refused_next_to_the_field(make, admin, rita, client_for):
    response = _standing_request(client_for(admin.user), rita.enrollment, make.competency(),
                                 SimpleUploadedFile("cv.pdf", b"MZ\x90\x00 program", content_type="application/pdf"))
    assert "program, not a document" in " ".join(response.context["form"].errors["evidence"])
    assert ">Blueprint reading, HACC 2024</textarea>" in response.content.decode().replace("\n", "")


def test_another_employers_admin_gets_404_on_the_evidence(make, admin, rita, client_for):
    _standing_request(client_for(admin.user), rita.enrollment, make.competency(),
                      SimpleUploadedFile("t.pdf", PDF, content_type="application/pdf"))
    with scope(sponsor=make.sponsor):
        standing = AdvancedStanding.objects.get(enrollment=rita.enrollment)
    other_admin = make.member(Role.EMPLOYER_ADMIN, employer=make.allegheny)
    assert client_for(other_admin.user).get(url("standing_evidence", standing.pk)).status_code == 404


def test_the_audit_trail_says_who_did_what_and_when(make, admin, rita, client_for):
    entry = make.entry(rita.enrollment, hours="8")
    from apprentices import services
    with scope(sponsor=make.sponsor):
        services.hours_approve(mentor=make.mentor, entries=[entry])
        services.enrollment_change_status(enrollment=rita.enrollment, to_status="suspended",
                                          effective_date=days_ago(0), reason="Leave of absence", by=admin.user)
        assert StatusChange.objects.filter(enrollment=rita.enrollment).exists()

    response = client_for(make.sponsor_admin.user).get(url("audit_trail", rita.enrollment.pk))

    page = response.content.decode()
    assert "Leave of absence" in page and "OJT entry Approved" in page and make.mentor.user.full_name in page
    assert client_for(admin.user).get(url("audit_trail", rita.enrollment.pk)).status_code == 403


@pytest.mark.parametrize("hours", ["9" * 400, "1e999999"], ids=["400 digits", "1e999999"])
def test_a_huge_number_of_credited_hours_is_refused_with_a_message(make, admin, rita, client_for, hours):
    competency = make.competency()
    response = client_for(admin.user).post(url("standing_request", rita.enrollment.pk), {
        "basis": "course", "description": "Blueprint reading, HACC 2024", f"hours-{competency.pk}": hours,
        "evidence": SimpleUploadedFile("transcript.pdf", PDF, content_type="application/pdf"),
    })
    assert response.status_code == 200
    assert "credit at most that" in response.content.decode()
    with scope(sponsor=make.sponsor):
        assert not AdvancedStanding.objects.filter(enrollment=rita.enrollment).exists()
