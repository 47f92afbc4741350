import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from apprentices import selectors, services
from apprentices.models import SignOffRequest, SkillSignOff

from .conftest import days_ago


@pytest.fixture
def enrollment(enroll):
    return enroll(start=days_ago(100))


def sign(enrollment, make, skill, **overrides):
    arguments = dict(enrollment=enrollment, skill=skill, mentor=make.mentor, level=3, observed_on=days_ago(1),
                     comment="Clean setup", password_confirmed_at=timezone.now())
    arguments.update(overrides)
    return services.skill_sign_off(**arguments)


def test_a_mentor_signs_off_a_skill_with_a_signature(enrollment, make):
    skill = make.skills(make.competency())[0]
    sign_off = sign(enrollment, make, skill)
    assert (sign_off.skill_key, sign_off.level, sign_off.mentor) == (skill.key, 3, make.mentor)
    assert sign_off.signature.meaning == SkillSignOff.MEANING and sign_off.signature.verify()


def test_signing_needs_a_recent_password_confirmation(enrollment, make):
    skill = make.skills(make.competency())[0]
    for confirmed in (None, timezone.now() - services.PASSWORD_CONFIRMATION_WINDOW * 2):
        with pytest.raises(ValidationError) as error:
            sign(enrollment, make, skill, password_confirmed_at=confirmed)
        assert "Confirm your password" in " ".join(error.value.message_dict["password"])


@pytest.mark.parametrize(("field", "value", "message"), [
    ("level", 7, "level on the scale"),
    ("observed_on", timezone.localdate() + timezone.timedelta(days=1), "cannot be in the future"),
    ("observed_on", days_ago(400), "before the apprentice's start date"),
])
def test_bad_sign_off_input_is_refused(enrollment, make, field, value, message):
    with pytest.raises(ValidationError) as error:
        sign(enrollment, make, make.skills(make.competency())[0], **{field: value})
    assert message in " ".join(error.value.message_dict[field])


def test_a_skill_is_signed_off_once_until_revoked(enrollment, make):
    skill = make.skills(make.competency())[0]
    first = sign(enrollment, make, skill)
    with pytest.raises(ValidationError, match="already signed off"):
        sign(enrollment, make, skill)
    with pytest.raises(ValidationError):
        services.sign_off_revoke(sign_off=first, by=make.mentor, reason="")
    services.sign_off_revoke(sign_off=first, by=make.mentor, reason="Observed the wrong machine")
    second = sign(enrollment, make, skill)
    assert second.attempt == 1
    assert SkillSignOff.objects.filter(enrollment=enrollment).count() == 2  # the first stays in the record


def test_an_unassigned_mentor_cannot_sign_off(enrollment, make):
    with pytest.raises(PermissionDenied):  # the page answers 404: the apprentice is not theirs to see
        sign(enrollment, make, make.skills(make.competency())[0], mentor=make.mentor_member())


def test_a_skill_of_another_job_book_is_refused(enrollment, make):
    other = make.skills(make.competency(version=make.allegheny_version))[0]
    with pytest.raises(ValidationError, match="skill of the apprentice's Job Book"):
        sign(enrollment, make, other)


def test_a_request_is_fulfilled_by_the_sign_off(enrollment, make):
    skill = make.skills(make.competency())[1]
    request = services.sign_off_request(enrollment=enrollment, by=enrollment.apprentice.user, skill=skill)
    with pytest.raises(ValidationError, match="already asked"):
        services.sign_off_request(enrollment=enrollment, by=enrollment.apprentice.user, skill=skill)
    assert request.pk in [r.pk for r in selectors.mentor_queue(make.mentor).requests]
    sign_off = sign(enrollment, make, skill)
    request.refresh_from_db()
    assert (request.status, request.sign_off) == (SignOffRequest.Status.FULFILLED, sign_off)
    with pytest.raises(ValidationError, match="already signed off"):
        services.sign_off_request(enrollment=enrollment, by=enrollment.apprentice.user, skill=skill)


def test_a_competency_is_mastered_when_its_last_skill_is_signed(enrollment, make):
    competency = make.competency()
    skills = make.skills(competency)
    for skill in skills[:-1]:
        sign(enrollment, make, skill)
    row = selectors.enrollment_progress(enrollment).competencies[0]
    assert not row.mastered and row.skills_mastered == len(skills) - 1
    sign(enrollment, make, skills[-1])
    assert selectors.enrollment_progress(enrollment).competencies[0].mastered
