from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django_scopes import scopes_disabled

from programs import services
from programs.models import Program, WageStep

pytestmark = pytest.mark.django_db


def steps(*rows, basis=WageStep.Basis.HOURS, kind=WageStep.Kind.PERCENT):
    return [{"basis": basis, "threshold": t, "kind": kind, "amount": Decimal(a)} for t, a in rows]


@pytest.fixture(autouse=True)
def _unscoped():
    with scopes_disabled():
        yield


def create(world, **fields):
    return services.program_create(sponsor=world.a, **{"name": "IMT 2027", **fields})


def errors_of(callable_):
    with pytest.raises(ValidationError) as refused:
        callable_()
    return refused.value.message_dict


def test_a_program_starts_from_the_imt_standard(world):
    program = create(world, wage_steps=steps((0, "60"), (1000, "70")))
    assert (program.occupation, program.onet_code, program.term_months) == (
        "Industrial Manufacturing Technician", "17-3029.09", 18
    )
    assert (program.ojt_hours_required, program.rti_hours_required, program.approach) == (2736, 264, "hybrid")
    assert [s.threshold for s in program.wage_steps.all()] == [0, 1000]


def test_demo_keystone_runs_a_hybrid_program_and_lakeshore_a_time_based_one(demo_world):
    assert Program.objects.get(sponsor=demo_world.a).approach == Program.Approach.HYBRID
    assert Program.objects.get(sponsor=demo_world.b).approach == Program.Approach.TIME_BASED


def test_probation_longer_than_a_quarter_of_the_term_is_refused(world):
    errors = errors_of(lambda: create(world, term_months=18, probation_months=5))
    assert "25%" in errors["probation_months"][0]


def test_probation_longer_than_a_year_is_refused_even_in_a_long_term(world):
    errors = errors_of(lambda: create(world, term_months=60, probation_months=13))
    assert "one year" in errors["probation_months"][0]
    assert create(world, term_months=60, probation_months=12).probation_months == 12


@pytest.mark.parametrize("hours", [0, 3001])
def test_ojt_hours_must_be_between_1_and_3000(world, hours):
    assert "ojt_hours_required" in errors_of(lambda: create(world, ojt_hours_required=hours))


def test_a_program_may_require_up_to_3000_ojt_hours(world):
    assert create(world, ojt_hours_required=3000).ojt_hours_required == 3000


def test_ratio_must_be_positive(world):
    assert "ratio_journeyworkers" in errors_of(lambda: create(world, ratio_journeyworkers=0))


def test_wage_steps_that_do_not_increase_are_refused(world):
    errors = errors_of(lambda: create(world, wage_steps=steps((0, "60"), (500, "60"))))
    assert "Wage step 2: Each step must pay more" in errors["__all__"][0]
    errors = errors_of(lambda: create(world, wage_steps=steps((500, "60"), (500, "65"))))
    assert "Wage step 2: Each step must come later" in errors["__all__"][0]
    assert not Program.objects.filter(name="IMT 2027").exists()


def test_wage_steps_must_share_a_basis_and_a_kind(world):
    mixed = steps((0, "60")) + steps((6, "70"), basis=WageStep.Basis.MONTHS)
    assert "same basis" in errors_of(lambda: create(world, wage_steps=mixed))["__all__"][0]


def test_updating_a_program_replaces_its_wage_schedule(world):
    program = Program.objects.get(sponsor=world.a)
    services.program_update(program=program, wage_steps=steps((0, "55"), (1368, "75")), probation_months=3)
    program.refresh_from_db()
    assert program.probation_months == 3
    assert [(s.threshold, s.amount) for s in program.wage_steps.order_by("threshold")] == [
        (0, Decimal("55")), (1368, Decimal("75")),
    ]
