import xml.etree.ElementTree as ET
from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from apprentices import charts, selectors
from apprentices.models import Enrollment, OJTEntry, SignOffRequest

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


def penn_roster(make, number=1, **options):
    options.setdefault("per_page", 25)
    return selectors.roster_page(Enrollment.objects.filter(employer=make.penn), number, **options)


def whole_roster(make, **options):
    """Every row of the Penn roster, page after page."""
    rows, number = [], 1
    while True:
        page = penn_roster(make, number, **options)
        rows += page.object_list
        if not page.has_next():
            return rows
        number += 1


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
            for r in penn_roster(make, order="-progress").object_list
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
def test_a_long_queue_lists_the_oldest_entries_and_counts_all(make, monkeypatch, client_for):
    monkeypatch.setattr(selectors.queue, "QUEUE_LIMIT", 3)
    mentor = make.mentor_member()
    populate(make, 2, mentor)  # two apprentices: 2 pending entries each (4 h each), a request each
    enrollment = make.enrollment(start=days_ago(300), mentor=mentor)
    for day in range(3):
        make.entry(enrollment, hours="2", date=days_ago(40 + day))  # the oldest
    queue = selectors.mentor_queue(mentor)
    assert [e.enrollment_id for e in queue.entries] == [enrollment.pk] * 3
    assert (queue.entries_waiting, queue.more_entries, queue.pending_hours) == (5, 2, Decimal(14))
    assert queue.size == 5 + 2
    page = client_for(mentor.user).get(f"/{make.sponsor.slug}/queue/").content.decode()
    assert "The oldest 3 are listed; 2 more entries appear as you decide these." in page
    assert "7 items waiting" in page


@pytest.mark.usefixtures("in_keystone")
def test_the_roster_flags_apprentices_without_hours_for_14_days(make):
    fresh = make.enrollment(start=days_ago(100))
    make.entry(fresh, date=days_ago(2))
    quiet = make.enrollment(start=days_ago(100))
    make.entry(quiet, date=days_ago(20))
    rows = {r.pk: r for r in whole_roster(make)}
    assert not rows[fresh.pk].stale and rows[quiet.pk].stale
    stale_ones = [r.pk for r in whole_roster(make, stale_only=True)]
    assert quiet.pk in stale_ones and fresh.pk not in stale_ones


@pytest.mark.usefixtures("in_keystone")
def test_a_roster_row_has_its_hours_skills_progress_and_last_day(make):
    mentor = make.mentor_member()
    enrollment = make.enrollment(start=days_ago(300), mentor=mentor)
    make.entry(enrollment, hours="8", date=days_ago(30), status=OJTEntry.Status.APPROVED)
    make.entry(enrollment, hours="6.5", date=days_ago(20), status=OJTEntry.Status.APPROVED)
    make.entry(enrollment, hours="3", date=days_ago(16))
    [row] = [r for r in whole_roster(make) if r.pk == enrollment.pk]
    assert (row.approved_hours, row.pending_hours, row.credited_hours) == (Decimal("14.5"), Decimal(3), 0)
    assert row.last_logged == days_ago(16) and row.stale  # nothing for 14 days
    assert row.progress == pytest.approx(14.5 * 100 / make.program.ojt_hours_required)
    assert [a.mentor for a in row.current_mentors] == [mentor]


@pytest.mark.usefixtures("in_keystone")
@pytest.mark.parametrize("order, key", [
    ("name", lambda r: (r.full_name, r.pk)),
    ("-progress", lambda r: (-r.progress, r.full_name)),
    ("progress", lambda r: (r.progress, r.full_name)),
    ("last_logged", lambda r: (r.last_logged is not None, r.last_logged or days_ago(0), r.full_name)),
    ("-start", lambda r: (-r.start_date.toordinal(), r.full_name)),
])
@pytest.mark.parametrize("stale_only", [False, True])
def test_the_roster_pages_follow_the_order_and_filter_of_the_figures_they_show(make, order, key, stale_only):
    """The database sorts and filters; the page's figures are read separately: they must agree."""
    for n in range(7):
        enrollment = make.enrollment(start=days_ago(200 + n), mentor=make.mentor_member())
        for day in range(n):
            make.entry(enrollment, hours=str(n + day % 3), date=days_ago(day * 5 + 1),
                       status=OJTEntry.Status.APPROVED if day % 2 else OJTEntry.Status.PENDING)
    rows = whole_roster(make, order=order, stale_only=stale_only, per_page=4)
    assert rows == sorted(rows, key=key)
    everyone = whole_roster(make)
    expected = {r.pk for r in everyone if r.stale or not stale_only}
    assert {r.pk for r in rows} == expected and len(rows) == len(expected)


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
