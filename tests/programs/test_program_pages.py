import pytest
from django.urls import reverse
from django_scopes import scopes_disabled

from imt.permissions import Role
from programs.models import Program

pytestmark = pytest.mark.django_db


def form_data(**changes):
    data = {
        "name": "IMT evening cohort", "occupation": "Industrial Manufacturing Technician", "onet_code": "17-3029.09",
        "rapids_code": "", "approach": "hybrid", "term_months": "18", "ojt_hours_required": "2736",
        "rti_hours_required": "264", "probation_months": "4", "ratio_apprentices": "1", "ratio_journeyworkers": "1",
        "journeyworker_wage": "", "is_active": "on",
        "steps-TOTAL_FORMS": "3", "steps-INITIAL_FORMS": "1", "steps-MIN_NUM_FORMS": "0", "steps-MAX_NUM_FORMS": "20",
        "steps-0-basis": "hours", "steps-0-threshold": "0", "steps-0-kind": "percent", "steps-0-amount": "60",
        "steps-1-basis": "hours", "steps-1-threshold": "1000", "steps-1-kind": "percent", "steps-1-amount": "70",
        "steps-2-basis": "hours", "steps-2-threshold": "", "steps-2-kind": "percent", "steps-2-amount": "",
    }
    data.update(changes)
    return data


@pytest.fixture
def admin(world, client_for):
    return client_for(world.user("keystone", Role.SPONSOR_ADMIN))


def test_sponsor_admin_registers_a_program_with_its_wage_schedule(world, admin):
    response = admin.post(reverse("program_create", args=["keystone"]), form_data())
    assert response.status_code == 302
    with scopes_disabled():
        program = Program.objects.get(sponsor=world.a, name="IMT evening cohort")
        assert [s.threshold for s in program.wage_steps.order_by("threshold")] == [0, 1000]


@pytest.mark.parametrize(("changes", "field", "message"), [
    ({"probation_months": "6"}, "probation_months", "25%"),
    ({"term_months": "60", "probation_months": "14"}, "probation_months", "one year"),
    ({"ojt_hours_required": "3001"}, "ojt_hours_required", "between 1 and 3000"),
    ({"ojt_hours_required": "0"}, "ojt_hours_required", "between 1 and 3000"),
    ({"ratio_journeyworkers": "0"}, "ratio_journeyworkers", "at least 1"),
])
def test_a_bad_program_value_is_shown_next_to_its_field(admin, changes, field, message):
    response = admin.post(reverse("program_create", args=["keystone"]), form_data(**changes))
    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors[field])
    assert response.context["form"]["name"].value() == "IMT evening cohort"


def test_a_wage_step_that_does_not_increase_is_shown_on_that_step(admin):
    response = admin.post(reverse("program_create", args=["keystone"]), form_data(**{"steps-1-amount": "55"}))
    assert response.status_code == 200
    assert "pay more" in response.context["formset"].forms[1].errors["amount"][0]
    response = admin.post(reverse("program_create", args=["keystone"]), form_data(**{"steps-1-threshold": "0"}))
    assert "come later" in response.context["formset"].forms[1].errors["threshold"][0]


def test_editing_a_program_keeps_unchanged_wage_steps(world, admin):
    with scopes_disabled():
        program = Program.objects.get(sponsor=world.a)
        count = program.wage_steps.count()
    page = admin.get(reverse("program_update", args=["keystone", program.pk]))
    formset = page.context["formset"]
    data = form_data(name=program.name, **{"steps-TOTAL_FORMS": str(len(formset.forms)),
                                           "steps-INITIAL_FORMS": str(count)})
    for index, form in enumerate(formset.forms):
        for name in ("basis", "threshold", "kind", "amount"):
            value = form.initial.get(name, "")
            data[f"steps-{index}-{name}"] = "" if value is None else str(value)
    response = admin.post(reverse("program_update", args=["keystone", program.pk]), data)
    assert response.status_code == 302, response.context["formset"].errors
    with scopes_disabled():
        assert program.wage_steps.count() == count


def test_reviewer_sees_programs_but_cannot_edit_them(world, client_for):
    reviewer = client_for(world.user("keystone", Role.SPONSOR_REVIEWER))
    assert reviewer.get(reverse("program_list", args=["keystone"])).status_code == 200
    assert reviewer.get(reverse("program_create", args=["keystone"])).status_code == 403


@pytest.mark.parametrize("field", [
    "term_months", "ojt_hours_required", "rti_hours_required", "probation_months", "ratio_apprentices",
    "journeyworker_wage", "steps-1-threshold", "steps-1-amount",
])
def test_a_400_digit_number_is_refused_next_to_its_field(admin, field):
    response = admin.post(reverse("program_create", args=["keystone"]), form_data(**{field: "9" * 400}))
    assert response.status_code == 200
    forms = [response.context["form"], *response.context["formset"].forms]
    assert any(field.removeprefix("steps-1-") in form.errors for form in forms)
