import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from apprentices import selectors, services
from apprentices.models import OJTEntry
from jobbook import services as jobbook_services
from jobbook.models import JobBookVersion, Skill

from .conftest import days_ago


def test_moving_to_a_newer_version_maps_hours_and_sign_offs_by_stable_key_and_reports_the_rest(enroll, make):
    enrollment = enroll(start=days_ago(100))
    competency = make.competency()
    kept, dropped = make.skills(competency)[:2]
    approved = make.entry(enrollment, hours="6", status=OJTEntry.Status.APPROVED, competency=competency)
    pending = make.entry(enrollment, hours="2", competency=competency)
    for skill in (kept, dropped):
        services.skill_sign_off(enrollment=enrollment, skill=skill, mentor=make.mentor, level=3,
                                observed_on=days_ago(1), password_confirmed_at=timezone.now())
    draft = JobBookVersion.objects.get(job_book=make.version.job_book, status=JobBookVersion.Status.DRAFT)
    jobbook_services.skill_remove(skill=Skill.objects.get(competency__version=draft, key=dropped.key),
                                  by=make.sponsor_admin)
    newer = jobbook_services.version_publish(version=draft, by=make.sponsor_admin)

    report = services.enrollment_move_version(enrollment=enrollment, version=newer, by=make.employer_admin.user)

    assert report.mapped_hours == 8 and report.unmapped_hours == []
    assert report.mapped_sign_offs == 1 and report.unmapped_sign_offs == [dropped.name]
    assert not report.is_complete
    enrollment.refresh_from_db()
    assert enrollment.job_book_version == newer
    assert OJTEntry.objects.get(pk=approved.pk).competency == competency  # history is not rewritten
    assert OJTEntry.objects.get(pk=pending.pk).competency.version == newer
    row = selectors.enrollment_progress(enrollment).competencies[0]
    assert (row.approved, row.pending) == (6, 2)
    signed = {s.skill.key for s in row.skills if s.signed_off}
    assert signed == {kept.key}
    assert enrollment.status_changes.filter(kind="version").exists()


def test_moving_to_the_same_version_is_refused(enroll, make):
    with pytest.raises(ValidationError, match="already on this version"):
        services.enrollment_move_version(enrollment=enroll(), version=make.version, by=make.employer_admin.user)


def test_moving_to_another_employers_book_is_refused(enroll, make):
    with pytest.raises(ValidationError, match="published Job Book of Penn"):
        services.enrollment_move_version(enrollment=enroll(), version=make.allegheny_version,
                                         by=make.employer_admin.user)
