"""The workers' side of roster imports: thin tasks that take ids, enter the sponsor's scope and call
a service.  Each is safe to run twice and resumes where a dead worker left off (rows already checked
or imported are kept)."""

from celery import shared_task
from django.conf import settings
from django_scopes import scope, scopes_disabled

from imports import services
from imt import dispatch
from programs.models import Sponsor


def _time_budget() -> float:
    # Stop well before the soft time limit and hand the rest to a fresh task.
    return settings.CELERY_TASK_SOFT_TIME_LIMIT / 2


@shared_task
def check_roster_import(sponsor_id: int, roster_import_id: int) -> None:
    """Check the rows of an uploaded roster file (the preview)."""
    with scope(sponsor=Sponsor.objects.get(pk=sponsor_id)):
        services.roster_import_check(roster_import_id=roster_import_id)


@shared_task
def run_roster_import(sponsor_id: int, roster_import_id: int) -> None:
    """Import a confirmed roster file's rows for about half the time limit, then hand the rest on."""
    with scope(sponsor=Sponsor.objects.get(pk=sponsor_id)):
        more = services.roster_import_run(roster_import_id=roster_import_id, seconds=_time_budget())
    if more:
        dispatch.send(run_roster_import, sponsor_id, roster_import_id)


@shared_task
def resume_stalled_roster_imports() -> int:
    """Every few minutes: hand again to a worker the imports whose worker stopped writing progress."""
    with scopes_disabled():
        stalled = services.roster_imports_stalled()
    for roster_import in stalled:
        task = check_roster_import if roster_import.status == roster_import.Status.PREVIEWING else run_roster_import
        dispatch.send(task, roster_import.sponsor_id, roster_import.pk)
    return len(stalled)
