import datetime
from decimal import Decimal

import pytest
from django.utils import timezone
from django_scopes import scope

from imt.permissions import Role
from rti import services
from rti.models import ResultChange, SectionEnrollment

TODAY = datetime.date(2026, 1, 15)


@pytest.fixture
def roster(world, new_section, make_apprentices):
    """A fresh Industrial Math section (10 h) with three apprentices on its roster."""
    section = new_section("Industrial Math")
    people = make_apprentices(3)
    with scope(sponsor=world.a):
        enrollments = services.section_enroll(
            section=section, apprentices=people, by=world.member("keystone", Role.SPONSOR_ADMIN)
        )
    return section, enrollments


def record(world, section, results, by_role=Role.INSTRUCTOR):
    with scope(sponsor=world.a):
        return services.section_results_record(
            section=section, results=results, by=world.member("keystone", by_role), today=TODAY
        )


def row(hours=None, grade="", completed_on=None, hours_reason="", reason=""):
    return {"attended_hours": hours, "grade": grade, "completed_on": completed_on, "hours_reason": hours_reason,
            "reason": reason}


def errors_of(world, section, results):
    with pytest.raises(services.SectionResultsError) as caught:
        record(world, section, results)
    return caught.value.row_errors


def test_the_instructor_records_a_whole_section_at_once(world, roster):
    section, (a, b, c) = roster
    changed = record(world, section, {
        a.pk: row(10, "A", TODAY), b.pk: row(9.5, "pass", TODAY), c.pk: row(6, "incomplete"),
    })
    assert changed == 3
    with scope(sponsor=world.a):
        a.refresh_from_db()
        assert (a.attended_hours, a.grade, a.completed_on) == (Decimal("10"), "A", TODAY)
        assert a.recorded_by == world.user("keystone", Role.INSTRUCTOR)
        assert ResultChange.objects.filter(enrollment__section=section).count() == 3


def test_negative_hours_are_refused(world, roster):
    section, (a, *_rest) = roster
    assert errors_of(world, section, {a.pk: row(-1)}) == {a.pk: {"attended_hours": "Hours cannot be negative."}}


def test_hours_above_the_course_are_refused_even_with_a_note(world, roster):
    section, (a, *_rest) = roster
    errors = errors_of(world, section, {a.pk: row(12, "B", TODAY)})
    assert "more than the course's 10.0 h; record at most 10.0 h" in errors[a.pk]["attended_hours"]
    errors = errors_of(world, section, {a.pk: row(Decimal("99999.9"), "B", TODAY, hours_reason="Make-up sessions")})
    assert "record at most 10.0 h" in errors[a.pk]["attended_hours"]


def test_a_note_may_explain_fewer_hours_and_the_course_hours_are_the_most(world, roster):
    section, (a, b, _c) = roster
    record(world, section, {a.pk: row(8, "B", TODAY, hours_reason="Missed two evenings (sick)"),
                            b.pk: row(10, "A", TODAY)})
    with scope(sponsor=world.a):
        first, second = SectionEnrollment.objects.get(pk=a.pk), SectionEnrollment.objects.get(pk=b.pk)
    assert (first.attended_hours, first.hours_reason) == (Decimal("8.0"), "Missed two evenings (sick)")
    assert second.attended_hours == Decimal("10.0")


def test_hours_recorded_above_the_course_under_the_earlier_rule_do_not_block_the_grid(world, roster):
    section, (a, b, _c) = roster
    legacy = {"attended_hours": Decimal(12), "grade": "", "completed_on": None, "hours_reason": "Two make-up sessions"}
    with scope(sponsor=world.a):  # written as the earlier rule allowed (the service checks before it writes)
        services.result_write(enrollment=SectionEnrollment.objects.get(pk=a.pk),
                              by=world.user("keystone", Role.INSTRUCTOR), values=legacy)
    assert record(world, section, {a.pk: row(12, hours_reason="Two make-up sessions"), b.pk: row(9)}) == 1


def test_a_completion_date_in_the_future_is_refused(world, roster):
    section, (a, *_rest) = roster
    errors = errors_of(world, section, {a.pk: row(10, "A", TODAY + datetime.timedelta(days=1))})
    assert errors[a.pk] == {"completed_on": "The completion date cannot be in the future."}


@pytest.mark.parametrize("grade", ["", "D", "F", "fail", "incomplete"])
def test_completion_needs_a_passing_result(world, roster, grade):
    section, (a, *_rest) = roster
    errors = errors_of(world, section, {a.pk: row(10, grade, TODAY)})
    assert errors[a.pk] == {"completed_on": "A course is completed only with a passing result (A, B, C or Pass)."}


