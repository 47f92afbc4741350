"""Eligibility for completion, for each approach: everything met, then each requirement missing."""

import pytest
from django_scopes import scope

from completion.eligibility import eligibility
from programs.models import Program
from tests.completion.factories import make_eligible

pytestmark = pytest.mark.django_db

HYBRID, TIME, COMPETENCY = Program.Approach.HYBRID, Program.Approach.TIME_BASED, Program.Approach.COMPETENCY_BASED


def unmet(checklist):
    return {str(line.label) for line in checklist.missing}


@pytest.mark.parametrize("approach", [HYBRID, TIME, COMPETENCY])
def test_an_apprentice_meeting_every_requirement_is_eligible(world, approach):
    with scope(sponsor=world.a):
        checklist = eligibility(make_eligible(world, approach=approach))
    assert checklist.eligible, [(line.label, line.detail) for line in checklist.missing]
    labels = [str(line.label) for line in checklist.lines]
    if approach == TIME:
        assert "OJT hours (approved + credited)" in labels
        assert not any("Minimum hours" in label for label in labels)
        assert "Skills signed off or credited" not in labels
    if approach == HYBRID:
        assert any(label.startswith("Minimum hours: Operate production equipment") for label in labels)
        assert "Skills signed off or credited" in labels
        assert "MSSC CPT modules" in labels or any("CPT" in label for label in labels)
    if approach == COMPETENCY:
        assert "Skills signed off or credited" in labels
        assert not any("Minimum hours" in label for label in labels)


def test_each_line_shows_its_numbers(world):
    with scope(sponsor=world.a):
        checklist = eligibility(make_eligible(world, approach=TIME))
    hours_line = next(line for line in checklist.lines if str(line.label).startswith("OJT hours"))
    assert hours_line.detail == "2,736 / 2,736 h"
    rti_line = next(line for line in checklist.lines if str(line.label) == "RTI hours")
    assert rti_line.detail.endswith("/ 264 h")


@pytest.mark.parametrize(
    ("approach", "switch", "missing_label"),
    [
        (HYBRID, {"stay_on_probation": True}, "Enrollment active (probation over)"),
        (HYBRID, {"skip_hours_for": "Set up production equipment"}, "Minimum hours: Set up production equipment"),
        (HYBRID, {"short_hours": 4}, "OJT hours (approved + credited)"),
        (HYBRID, {"skip_sign_offs": 1}, "Skills signed off or credited"),
        (HYBRID, {"skip_course": "Industrial Math"}, "Industrial Math"),
        (HYBRID, {"skip_course": "Manufacturing 101"}, "RTI hours"),
        (HYBRID, {"skip_credential": "OSHA 10-Hour General Industry"}, "OSHA 10-Hour General Industry"),
        (HYBRID, {"expired_credential": "First Aid/CPR"}, "First Aid/CPR"),
        (TIME, {"short_hours": 8}, "OJT hours (approved + credited)"),
        (TIME, {"skip_course": "Safety for Manufacturing"}, "RTI hours"),
        (COMPETENCY, {"skip_sign_offs": 2}, "Skills signed off or credited"),
        (COMPETENCY, {"skip_credential": "MSSC CPT Safety"}, "MSSC CPT Safety"),
        (COMPETENCY, {"skip_course": "Transition to Trainer"}, "Transition to Trainer"),
    ],
)
def test_each_missing_requirement_makes_the_apprentice_ineligible(world, approach, switch, missing_label):
    with scope(sponsor=world.a):
        checklist = eligibility(make_eligible(world, approach=approach, **switch))
    assert not checklist.eligible
    assert missing_label in unmet(checklist), unmet(checklist)


def test_time_based_programs_ignore_sign_offs_and_credentials(world):
    with scope(sponsor=world.a):
        checklist = eligibility(
            make_eligible(world, approach=TIME, skip_sign_offs=3, skip_credential="MSSC CPT Safety")
        )
    assert checklist.eligible, unmet(checklist)


def test_a_credential_not_yet_verified_waits_for_verification_and_is_not_met(world):
    """A recorded credential counts only once the sponsor has verified it: until then its line says it is
    waiting for verification, and the apprentice is not eligible."""
    osha = "OSHA 10-Hour General Industry"
    with scope(sponsor=world.a):
        checklist = eligibility(make_eligible(world, approach=HYBRID, unverified_credential=osha))
    line = next(line for line in checklist.lines if str(line.label) == osha)
    assert not line.met and line.waiting
    assert "waiting for the sponsor's verification" in line.detail
    assert not checklist.eligible
    assert osha in unmet(checklist)
    expired = eligibility_line(world, expired_credential="First Aid/CPR", label="First Aid/CPR")
    assert not expired.met and not expired.waiting


def eligibility_line(world, *, label, **switch):
    with scope(sponsor=world.a):
        checklist = eligibility(make_eligible(world, approach=HYBRID, name="Jordan Lee", **switch))
    return next(line for line in checklist.lines if str(line.label) == label)
