"""The full record of an enrollment, as a page and as a PDF."""

import pytest
from django.test import override_settings
from django_scopes import scopes_disabled

from imt.permissions import Role
from tests.transcripts.conftest import pdf_text

pytestmark = pytest.mark.django_db


def url(enrollment, suffix=""):
    return f"/keystone/transcripts/enrollments/{enrollment.pk}/{suffix}"


def parts(enrollment):
    """Names the transcript must show, read from the records themselves."""
    with scopes_disabled():
        competency = enrollment.job_book_version.competencies.order_by("position").first()
        sign_off = enrollment.sign_offs.select_related("skill", "signature").order_by("pk").last()
        result = enrollment.apprentice.rti_enrollments.select_related("section__course").first()
        credential = enrollment.apprentice.credentials.select_related("credential_type").first()
        return {
            "competency": competency.name, "skill": sign_off.skill.name, "signer": sign_off.signature.printed_name,
            "course": result.section.course.name, "credential": credential.credential_type.name,
        }


def test_the_page_shows_every_part_of_the_record(record, world, client_for):
    body = client_for(world.user("keystone", Role.SPONSOR_ADMIN)).get(url(record)).content.decode()
    for label, text in parts(record).items():
        assert text in body, label
    for heading in ("On-the-job training by competency", "Skill sign-offs", "Related technical instruction",
                    "Credentials", "Status history"):
        assert heading in body
    assert "Revoked by" in body and "Observed on the wrong machine" in body
    assert "Verified by" in body
    assert "Probation completed" in body  # the status change's reason
    assert "Wage history" in body  # the wages app's confirmed raises (settings.WAGE_HISTORY)
    with override_settings(WAGE_HISTORY=None):
        body = client_for(world.user("keystone", Role.SPONSOR_ADMIN)).get(url(record)).content.decode()
    assert "Wage history" not in body  # no wage history function configured: no section


def test_the_pdf_holds_the_same_record_with_page_numbers(record, world, client_for):
    response = client_for(world.user("keystone", Role.EMPLOYER_ADMIN)).get(url(record, "pdf/"))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content)
    for label, value in parts(record).items():
        assert value in text, label
    for heading in ("On-the-job training by competency", "Skill sign-offs", "Related technical instruction",
                    "Credentials", "Status history", "Generated"):
        assert heading in text
    assert "Page 1 of" in text
    assert "Revoked by" in text
    assert "not issued" in text  # an unissued copy carries no code


def wages_of(enrollment):
    return [{"effective_date": enrollment.start_date, "step": "Step 1", "percent": "60", "hourly_rate": "18.00"},
            {"effective_date": enrollment.status_since, "step": "Step 2", "percent": "70", "hourly_rate": "21.00",
             "note": "Raise confirmed"}]


@override_settings(WAGE_HISTORY="tests.transcripts.test_record.wages_of")
def test_the_wage_history_comes_from_the_configured_function(record, world, client_for):
    body = client_for(world.user("keystone", Role.SPONSOR_ADMIN)).get(url(record)).content.decode()
    assert "Wage history" in body and "Step 2" in body and "$21.00" in body and "Raise confirmed" in body


def test_the_apprentice_sees_their_own_record_and_no_one_elses(record, world, client_for):
    from tests.imt.test_access_registry import _apprentice_enrollment

    with scopes_disabled():
        own = record.apprentice.user
        other = _apprentice_enrollment(world)
    client = client_for(own)
    assert client.get(url(record)).status_code == 200
    assert client.get(url(other)).status_code == 404


def test_another_sponsors_member_gets_404(record, world, client_for):
    assert client_for(world.user("lakeshore", Role.SPONSOR_ADMIN)).get(url(record)).status_code == 404
    assert client_for(world.user("lakeshore", Role.SPONSOR_ADMIN)).get(
        f"/lakeshore/transcripts/enrollments/{record.pk}/").status_code == 404


def test_an_invited_apprentice_without_a_sign_in_has_a_record_too(world, client_for):
    """RTI and credentials belong to a sign-in: before the invitation is accepted the record has none."""
    import datetime

    from apprentices import services
    from tests.imt.test_access_registry import _penn_book

    with scopes_disabled():
        version = _penn_book(world).versions.get(status="published")
        enrollment = services.enrollment_create(
            sponsor=world.a, by=world.user("keystone", Role.EMPLOYER_ADMIN), program=version.job_book.program,
            employer=world.member("keystone", Role.EMPLOYER_ADMIN).employer, job_book_version=version,
            start_date=datetime.date.today() - datetime.timedelta(days=10),
            mentors=[world.member("keystone", Role.MENTOR)], email="not.yet@example.com", full_name="Riley Not Yet",
        )
    admin = client_for(world.user("keystone", Role.SPONSOR_ADMIN))
    body = admin.get(url(enrollment)).content.decode()
    assert "Riley Not Yet" in body and "No RTI recorded." in body and "No credentials recorded." in body
    assert admin.post(url(enrollment)).status_code == 302
    with scopes_disabled():
        issue = enrollment.transcript_issues.get()
    assert issue.summary["rti_hours"] == "0.00"
