import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django_scopes import scope

from credentials.selectors import requirements_checklist
from imt.permissions import Role
from rti import selectors, services
from rti.demo import DEMO_PDF
from rti.models import Course, PriorCourseCredit


def pdf():
    return SimpleUploadedFile("transcript.pdf", DEMO_PDF, content_type="application/pdf")


@pytest.fixture
def learner(world, make_apprentices):
    return make_apprentices(1)[0]


def request_credit(world, learner, course_name="Industrial Math", hours=10):
    with scope(sponsor=world.a):
        course = Course.objects.get(sponsor=world.a, name=course_name)
        return services.credit_request(
            apprentice=learner, course=course, institution="HACC", taken_title="Technical Math I",
            completed_on=datetime.date(2023, 5, 12), hours=Decimal(hours), evidence=pdf(), by=learner,
        )


def test_an_approved_credit_counts_as_a_completed_course_and_its_hours(world, learner):
    credit = request_credit(world, learner, hours=12)
    with scope(sponsor=world.a):
        assert selectors.rti_hours(learner) == 0
        services.credit_decide(credit=credit, approve=True, by=world.member("keystone", Role.SPONSOR_REVIEWER))
        credit.refresh_from_db()
        assert credit.credited_hours == Decimal("10")  # no more than the catalog course
        assert selectors.rti_hours(learner) == Decimal("10")
        checklist = requirements_checklist(learner)
    assert {"label": "Industrial Math", "met": True, "detail": "completed 2023-05-12"} in checklist["rti"]


def test_a_refusal_needs_a_note_and_a_decision_is_final(world, learner):
    credit = request_credit(world, learner)
    reviewer = world.member("keystone", Role.SPONSOR_REVIEWER)
    with scope(sponsor=world.a):
        with pytest.raises(ValidationError, match="Say why"):
            services.credit_decide(credit=credit, approve=False, by=reviewer)
        services.credit_decide(credit=credit, approve=False, by=reviewer, note="Course outline does not match")
        with pytest.raises(ValidationError, match="already decided"):
            services.credit_decide(credit=credit, approve=True, by=reviewer)
        assert selectors.rti_hours(learner) == 0


def test_credit_for_the_same_course_cannot_be_requested_twice_while_open(world, learner):
    request_credit(world, learner)
    with pytest.raises(ValidationError, match="already requested"):
        request_credit(world, learner)


def test_the_apprentice_requests_and_the_reviewer_credits_through_the_pages(world, client_for):
    apprentice = world.member("keystone", Role.APPRENTICE)
    client = client_for(apprentice.user)
    with scope(sponsor=world.a):
        course = Course.objects.get(sponsor=world.a, name="Manufacturing 2")
    response = client.post("/keystone/rti/credits/new/", {
        "apprentice": apprentice.pk, "course": course.pk, "institution": "Lancaster Tech",
        "taken_title": "Manufacturing Processes II", "completed_on": "2022-12-10", "hours": "18", "evidence": pdf(),
    })
    assert response.status_code == 302
    with scope(sponsor=world.a):
        credit = PriorCourseCredit.objects.get(apprentice=apprentice, course=course)
    reviewer = client_for(world.user("keystone", Role.SPONSOR_REVIEWER))
    assert "Manufacturing Processes II" in reviewer.get("/keystone/rti/credits/").content.decode()
    assert client.get(f"/keystone/rti/credits/{credit.pk}/").status_code == 403  # no deciding one's own
    response = reviewer.post(f"/keystone/rti/credits/{credit.pk}/", {"decision": "approve", "credited_hours": ""})
    assert response.status_code == 302
    transcript = client.get(f"/keystone/records/{apprentice.pk}/").content.decode()
    assert "credited" in transcript and "Lancaster Tech" in transcript


def test_an_apprentice_cannot_request_credit_for_someone_else(world, client_for, learner):
    client = client_for(world.user("keystone", Role.APPRENTICE))
    with scope(sponsor=world.a):
        course = Course.objects.get(sponsor=world.a, name="Manufacturing 2")
    response = client.post("/keystone/rti/credits/new/", {
        "apprentice": learner.pk, "course": course.pk, "institution": "X", "taken_title": "Y",
        "completed_on": "2022-12-10", "hours": "18", "evidence": pdf(),
    })
    assert response.status_code == 200
    with scope(sponsor=world.a):
        assert not PriorCourseCredit.objects.filter(apprentice=learner).exists()


def test_the_evidence_is_stored_and_downloaded_under_names_of_the_servers(world, client_for, learner):
    with scope(sponsor=world.a):
        course = Course.objects.get(sponsor=world.a, name="Industrial Math")
        credit = services.credit_request(
            apprentice=learner, course=course, institution="HACC", taken_title="Technical Math I",
            completed_on=datetime.date(2023, 5, 12), hours=Decimal(10), by=learner,
            evidence=SimpleUploadedFile("transcript.html", DEMO_PDF, content_type="text/html"),
        )
    assert credit.evidence.name.endswith(".pdf") and "transcript" not in credit.evidence.name
    assert credit.evidence_name == "transcript.html"  # shown to the reviewer, as text
    response = client_for(world.user("keystone", Role.SPONSOR_REVIEWER)).get(
        f"/keystone/rti/credits/{credit.pk}/evidence/")
    assert response["Content-Disposition"] == f'inline; filename="course-credit-evidence-{credit.pk}.pdf"'


@pytest.mark.parametrize("hours", ["9" * 400, "1e999999"], ids=["400 digits", "1e999999"])
def test_huge_hours_on_the_credit_pages_are_refused_with_a_message(world, client_for, learner, hours):
    apprentice = world.member("keystone", Role.APPRENTICE)
    with scope(sponsor=world.a):
        course = Course.objects.get(sponsor=world.a, name="Manufacturing 2")
    response = client_for(apprentice.user).post("/keystone/rti/credits/new/", {
        "apprentice": apprentice.pk, "course": course.pk, "institution": "Lancaster Tech",
        "taken_title": "Manufacturing Processes II", "completed_on": "2022-12-10", "hours": hours, "evidence": pdf(),
    })
    assert response.status_code == 200 and response.context["form"].errors["hours"]

    credit = request_credit(world, learner)
    response = client_for(world.user("keystone", Role.SPONSOR_REVIEWER)).post(
        f"/keystone/rti/credits/{credit.pk}/", {"decision": "approve", "credited_hours": hours})
    assert response.status_code == 200 and response.context["form"].errors["credited_hours"]
    credit.refresh_from_db()
    assert credit.status == PriorCourseCredit.Status.PENDING


def test_the_basis_of_a_request_and_the_note_of_a_decision_are_bounded(world, learner):
    with scope(sponsor=world.a):
        course = Course.objects.get(sponsor=world.a, name="Industrial Math")
        with pytest.raises(ValidationError) as refused:
            services.credit_request(
                apprentice=learner, course=course, institution="HACC", taken_title="Technical Math I",
                completed_on=datetime.date(2023, 5, 12), hours=Decimal(10), evidence=pdf(), by=learner,
                basis="b" * 2001,
            )
        assert "2,000 characters or fewer" in " ".join(refused.value.message_dict["basis"])
    credit = request_credit(world, learner)
    with scope(sponsor=world.a), pytest.raises(ValidationError) as refused:
        services.credit_decide(credit=credit, approve=False, by=world.member("keystone", Role.SPONSOR_REVIEWER),
                               note="n" * 301)
    assert "300 characters or fewer" in " ".join(refused.value.message_dict["decision_note"])
