"""The employer admin's reminders: raises due and overdue, probations ending, ratio breaches, completion
returned.  Each goes to the active employer admins of the employer concerned, no one else."""

import datetime

from django_scopes import scope, scopes_disabled

from apprentices.models import Enrollment
from completion.models import Recommendation, ReviewDecision
from imt.permissions import Role
from programs.models import Membership, StandardsVersion
from reminders.detectors.employer import (
    detect_packets_returned,
    detect_probations_ending,
    detect_raises_due,
    detect_ratio_breaches,
)
from tests.reminders.conftest import days_ago, later, run, today, told
from wages.models import RaiseDue, WageDecision


def _admins(make):
    """An employer admin at Penn, another at Allegheny, and an inactive one at Penn."""
    penn, allegheny = make.member(Role.EMPLOYER_ADMIN), make.member(Role.EMPLOYER_ADMIN, make.allegheny)
    inactive = make.member(Role.EMPLOYER_ADMIN)
    with scopes_disabled():
        Membership.objects.filter(pk=inactive.pk).update(is_active=False)
    return penn, allegheny, inactive


def _raise(make, enrollment, reached_on, step=1):
    with scope(sponsor=make.sponsor):
        return RaiseDue.objects.create(sponsor=make.sponsor, enrollment=enrollment, step=step, reached_on=reached_on,
                                       basis=RaiseDue.Basis.HOURS)


def test_a_raise_is_told_when_due_and_again_once_overdue_to_its_employers_admins(make, clock):
    penn, allegheny, inactive = _admins(make)
    enrollment = make.enrollment()
    raise_due = _raise(make, enrollment, days_ago(2))

    run(detect_raises_due, make.sponsor)
    run(detect_raises_due, make.sponsor)
    later(clock, 29)
    run(detect_raises_due, make.sponsor)  # 31 days: overdue
    run(detect_raises_due, make.sponsor)

    notices = told(penn, "raise_due")
    assert [n.key for n in notices] == [f"raise-due:{raise_due.pk}", f"raise-overdue:{raise_due.pk}"]
    assert notices[0].title == f"Raise due: {enrollment.full_name}"
    assert notices[1].title == f"Raise overdue: {enrollment.full_name}" and "31 days" in notices[1].body
    assert notices[0].url == f"/keystone/wages/enrollments/{enrollment.pk}/raises/"
    assert told(allegheny) == [] and told(inactive) == []


def test_a_decided_raise_is_not_told(make, clock):
    penn, _allegheny, _inactive = _admins(make)
    raise_due = _raise(make, make.enrollment(), days_ago(40))
    with scope(sponsor=make.sponsor):
        WageDecision.objects.create(sponsor=make.sponsor, raise_due=raise_due, decision=WageDecision.Decision.DECLINE,
                                    reason="Not yet.", decided_by=penn.user)
    run(detect_raises_due, make.sponsor)
    assert told(penn) == []


def test_a_probation_ending_within_14_days_is_told_once_per_end_date(make, clock):
    penn, allegheny, _inactive = _admins(make)
    ending = make.enrollment(start=days_ago(110), status=Enrollment.Status.PROBATION)  # ends in 10 days
    later_one = make.enrollment(start=days_ago(100), status=Enrollment.Status.PROBATION)  # in 20 days

    run(detect_probations_ending, make.sponsor)
    run(detect_probations_ending, make.sponsor)
    (notice,) = [n for n in told(penn, "probation_ending") if n.key.startswith(f"probation:{ending.pk}:")]
    assert notice.key == f"probation:{ending.pk}:{(today() + datetime.timedelta(days=10)).isoformat()}"
    assert notice.url == f"/keystone/compliance/probation/{ending.pk}/"
    assert not [n for n in told(penn) if n.key.startswith(f"probation:{later_one.pk}:")]
    assert told(allegheny) == []

    with scopes_disabled():  # the probation is extended: the new end is told when it comes near
        Enrollment.objects.filter(pk=ending.pk).update(probation_end=today() + datetime.timedelta(days=40))
    later(clock, 30)
    run(detect_probations_ending, make.sponsor)
    keys = {n.key for n in told(penn, "probation_ending")}
    assert f"probation:{ending.pk}:{(today() + datetime.timedelta(days=10)).isoformat()}" in keys
    assert len([k for k in keys if k.startswith(f"probation:{ending.pk}:")]) == 2


def _one_to_one(make):
    """A new version of the keystone standards with a ratio of one apprentice per journeyworker."""
    with scopes_disabled():
        version = StandardsVersion.objects.filter(program=make.program).order_by("-number").first()
        version.pk, version._state.adding = None, True
        version.number += 1
        version.ratio_apprentices = version.ratio_journeyworkers = 1
        version.save()
        return version


def _enroll_at_allegheny(make, mentor, version):
    enrollment = make.enrollment(apprentice=make.apprentice(make.allegheny), mentor=mentor)
    with scopes_disabled():
        Enrollment.objects.filter(pk=enrollment.pk).update(standards_version=version)


def test_a_ratio_breach_is_told_once_per_state_to_that_employers_admins(make, clock):
    penn, allegheny, _inactive = _admins(make)
    version = _one_to_one(make)
    mentor = make.mentor_member(make.allegheny)  # Allegheny's one journeyworker
    for _ in range(2):
        _enroll_at_allegheny(make, mentor, version)

    run(detect_ratio_breaches, make.sponsor)
    run(detect_ratio_breaches, make.sponsor)
    first = told(allegheny, "ratio_breach")
    assert {n.key for n in first} == {
        f"ratio:employer:{make.allegheny.pk}:0:2:1", f"ratio:mentor:{make.allegheny.pk}:{mentor.pk}:2:1",
    }
    employer_notice = next(n for n in first if ":employer:" in n.key)
    assert employer_notice.title == "Ratio exceeded: Allegheny Metal Works"
    assert "2 apprentices for 1 journeyworker;" in employer_notice.body
    assert not [n for n in told(penn, "ratio_breach") if f":{make.allegheny.pk}:" in n.key]

    _enroll_at_allegheny(make, mentor, version)  # the breach grows
    run(detect_ratio_breaches, make.sponsor)
    assert len(told(allegheny, "ratio_breach")) == 4


def _returned(make, enrollment):
    with scope(sponsor=make.sponsor):
        recommendation = Recommendation.objects.create(
            sponsor=make.sponsor, enrollment=enrollment, recommended_by=make.employer_admin.user,
            signature=make.signature(make.employer_admin.user), status=Recommendation.Status.RETURNED,
        )
        return ReviewDecision.objects.create(
            sponsor=make.sponsor, recommendation=recommendation, decision=ReviewDecision.Decision.RETURN,
            comment="Two skills lack a sign-off.", decided_by=make.sponsor_admin.user,
            signature=make.signature(make.sponsor_admin.user),
        )


def test_a_returned_completion_is_told_once_to_the_employers_admins(make, clock):
    penn, allegheny, inactive = _admins(make)
    enrollment = make.enrollment()
    decision = _returned(make, enrollment)
    run(detect_packets_returned, make.sponsor)
    run(detect_packets_returned, make.sponsor)
    (notice,) = told(penn)
    assert notice.kind == "packet_returned" and notice.key == f"returned:{decision.pk}"
    assert "Two skills lack a sign-off." in notice.body
    assert notice.url == f"/keystone/completion/reviews/{decision.recommendation_id}/"
    assert told(allegheny) == [] and told(inactive) == []
