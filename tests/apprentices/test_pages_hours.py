"""The apprentice's pages: dashboard, quick-add, weekly timesheet, my entries, sign-off requests."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django_scopes import scope

from apprentices.models import OJTEntry, SignOffRequest
from tests.apprentices.conftest import days_ago

pytestmark = pytest.mark.django_db


@pytest.fixture
def apprentice(make):
    """A fresh apprentice at Penn Precision Plastics, mentored by mentor@keystone.example, 200 days in."""
    member = make.apprentice(name="Rita Logger")
    member.enrollment = make.enrollment(apprentice=member)
    return member


@pytest.fixture
def browser_of(client_for):
    return lambda member: client_for(member.user)


def url(name, *args):
    return reverse(name, args=["keystone", *args])


def quick(**values):
    return {f"quick-{k}": v for k, v in values.items()}


def entries_of(enrollment):
    with scope(sponsor=enrollment.sponsor):
        return list(OJTEntry.objects.filter(enrollment=enrollment).order_by("pk"))


def test_apprentice_dashboard_shows_a_bar_per_competency_with_approved_and_pending_hours(make, apprentice, browser_of):
    competency = make.competency()
    make.entry(apprentice.enrollment, hours="6", status=OJTEntry.Status.APPROVED, competency=competency)
    make.entry(apprentice.enrollment, hours="2.5", competency=competency, date=days_ago(2))

    page = browser_of(apprentice).get(url("dashboard")).content.decode()

    assert competency.name in page
    assert "6 h approved" in page and "2.5 h pending" in page
    assert "progress-stacked" in page
    assert "<svg" in page and "OJT hours by month" in page
    assert 'name="quick-hours"' in page


def test_quick_add_logs_hours_and_remembers_the_competency(make, apprentice, browser_of):
    client = browser_of(apprentice)
    competency = make.competency(index=2)

    response = client.post(url("hours_log"), quick(date=days_ago(1).isoformat(), competency=competency.pk,
                                                   hours="7.75", note="Lathe setup"))

    assert response.status_code == 302
    [entry] = entries_of(apprentice.enrollment)
    assert (entry.hours, entry.competency_id, entry.status) == (Decimal("7.75"), competency.pk, "pending")
    form = client.get(url("hours_log")).context["form"]
    assert form["competency"].value() == competency.pk
    assert form["date"].value() == datetime.date.today()


def test_a_preset_button_logs_a_usual_day_in_one_tap(make, apprentice, browser_of):
    data = quick(date=datetime.date.today().isoformat(), competency=make.competency().pk)
    data["quick-hours"] = ["", "8"]  # the empty input, then the tapped "8 h" button

    browser_of(apprentice).post(url("hours_log"), data)

    assert [e.hours for e in entries_of(apprentice.enrollment)] == [Decimal("8")]


def test_quick_add_after_the_dashboard_returns_to_the_dashboard(make, apprentice, browser_of):
    data = quick(date=days_ago(1).isoformat(), competency=make.competency().pk, hours="1")
    response = browser_of(apprentice).post(url("hours_log"), {**data, "next": url("dashboard")})
    assert response["Location"] == url("dashboard")
    response = browser_of(apprentice).post(url("hours_log"), {**data, "next": "https://evil.example/"})
    assert response["Location"] == url("hours_log")


@pytest.mark.parametrize(("hours", "date", "field", "message"), [
    ("7.3", 1, "hours", "quarter-hour steps"),
    ("0", 1, "hours", "greater than zero"),
    ("25", 1, "hours", "at most 24 hours"),
    ("8", -1, "date", "future date"),
    ("8", 400, "date", "before your start date"),
])
def test_quick_add_refuses_bad_input_next_to_the_field_and_keeps_what_was_typed(
    make, apprentice, browser_of, hours, date, field, message
):
    typed = quick(date=days_ago(date).isoformat(), competency=make.competency().pk, hours=hours, note="kept")

    response = browser_of(apprentice).post(url("hours_log"), typed)

    assert response.status_code == 200
    form = response.context["form"]
    assert message in " ".join(form.errors[field])
    page = response.content.decode()
    assert f'value="{hours}"' in page and "kept</textarea>" in page and "is-invalid" in page
    assert entries_of(apprentice.enrollment) == []


def test_more_than_24_hours_in_a_day_is_refused_with_what_is_left(make, apprentice, browser_of):
    make.entry(apprentice.enrollment, hours="20", date=days_ago(1))
    response = browser_of(apprentice).post(url("hours_log"), quick(
        date=days_ago(1).isoformat(), competency=make.competency().pk, hours="5"))
    assert "at most 4 more" in " ".join(response.context["form"].errors["hours"])


def test_a_suspended_apprentice_cannot_log_hours(make, browser_of):
    member = make.apprentice()
    make.enrollment(apprentice=member, status="suspended")
    client = browser_of(member)
    assert 'name="quick-hours"' not in client.get(url("dashboard")).content.decode()
    response = client.post(url("hours_log"), quick(date=days_ago(1).isoformat(), competency=make.competency().pk,
                                                   hours="2"))
    assert "while the enrollment is suspended" in " ".join(response.context["form"].non_field_errors())


def _week(monday):
    return [monday + datetime.timedelta(days=n) for n in range(7)]


def test_the_timesheet_saves_every_filled_cell(make, apprentice, browser_of):
    monday = days_ago(14) - datetime.timedelta(days=days_ago(14).weekday())
    first, second = make.competency(index=0), make.competency(index=1)
    data = {f"h-{first.pk}-{monday.isoformat()}": "8", f"h-{second.pk}-{(monday + datetime.timedelta(1)).isoformat()}":
            "4.5", f"h-{first.pk}-{(monday + datetime.timedelta(2)).isoformat()}": ""}

    response = browser_of(apprentice).post(f"{url('hours_week')}?week={monday.isoformat()}", data)

    assert response.status_code == 302
    saved = {(e.competency_id, e.date, e.hours) for e in entries_of(apprentice.enrollment)}
    assert saved == {(first.pk, monday, Decimal("8")), (second.pk, monday + datetime.timedelta(1), Decimal("4.5"))}
    page = browser_of(apprentice).get(f"{url('hours_week')}?week={monday.isoformat()}").content.decode()
    assert "4.5 logged" in page


def test_the_timesheet_shows_errors_per_cell_keeps_the_typed_values_and_saves_nothing(make, apprentice, browser_of):
    monday = days_ago(14) - datetime.timedelta(days=days_ago(14).weekday())
    first, second = make.competency(index=0), make.competency(index=1)
    good, bad = f"h-{first.pk}-{monday.isoformat()}", f"h-{second.pk}-{monday.isoformat()}"
    over = f"h-{second.pk}-{(monday + datetime.timedelta(1)).isoformat()}"

    response = browser_of(apprentice).post(f"{url('hours_week')}?week={monday.isoformat()}",
                                           {good: "8", bad: "1.1", over: "30"})

    assert response.status_code == 200
    form = response.context["form"]
    assert "quarter-hour" in " ".join(form.errors[bad])
    assert "24 hours" in " ".join(form.errors[over])
    assert good not in form.errors
    page = response.content.decode()
    assert f'name="{bad}" id="id_{bad}" value="1.1"' in page and f'name="{good}" id="id_{good}" value="8"' in page
    assert entries_of(apprentice.enrollment) == []


def test_the_timesheet_adds_up_a_day_across_cells(make, apprentice, browser_of):
    monday = days_ago(14) - datetime.timedelta(days=days_ago(14).weekday())
    first, second = make.competency(index=0), make.competency(index=1)
    data = {f"h-{first.pk}-{monday.isoformat()}": "16", f"h-{second.pk}-{monday.isoformat()}": "10"}
    response = browser_of(apprentice).post(f"{url('hours_week')}?week={monday.isoformat()}", data)
    assert "a day has at most 24 hours" in " ".join(response.context["form"].errors[f"h-{second.pk}-{monday}"])
    assert entries_of(apprentice.enrollment) == []


def test_my_entries_show_a_rejection_with_the_mentors_reason(make, apprentice, browser_of):
    entry = make.entry(apprentice.enrollment, hours="3")
    from apprentices import services
    with scope(sponsor=make.sponsor):
        services.hours_reject(mentor=make.mentor, entries=[entry], reason="You were on vacation that day")

    page = browser_of(apprentice).get(url("hours_list")).content.decode()

    assert "You were on vacation that day" in page and make.mentor.user.full_name in page


def test_the_apprentice_edits_then_withdraws_a_pending_entry(make, apprentice, browser_of):
    entry = make.entry(apprentice.enrollment, hours="3")
    client = browser_of(apprentice)

    edit = client.get(url("hours_edit", entry.pk))
    assert edit.context["form"]["hours"].value() == "3"
    response = client.post(url("hours_edit", entry.pk), {
        "date": entry.date.isoformat(), "competency": entry.competency_id, "hours": "3.5", "note": "fixed"})
    assert response.status_code == 302
    assert entries_of(apprentice.enrollment)[0].hours == Decimal("3.5")

    client.post(url("hours_withdraw", entry.pk))
    assert entries_of(apprentice.enrollment)[0].status == OJTEntry.Status.WITHDRAWN
    assert client.get(url("hours_edit", entry.pk)).status_code == 302


def test_editing_keeps_the_typed_values_when_refused(make, apprentice, browser_of):
    entry = make.entry(apprentice.enrollment, hours="3")
    response = browser_of(apprentice).post(url("hours_edit", entry.pk), {
        "date": entry.date.isoformat(), "competency": entry.competency_id, "hours": "2.2", "note": "typed"})
    assert "quarter-hour" in " ".join(response.context["form"].errors["hours"])
    assert 'value="2.2"' in response.content.decode()


def test_a_correction_of_an_approved_entry_needs_a_reason_and_links_to_it(make, apprentice, browser_of):
    entry = make.entry(apprentice.enrollment, hours="8", status=OJTEntry.Status.APPROVED)
    client = browser_of(apprentice)
    values = {"date": entry.date.isoformat(), "competency": entry.competency_id, "hours": "6", "note": ""}

    refused = client.post(url("hours_correct", entry.pk), {**values, "reason": ""})
    assert "Say what was wrong" in " ".join(refused.context["form"].errors["reason"])

    client.post(url("hours_correct", entry.pk), {**values, "reason": "I left at noon"})
    correction = entries_of(apprentice.enrollment)[-1]
    assert (correction.corrects_id, correction.hours, correction.status) == (entry.pk, Decimal("6"), "pending")
    assert "Request a correction" not in client.get(url("hours_list")).content.decode()


def test_another_apprentice_gets_404_on_someone_elses_entries(make, apprentice, browser_of):
    entry = make.entry(apprentice.enrollment, hours="3")
    other = make.apprentice()
    make.enrollment(apprentice=other)
    client = browser_of(other)
    assert client.get(url("hours_edit", entry.pk)).status_code == 404
    assert client.post(url("hours_withdraw", entry.pk)).status_code == 404
    assert client.get(url("hours_correct", entry.pk)).status_code == 404
    assert client.get(url("enrollment_detail", apprentice.enrollment.pk)).status_code == 404


def test_the_apprentice_asks_for_a_skill_sign_off_from_their_job_book(make, apprentice, browser_of):
    skill = make.skills(make.competency())[0]
    client = browser_of(apprentice)
    record = client.get(url("enrollment_detail", apprentice.enrollment.pk)).content.decode()
    assert f"{url('sign_off_request_create')}?skill={skill.pk}" in record

    response = client.post(url("sign_off_request_create"), {"skill": skill.pk, "note": "Watch me Tuesday"})

    assert response.status_code == 302
    with scope(sponsor=make.sponsor):
        request = SignOffRequest.objects.get(enrollment=apprentice.enrollment)
    assert (request.skill_key, request.note, request.status) == (skill.key, "Watch me Tuesday", "pending")
    again = client.post(url("sign_off_request_create"), {"skill": skill.pk})
    assert "already asked" in " ".join(again.context["form"].errors["skill"])


HUGE = ["9" * 400, "1e999999"]


@pytest.mark.parametrize("hours", HUGE, ids=["400 digits", "1e999999"])
def test_quick_add_refuses_a_huge_number_of_hours_with_a_message(make, apprentice, browser_of, hours):
    response = browser_of(apprentice).post(url("hours_log"), quick(
        date=days_ago(1).isoformat(), competency=make.competency().pk, hours=hours))
    assert response.status_code == 200
    assert " ".join(response.context["form"].errors["hours"]) in (
        "Enter a number of hours up to 24.", "A day has at most 24 hours.")
    assert entries_of(apprentice.enrollment) == []


@pytest.mark.parametrize("hours", HUGE, ids=["400 digits", "1e999999"])
def test_the_timesheet_refuses_a_huge_number_in_a_cell_with_a_message(make, apprentice, browser_of, hours):
    monday = days_ago(14) - datetime.timedelta(days=days_ago(14).weekday())
    cell = f"h-{make.competency().pk}-{monday.isoformat()}"
    response = browser_of(apprentice).post(f"{url('hours_week')}?week={monday.isoformat()}", {cell: hours})
    assert response.status_code == 200
    assert " ".join(response.context["form"].errors[cell]) in (
        "Enter a number of hours up to 24.", "A day has at most 24 hours.")
    assert entries_of(apprentice.enrollment) == []


@pytest.mark.parametrize("page", ["hours_edit", "hours_correct"])
def test_editing_or_correcting_refuses_a_huge_number_of_hours_with_a_message(make, apprentice, browser_of, page):
    status = OJTEntry.Status.PENDING if page == "hours_edit" else OJTEntry.Status.APPROVED
    entry = make.entry(apprentice.enrollment, hours="3", status=status)
    response = browser_of(apprentice).post(url(page, entry.pk), {
        "date": entry.date.isoformat(), "competency": entry.competency_id, "hours": "9" * 400, "reason": "typo"})
    assert response.status_code == 200
    assert "Enter a number of hours up to 24." in " ".join(response.context["form"].errors["hours"])
