from decimal import Decimal

import pytest
from django_scopes import scopes_disabled

from apprentices import demo, selectors
from apprentices.models import Enrollment, OJTEntry, SkillSignOff
from imt.permissions import Role
from tests.conftest import QuietCommand


def test_the_demo_has_apprentices_at_every_stage(demo_world):
    with scopes_disabled():
        statuses = set(Enrollment.objects.filter(sponsor=demo_world.a).values_list("status", flat=True))
        assert {"probation", "active", "suspended", "cancelled"} <= statuses
        assert 35 <= Enrollment.objects.filter(sponsor=demo_world.a).count() <= 45
        assert Enrollment.objects.filter(sponsor=demo_world.b).count() >= 3


def test_the_demo_apprentice_is_midway_with_approved_and_pending_hours(demo_world):
    with scopes_disabled():
        enrollment = Enrollment.objects.get(apprentice=demo_world.member("keystone", Role.APPRENTICE))
        progress = selectors.enrollment_progress(enrollment)
    assert Decimal(500) < progress.approved < Decimal(2000) and progress.pending > 0


def test_the_demo_mentor_has_pending_items_in_the_queue(demo_world):
    with scopes_disabled():
        queue = selectors.mentor_queue(demo_world.member("keystone", Role.MENTOR))
    assert queue.entries and queue.requests


def test_one_demo_apprentice_has_every_skill_signed_and_every_competency_hours_approved(demo_world):
    with scopes_disabled():
        active = Enrollment.objects.filter(sponsor=demo_world.a, status="active")
        ready = [selectors.enrollment_progress(e) for e in active]
    assert any(p.competencies_mastered == len(p.competencies)
               and all(c.approved >= c.target for c in p.competencies) for p in ready)


def test_seeding_again_changes_nothing(demo_world):
    with scopes_disabled():
        before = (Enrollment.objects.count(), OJTEntry.objects.count(), SkillSignOff.objects.count())
        demo.seed(QuietCommand, {"apprentices": 0})
        assert (Enrollment.objects.count(), OJTEntry.objects.count(), SkillSignOff.objects.count()) == before


@pytest.mark.django_db
def test_the_load_option_adds_apprentices_with_history(demo_world):
    with scopes_disabled():
        before = Enrollment.objects.count()
        demo.seed(QuietCommand, {"apprentices": 3})
        assert Enrollment.objects.count() == before + 3
        assert OJTEntry.objects.filter(enrollment__email__startswith="load-apprentice-").count() > 30
