"""The program's standards pages: the draft and its differences, publishing with a confirmation, the
versions with their enrollments, and the move of enrollments with its preview and signature."""

from decimal import Decimal

import pytest
from django.urls import reverse
from django_scopes import scope, scopes_disabled

from apprentices.models import Enrollment, StatusChange
from imt.permissions import Role
from programs import services
from programs.models import Program, StandardsMove
from tests.completion.factories import make_eligible

pytestmark = pytest.mark.django_db
PASSWORD = "demo-pass-2026"


@pytest.fixture
def admin(world, client_for):
    return client_for(world.user("keystone", Role.SPONSOR_ADMIN))


@pytest.fixture
def program(world):
    with scopes_disabled():
        return Program.objects.filter(sponsor=world.a, approach="hybrid").order_by("pk").first()


def change_draft(program, **fields):
    with scope(sponsor=program.sponsor):
        steps = [{name: getattr(s, name) for name in services.WAGE_STEP_FIELDS} for s in program.wage_steps.all()]
        services.program_update(program=program, wage_steps=steps, **fields)


def test_the_program_list_shows_the_hourly_rate_of_each_step(world, admin, program):
    change_draft(program, journeyworker_wage=Decimal("30.00"))
    with scopes_disabled():
        step = program.wage_steps.filter(kind="percent").order_by("threshold").first()
    page = admin.get(reverse("program_list", args=["keystone"])).content.decode()
    rate = (Decimal("30.00") * step.amount / 100).quantize(Decimal("0.01"))
    assert f"= {rate} USD/h" in page


def test_the_program_page_shows_the_draft_differences_and_publishes_after_confirmation(world, admin, program):
    url = reverse("program_detail", args=["keystone", program.pk])
    page = admin.get(url).content.decode()
    assert "Editing the program changes a draft" in page
    assert "The draft is the same as the newest published version." in page
    change_draft(program, rti_hours_required=288)
    page = admin.get(url).content.decode()
    assert "RTI hours required" in page and "288" in page and "Publish as version 2" in page

    publish = reverse("standards_publish", args=["keystone", program.pk])
    assert "What this version changes" in admin.get(publish).content.decode()
    unconfirmed = admin.post(publish, {"note": "RTI 288 h."})
    assert unconfirmed.status_code == 200 and "This field is required" in unconfirmed.content.decode()
    assert admin.post(publish, {"note": "RTI 288 h.", "confirm": "on"}).status_code == 302
    with scopes_disabled():
        version = program.standards_versions.get(number=2)
        assert (version.rti_hours_required, version.note) == (288, "RTI 288 h.")
    page = admin.get(url).content.decode()
    assert "Version 2" in page and "The draft is the same as the newest published version." in page


def test_the_reviewer_reads_the_versions_but_does_not_publish(world, client_for, program):
    reviewer = client_for(world.user("keystone", Role.SPONSOR_REVIEWER))
    change_draft(program, rti_hours_required=288)
    assert reviewer.get(reverse("program_detail", args=["keystone", program.pk])).status_code == 200
    assert reviewer.get(reverse("standards_publish", args=["keystone", program.pk])).status_code == 403


def test_the_move_page_previews_then_moves_with_a_signature(world, admin, program):
    with scope(sponsor=world.a):
        eligible = make_eligible(world)
    change_draft(program, rti_hours_required=288)
    with scope(sponsor=world.a):
        version = services.standards_version_publish(
            program=program, by=world.member("keystone", Role.SPONSOR_ADMIN), note="RTI 288 h.")
        on_v1 = list(Enrollment.objects.filter(program=program, standards_version__number=1,
                                                status__in=Enrollment.OPEN_STATUSES))
    detail = admin.get(reverse("standards_version", args=["keystone", version.pk])).content.decode()
    assert "Move enrollments to this version" in detail
    url = reverse("standards_move", args=["keystone", version.pk])
    choose = admin.get(url).content.decode()
    assert all(f'value="{e.pk}"' in choose for e in on_v1)
    preview = admin.get(url, {"preview": "1", "enrollments": [eligible.pk]}).content.decode()
    assert eligible.full_name in preview and "no longer met" in preview and "RTI hours" in preview
    assert "Your password" in preview
    wrong = admin.post(url, {"enrollments": [eligible.pk], "reason": "New standards", "password": "nope"})
    assert wrong.status_code == 200 and "That password is not right." in wrong.content.decode()
    with scopes_disabled():
        assert not StandardsMove.objects.exists()
    done = admin.post(url, {"enrollments": [eligible.pk], "reason": "New standards", "password": PASSWORD})
    assert done.status_code == 302
    with scopes_disabled():
        assert Enrollment.objects.get(pk=eligible.pk).standards_version_id == version.pk
        assert StandardsMove.objects.get().enrollment_id == eligible.pk
        assert StatusChange.objects.filter(enrollment=eligible, kind="standards").count() == 1
        others = Enrollment.objects.filter(pk__in=[e.pk for e in on_v1 if e.pk != eligible.pk])
        assert all(e.standards_version.number == 1 for e in others)
