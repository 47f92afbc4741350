"""The sponsor staff's weekly digest: one per ISO week, grouping what the week brought; none when there is
nothing to say; only the sponsor's active admins and reviewers get it."""

import re

from django_scopes import scope, scopes_disabled

from imt.permissions import Role
from programs.models import Membership
from reminders.detectors.staff import detect_weekly_digest, weekly_digest
from tests.reminders.conftest import days_ago, later, run, today, told
from wages.models import RaiseDue


def test_the_weekly_digest_groups_the_week_and_is_sent_once_a_week(make, clock):
    admin, reviewer = make.sponsor_admin, make.reviewer
    enrollment = make.enrollment()
    with scope(sponsor=make.sponsor):
        RaiseDue.objects.create(sponsor=make.sponsor, enrollment=enrollment, step=1, reached_on=days_ago(40),
                                basis=RaiseDue.Basis.HOURS)

    run(detect_weekly_digest, make.sponsor)
    later(clock, 1)  # Thursday, the same week
    run(detect_weekly_digest, make.sponsor)

    for member in (admin, reviewer):
        (digest,) = told(member, "weekly_digest")
        assert digest.key == f"weekly:{make.sponsor.pk}:2027-W10"
        assert enrollment.full_name in digest.body
        assert re.search(r"\d+ new enrollments?:", digest.body) and re.search(r"\d+ raises? overdue:", digest.body)
        assert digest.url == "/keystone/"
    later(clock, 5)  # Tuesday of the next week
    run(detect_weekly_digest, make.sponsor)
    assert [d.key for d in told(admin, "weekly_digest")][-1] == f"weekly:{make.sponsor.pk}:2027-W11"


def test_the_digest_says_each_part_once_with_its_count(make):
    for _ in range(7):
        make.enrollment()
    with scope(sponsor=make.sponsor):
        digest = weekly_digest(make.sponsor, today())
    assert digest["new_enrollments"]["count"] >= 7
    assert len(digest["new_enrollments"]["rows"]) == 5  # the first five by name; the count says the rest


def test_an_empty_week_sends_no_digest(world, clock):
    lakeshore = world.b
    with scope(sponsor=lakeshore):
        assert weekly_digest(lakeshore, today()) == {}
    assert run(detect_weekly_digest, lakeshore) == 0
    assert told(world.member("lakeshore", Role.SPONSOR_ADMIN)) == []


def test_only_the_sponsors_active_staff_get_the_digest(make, world):
    make.enrollment()
    with scopes_disabled():
        Membership.objects.filter(pk=make.reviewer.pk).update(is_active=False)
    run(detect_weekly_digest, make.sponsor)
    assert told(make.sponsor_admin, "weekly_digest")
    assert told(make.reviewer) == []
    for role in (Role.EMPLOYER_ADMIN, Role.MENTOR, Role.APPRENTICE):
        assert told(world.member("keystone", role), "weekly_digest") == []
    for role in Role:
        assert told(world.member("lakeshore", role), "weekly_digest") == []
