"""Versioned registered standards (issue #15, item 1): publishing a version changes no enrollment's
requirements; only the sponsor admin's signed, previewed move does, and it leaves its records; a
completed apprentice's checklist never changes."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from django_scopes import scope, scopes_disabled

from apprentices.models import Enrollment, StatusChange
from completion import services as completion_services
from completion import standards_moves
from completion.eligibility import eligibility
from imt.permissions import Role
from programs import services
from programs.models import Program, StandardsMove, StandardsVersion
from tests.completion.factories import make_eligible
from tests.db import refused

pytestmark = pytest.mark.django_db




def keystone_program(world):
    return Program.objects.filter(sponsor=world.a).order_by("pk").first()


def publish_v2(world, **fields):
    """Change the draft (RTI 288 h and a higher journeyworker wage unless told otherwise) and publish it."""
    program = keystone_program(world)
    steps = [{name: getattr(s, name) for name in services.WAGE_STEP_FIELDS} for s in program.wage_steps.all()]
    fields = fields or {"rti_hours_required": 288, "journeyworker_wage": Decimal("27.80")}
    services.program_update(program=program, wage_steps=steps, **fields)
    return services.standards_version_publish(
        program=program, by=world.member("keystone", Role.SPONSOR_ADMIN), note="RTI 288 h, new wage.")


def checklist_of(enrollment):
    return eligibility(Enrollment.objects.get(pk=enrollment.pk)).as_content()


def move(world, version, enrollments, **kwargs):
    return standards_moves.standards_move(
        version=version, enrollments=enrollments, by=world.member("keystone", Role.SPONSOR_ADMIN),
        reason=kwargs.pop("reason", "The new standards apply to everyone."),
        password_confirmed_at=kwargs.pop("password_confirmed_at", timezone.now()),
    )


def test_publishing_a_version_changes_no_existing_enrollments_checklist(world):
    with scope(sponsor=world.a):
        enrollment = make_eligible(world)
        before = checklist_of(enrollment)
        assert eligibility(enrollment).eligible
        version = publish_v2(world, rti_hours_required=288, ojt_hours_required=2800)
        assert version.number == 2 and version.rti_hours_required == 288
        enrollment.refresh_from_db()
        assert enrollment.standards_version.number == 1
        assert checklist_of(enrollment) == before
        assert eligibility(Enrollment.objects.get(pk=enrollment.pk)).eligible
        assert not StandardsMove.objects.exists()


def test_the_explicit_move_changes_the_checklist_and_leaves_its_records(world):
    with scope(sponsor=world.a):
        enrollment = make_eligible(world)
        version = publish_v2(world)
        [row] = standards_moves.move_preview(version, [enrollment])
        assert (row.eligible_before, row.eligible_after, row.refused) == (True, False, "")
        assert [change.label for change in row.changes] == ["RTI hours"]
        assert row.changes[0].after.endswith("/ 288 h") and row.changes[0].met_after is False
        assert checklist_of(enrollment) == eligibility(enrollment).as_content()  # the preview saved nothing

        [moved] = move(world, version, [enrollment])
        enrollment.refresh_from_db()
        assert enrollment.standards_version == version
        assert (moved.from_version.number, moved.to_version.number) == (1, 2)
        assert moved.signature.content["to_version"] == 2 and moved.signature.password_confirmed_at
        change = StatusChange.objects.get(enrollment=enrollment, kind="standards")
        assert (change.from_value, change.to_value) == ("version 1", "version 2")
        checklist = eligibility(enrollment)
        assert not checklist.eligible
        assert [str(line.label) for line in checklist.missing] == ["RTI hours"]


def test_a_completed_apprentices_checklist_never_changes(world):
    with scope(sponsor=world.a):
        enrollment = make_eligible(world)
        recommendation = completion_services.recommend(
            enrollment=enrollment, by=world.member("keystone", Role.EMPLOYER_ADMIN), confirmed_at=timezone.now())
        completion_services.review_approve(recommendation=recommendation, by=world.member(
            "keystone", Role.SPONSOR_REVIEWER), confirmed_at=timezone.now(), comment="")
        enrollment.refresh_from_db()
        assert enrollment.status == Enrollment.Status.COMPLETED
        before = checklist_of(enrollment)
        version = publish_v2(world, rti_hours_required=288, ojt_hours_required=2800)
        assert checklist_of(enrollment) == before
        [row] = standards_moves.move_preview(version, [enrollment])
        assert row.refused and not row.changes
        with pytest.raises(ValidationError, match="cannot be moved"):
            move(world, version, [enrollment])
        assert checklist_of(enrollment) == before
        assert Enrollment.objects.get(pk=enrollment.pk).standards_version.number == 1
        assert not StandardsMove.objects.exists()
        assert not StatusChange.objects.filter(kind="standards").exists()


def test_a_move_needs_the_admin_a_reason_and_a_recent_password(world):
    with scope(sponsor=world.a):
        enrollment = make_eligible(world)
        version = publish_v2(world)
        with pytest.raises(ValidationError) as error:
            move(world, version, [enrollment], reason=" ", password_confirmed_at=None)
        assert set(error.value.error_dict) == {"reason", "password"}
        with pytest.raises(PermissionDenied):
            standards_moves.standards_move(
                version=version, enrollments=[enrollment], by=world.member("keystone", Role.EMPLOYER_ADMIN),
                reason="x", password_confirmed_at=timezone.now())
        move(world, version, [enrollment])
        with pytest.raises(ValidationError, match="already on version 2"):
            move(world, version, [enrollment])


def test_publishing_needs_the_admin_a_note_and_a_change(world):
    with scope(sponsor=world.a):
        program = keystone_program(world)
        admin = world.member("keystone", Role.SPONSOR_ADMIN)
        with pytest.raises(ValidationError, match="nothing to publish"):
            services.standards_version_publish(program=program, by=admin, note="Nothing")
        publish_v2(world)
        with pytest.raises(PermissionDenied):
            services.standards_version_publish(program=program, by=world.member("keystone", Role.SPONSOR_REVIEWER),
                                               note="x")
        with pytest.raises(ValidationError):
            services.standards_version_publish(program=program, by=admin, note="")


def test_published_versions_and_moves_refuse_raw_sql_update_and_delete(world):
    with scope(sponsor=world.a):
        enrollment = make_eligible(world)
        version = publish_v2(world)
        [moved] = move(world, version, [enrollment])
    with scopes_disabled():
        version_id = StandardsVersion.objects.get(pk=version.pk).pk
    assert refused("UPDATE programs_standardsversion SET rti_hours_required = 1 WHERE id = %s", version_id)
    assert refused("DELETE FROM programs_standardsversion WHERE id = %s", version_id)
    assert refused("UPDATE programs_standardsmove SET reason = 'forged' WHERE id = %s", moved.pk)
    assert refused("DELETE FROM programs_standardsmove WHERE id = %s", moved.pk)
    with scopes_disabled():
        assert StandardsMove.objects.get(pk=moved.pk).reason == "The new standards apply to everyone."
        assert StandardsVersion.objects.get(pk=version_id).rti_hours_required == 288


def test_the_apprentices_rti_requirement_follows_their_version(world, client_for):
    """The RTI page's checklist and the dashboard read the hours of the version the apprentice is on."""
    from credentials.selectors import requirements_checklist

    with scope(sponsor=world.a):
        enrollment = make_eligible(world)
        apprentice = enrollment.apprentice
        version = publish_v2(world)
        assert requirements_checklist(apprentice)["rti"][0]["target"] == 264
        move(world, version, [enrollment])
        assert requirements_checklist(apprentice)["rti"][0]["target"] == 288
    page = client_for(apprentice.user).get("/keystone/").content.decode()
    assert " of 288 hours" in page