def test_one_bad_row_saves_nothing_of_the_grid(world, roster):
    section, (a, b, c) = roster
    errors = errors_of(world, section, {a.pk: row(10, "A", TODAY), b.pk: row(-3), c.pk: row(8, "B")})
    assert set(errors) == {b.pk}
    with scope(sponsor=world.a):
        assert not SectionEnrollment.objects.filter(section=section, recorded_at__isnull=False).exists()


def test_correcting_a_completed_result_needs_a_reason_and_keeps_the_earlier_value(world, roster):
    section, (a, *_rest) = roster
    record(world, section, {a.pk: row(10, "B", TODAY)})
    errors = errors_of(world, section, {a.pk: row(10, "A", TODAY)})
    assert errors[a.pk] == {"reason": "This result was completed; give a reason for the correction."}
    record(world, section, {a.pk: row(10, "A", TODAY, reason="Final exam regraded")})
    with scope(sponsor=world.a):
        correction = ResultChange.objects.filter(enrollment=a).order_by("-pk").first()
    assert correction.before["grade"] == "B" and correction.after["grade"] == "A"
    assert correction.reason == "Final exam regraded"
    assert correction.changed_by == world.user("keystone", Role.INSTRUCTOR)


def test_an_unchanged_completed_result_needs_no_reason_and_leaves_no_change(world, roster):
    section, (a, *_rest) = roster
    record(world, section, {a.pk: row(10, "B", TODAY)})
    assert record(world, section, {a.pk: row(Decimal("10.0"), "B", TODAY)}) == 0
    with scope(sponsor=world.a):
        assert ResultChange.objects.filter(enrollment=a).count() == 1


def test_results_not_yet_completed_change_freely(world, roster):
    section, (a, *_rest) = roster
    record(world, section, {a.pk: row(4, "")})
    record(world, section, {a.pk: row(8, "")})
    with scope(sponsor=world.a):
        assert ResultChange.objects.filter(enrollment=a).count() == 2


def test_the_grid_page_shows_messages_next_to_the_row_and_keeps_what_was_typed(world, client_for, roster):
    section, (a, b, _c) = roster
    instructor = client_for(world.user("keystone", Role.INSTRUCTOR))
    url = f"/keystone/rti/sections/{section.pk}/results/"
    today = timezone.localdate().isoformat()
    response = instructor.post(url, {
        f"r{a.pk}-attended_hours": "10", f"r{a.pk}-grade": "A", f"r{a.pk}-completed_on": today,
        f"r{b.pk}-attended_hours": "14", f"r{b.pk}-grade": "C", f"r{b.pk}-completed_on": today,
    })
    body = response.content.decode()
    assert response.status_code == 200
    assert "Nothing was saved" in body and "record at most 10.0 h" in body
    assert 'value="14"' in body
    response = instructor.post(url, {
        f"r{a.pk}-attended_hours": "10", f"r{a.pk}-grade": "A", f"r{a.pk}-completed_on": today,
        f"r{b.pk}-attended_hours": "10", f"r{b.pk}-grade": "C", f"r{b.pk}-completed_on": today,
    }, follow=True)
    assert "Results saved for 2 apprentice(s)" in response.content.decode()


def test_sponsor_staff_record_results_too_but_an_employer_admin_cannot(world, client_for, roster):
    section, _enrollments = roster
    url = f"/keystone/rti/sections/{section.pk}/results/"
    assert client_for(world.user("keystone", Role.SPONSOR_REVIEWER)).get(url).status_code == 200
    assert client_for(world.user("keystone", Role.EMPLOYER_ADMIN)).get(url).status_code == 403


@pytest.mark.parametrize("hours", ["9" * 400, "1e999999"], ids=["400 digits", "1e999999"])
def test_a_huge_number_of_hours_in_the_grid_is_refused_with_a_message(world, client_for, roster, hours):
    section, (a, _b, _c) = roster
    response = client_for(world.user("keystone", Role.INSTRUCTOR)).post(
        f"/keystone/rti/sections/{section.pk}/results/", {f"r{a.pk}-attended_hours": hours})
    assert response.status_code == 200
    assert "Nothing was saved" in response.content.decode()
    [form] = [form for enrollment, form in response.context["rows"] if enrollment.pk == a.pk]
    assert form.errors["attended_hours"]
    with scope(sponsor=world.a):
        assert SectionEnrollment.objects.get(pk=a.pk).attended_hours is None


def test_the_note_on_the_hours_and_the_reason_of_a_correction_are_bounded(world, roster):
    section, (a, b, _c) = roster
    errors = errors_of(world, section, {a.pk: row(8, hours_reason="n" * 301), b.pk: row(8, reason="r" * 301)})
    assert "300 characters or fewer" in errors[a.pk]["hours_reason"]
    assert "300 characters or fewer" in errors[b.pk]["reason"]
