import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from apprentices import selectors, services
from apprentices.models import AdvancedStanding
from rti.demo import DEMO_PDF

from .conftest import days_ago


def evidence():
    return SimpleUploadedFile("certificate.pdf", DEMO_PDF, content_type="application/pdf")


def request(enrollment, make, **overrides):
    competency = make.competency()
    arguments = dict(enrollment=enrollment, by=make.employer_admin.user, basis=AdvancedStanding.Basis.EXPERIENCE,
                     description="Three years running presses at another plant", evidence=evidence(),
                     hours={competency: "100"}, skills=make.skills(competency)[:1])
    arguments.update(overrides)
    return services.advanced_standing_request(**arguments)


def test_approved_credit_counts_as_credited_never_as_signed(enroll, make):
    enrollment = enroll(start=days_ago(100))
    standing = request(enrollment, make)
    assert standing.evidence.name.startswith(f"evidence/{enrollment.sponsor_id}/")  # private, per sponsor
    assert selectors.enrollment_progress(enrollment).credited == 0  # pending credit does not count
    services.advanced_standing_decide(standing=standing, by=make.reviewer, approve=True, note="Verified")
    row = selectors.enrollment_progress(enrollment).competencies[0]
    assert row.credited == 100 and row.approved == 0
    assert row.skills[0].credited and not row.skills[0].signed_off and row.skills[0].mastered


@pytest.mark.parametrize(("overrides", "field", "message"), [
    ({"basis": "luck"}, "basis", "Choose the basis"),
    ({"description": " "}, "description", "Describe"),
    ({"evidence": None}, "evidence", "Attach the evidence"),
    ({"hours": {}, "skills": []}, "__all__", "Credit some hours"),
])
def test_incomplete_requests_are_refused(enroll, make, overrides, field, message):
    with pytest.raises(ValidationError) as error:
        request(enroll(), make, **overrides)
    assert message in " ".join(error.value.message_dict[field])


def test_credit_above_the_competency_target_is_refused(enroll, make):
    with pytest.raises(ValidationError) as error:
        request(enroll(), make, hours={make.competency(): "100000"})
    assert "credit at most that" in " ".join(error.value.message_dict["hours"])


def test_only_sponsor_staff_decide_and_a_rejection_needs_a_note(enroll, make):
    standing = request(enroll(), make)
    with pytest.raises(PermissionDenied):  # the page answers 403 before it gets here
        services.advanced_standing_decide(standing=standing, by=make.employer_admin, approve=True)
    with pytest.raises(ValidationError) as error:
        services.advanced_standing_decide(standing=standing, by=make.sponsor_admin, approve=False)
    assert "why the credit is not granted" in " ".join(error.value.message_dict["decision_note"])
    services.advanced_standing_decide(standing=standing, by=make.sponsor_admin, approve=False, note="No evidence")
    with pytest.raises(ValidationError, match="already rejected"):
        services.advanced_standing_decide(standing=standing, by=make.sponsor_admin, approve=True)


def test_the_evidence_is_stored_with_the_extension_of_its_verified_type(enroll, make):
    standing = request(enroll(), make, evidence=SimpleUploadedFile("letter.html", DEMO_PDF, content_type="text/html"))
    assert standing.evidence.name.endswith(".pdf") and "letter" not in standing.evidence.name


def test_the_service_refuses_evidence_that_is_not_a_pdf_or_image(enroll, make):
    with pytest.raises(ValidationError) as error:
        request(enroll(), make, evidence=SimpleUploadedFile("letter.pdf", b"<html>a letter</html>"))
    assert "Only PDF, JPEG and PNG" in " ".join(error.value.message_dict["evidence"])
