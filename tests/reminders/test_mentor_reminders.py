"""The mentor's reminders: one digest a day of what waited too long, and each sign-off request."""

from django_scopes import scope, scopes_disabled

from apprentices import services
from apprentices.models import MentorAssignment
from programs.models import Membership
from reminders.detectors.mentor import detect_mentor_queue, detect_sign_off_requests
from tests.reminders.conftest import days_ago, later, run, told


def _request(make, enrollment, index=0, mentor=None):
    skill = make.skills(make.competency())[index]
    with scope(sponsor=make.sponsor):
        return services.sign_off_request(enrollment=enrollment, by=enrollment.apprentice.user, skill=skill,
                                         mentor=mentor)


def test_items_waiting_longer_than_the_sponsors_days_make_one_digest_per_mentor_and_day(make, clock):
    mentor = make.mentor_member()
    first, second = make.enrollment(mentor=mentor), make.enrollment(mentor=mentor)
    for day in (10, 9, 8):
        make.entry(first, date=days_ago(day), hours="8")
    make.entry(second, date=days_ago(8), hours="4.5")
    _request(make, second)
    later(clock, 4)  # they have now waited four days; the sponsor allows three

    run(detect_mentor_queue, make.sponsor)
    run(detect_mentor_queue, make.sponsor)

    (digest,) = told(mentor)
    assert digest.kind == "mentor_queue" and digest.title == "5 items waiting for you"
    assert "4 OJT entries (28.5 h)" in digest.body and "1 sign-off request" in digest.body
    assert "They come from 2 apprentices" in digest.body
    assert digest.url == "/keystone/queue/"
    later(clock, 1)
    run(detect_mentor_queue, make.sponsor)  # still waiting the next day: the next day's digest
    assert len(told(mentor, "mentor_queue")) == 2


def test_no_digest_while_items_are_recent_or_once_they_are_decided(make, clock):
    mentor = make.mentor_member()
    enrollment = make.enrollment(mentor=mentor)
    entry = make.entry(enrollment, date=days_ago(1))
    later(clock, 2)
    run(detect_mentor_queue, make.sponsor)
    assert told(mentor) == []
    with scope(sponsor=make.sponsor):
        services.hours_approve(mentor=mentor, entries=[entry])
    later(clock, 5)
    run(detect_mentor_queue, make.sponsor)
    assert told(mentor) == []


def test_the_digest_goes_to_current_active_mentors_and_a_request_to_the_mentor_it_names(make, clock):
    mentor, other, former, inactive = (make.mentor_member() for _ in range(4))
    enrollment = make.enrollment(mentor=mentor)
    with scopes_disabled():
        for extra in (other, former, inactive):
            MentorAssignment.objects.create(sponsor=make.sponsor, enrollment=enrollment, mentor=extra,
                                            start_date=days_ago(100), created_by=make.employer_admin.user)
        MentorAssignment.objects.filter(mentor=former).update(end_date=days_ago(1))
        Membership.objects.filter(pk=inactive.pk).update(is_active=False)
    _request(make, enrollment, mentor=other)
    later(clock, 5)
    run(detect_mentor_queue, make.sponsor)
    assert told(mentor) == [] and told(former) == [] and told(inactive) == []
    (digest,) = told(other)
    assert "1 sign-off request" in digest.body


def test_a_sign_off_request_is_told_once_to_the_apprentices_mentors(make, clock):
    mentor, second = make.mentor_member(), make.mentor_member()
    enrollment = make.enrollment(mentor=mentor)
    with scopes_disabled():
        MentorAssignment.objects.create(sponsor=make.sponsor, enrollment=enrollment, mentor=second,
                                        start_date=days_ago(100), created_by=make.employer_admin.user)
    request = _request(make, enrollment)
    stranger = make.mentor_member()

    run(detect_sign_off_requests, make.sponsor)
    run(detect_sign_off_requests, make.sponsor)

    for member in (mentor, second):
        (notice,) = told(member)
        assert notice.kind == "sign_off_requested" and notice.key == f"sign-off-request:{request.pk}"
        assert enrollment.full_name in notice.title and notice.url == "/keystone/queue/"
    assert told(stranger) == []


def test_a_withdrawn_request_is_not_told(make):
    mentor = make.mentor_member()
    enrollment = make.enrollment(mentor=mentor)
    request = _request(make, enrollment)
    with scope(sponsor=make.sponsor):
        services.sign_off_request_withdraw(request=request, by=enrollment.apprentice.user)
    run(detect_sign_off_requests, make.sponsor)
    assert told(mentor) == []
