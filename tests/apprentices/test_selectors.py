import xml.etree.ElementTree as ET
from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from apprentices import charts, selectors
from apprentices.models import OJTEntry, SignOffRequest

from .conftest import days_ago


def populate(make, size, mentor):
    """`size` apprentices of `mentor`, each with `size` entries (some approved) and a sign-off request."""
    enrollments = []
    for _ in range(size):
        enrollment = make.enrollment(start=days_ago(300), mentor=mentor)
        for day in range(size):
            make.entry(enrollment, hours="4", date=days_ago(day + 1),
                       status=OJTEntry.Status.APPROVED if day % 2 else OJTEntry.Status.PENDING)
        skill = make.skills(make.competency())[0]
        SignOffRequest.objects.create(sponsor=make.sponsor, enrollment=enrollment, skill=skill, skill_key=skill.key,
                                      requested_by=enrollment.apprentice.user)
        enrollments.append(enrollment)
    return enrollments


def count_queries(function):
    with CaptureQueriesContext(connection) as context:
        function()
    return len(context.captured_queries)


def queries_for(make, size):
    mentor = make.mentor_member()
    enrollments = populate(make, size, mentor)
    enrollment = enrollments[-1]
    return {
        "progress": count_queries(lambda: selectors.enrollment_progress(enrollment).skills_mastered),
        "by month": count_queries(lambda: selectors.hours_by_month(enrollment)),
        "queue": count_queries(lambda: selectors.mentor_queue(mentor).totals),
        "roster": count_queries(lambda: [
            (r.approved_hours, r.progress, r.stale, [a.mentor.user for a in r.current_mentors])
            for r in selectors.employer_roster(make.penn)
        ]),
        "audit": count_queries(lambda: selectors.audit_trail(enrollment)),
    }


@pytest.mark.usefixtures("in_keystone")
def test_selectors_run_the_same_number_of_queries_for_5_and_50_apprentices(make):
    small = queries_for(make, 5)
    large = queries_for(make, 50)
    assert small == large


@pytest.mark.usefixtures("in_keystone")
def test_the_mentor_queue_is_oldest_first_with_totals(make):
    mentor = make.mentor_member()
    enrollments = populate(make, 3, mentor)
    queue = selectors.mentor_queue(mentor)
    dates = [e.date for e in queue.entries]
    assert dates == sorted(dates) and len(queue.requests) == 3
    assert queue.totals[enrollments[0].pk] == {"approved": Decimal(4), "pending": Decimal(8), "entries": 2}


@pytest.mark.usefixtures("in_keystone")
def test_the_roster_flags_apprentices_without_hours_for_14_days(make):
    fresh = make.enrollment(start=days_ago(100))
    make.entry(fresh, date=days_ago(2))
    quiet = make.enrollment(start=days_ago(100))
    make.entry(quiet, date=days_ago(20))
    rows = {r.pk: r for r in selectors.employer_roster(make.penn)}
    assert not rows[fresh.pk].stale and rows[quiet.pk].stale
    assert [r.pk for r in selectors.employer_roster(make.penn, stale_only=True)].count(fresh.pk) == 0


def test_the_hours_chart_is_valid_svg_with_escaped_text():
    months = [(date(2026, 1, 1), Decimal(120), Decimal(8)), (date(2026, 2, 1), Decimal(0), Decimal(0)),
              (date(2026, 3, 1), Decimal("97.5"), Decimal(0))]
    svg = charts.hours_by_month_svg(months, title="<Tyler & co>")
    root = ET.fromstring(svg)
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    assert root.find("{http://www.w3.org/2000/svg}title").text == "<Tyler & co>"
    assert len(root.findall(".//{http://www.w3.org/2000/svg}rect")) >= 3


def test_the_hours_chart_renders_without_months():
    ET.fromstring(charts.hours_by_month_svg([]))
