"""A large roster file goes through Celery: checked, then imported in batches with the progress rising.
With a real worker on PostgreSQL and Redis the file has 5,000 rows (the issue's figure, printed); with
tasks run in-process it has 600 (past the size that goes to Celery and several batches of progress), so
that the suite's three runs on SQLite with the clock moved do not each spend two minutes here."""

import time

import pytest
from django.conf import settings
from django.core import mail
from django_scopes import scope, scopes_disabled

from apprentices.models import Enrollment
from imports import services
from imports.models import RosterImport
from imt.permissions import Role
from programs.models import Invitation, Program
from programs.services import program_update, standards_publish
from tests.imports.conftest import csv_file, row
from tests.workers import celery_queue, needs_services, wait_for

ROWS = 5000
IN_PROCESS_ROWS = 600


def room_for_everyone(world):
    """A standards version whose ratio lets one mentor take every apprentice of the file."""
    with scopes_disabled():
        program = Program.objects.get(sponsor=world.a)
        steps = [{"basis": s.basis, "threshold": s.threshold, "kind": s.kind, "amount": s.amount}
                 for s in program.wage_steps.order_by("threshold")]
        program_update(program=program, wage_steps=steps, ratio_apprentices=ROWS * 2)
        standards_publish(program=program, note="Room for a large import.")


def big_file(rows=ROWS):
    return csv_file([row(n, email=f"big{n}@example.com") for n in range(1, rows + 1)])


def invitations_sent():
    with scopes_disabled():
        return Invitation.objects.filter(email__startswith="big", email_sent_at__isnull=False).count()


def status_of(pk):
    with scopes_disabled():
        return RosterImport.objects.get(pk=pk)


@pytest.mark.django_db
def test_a_large_file_is_checked_and_imported_by_tasks_with_progress(world, monkeypatch, capsys):
    room_for_everyone(world)
    admin = world.member("keystone", Role.SPONSOR_ADMIN)
    seen = []
    write_progress = services._write_progress

    def watched(roster_import):
        write_progress(roster_import)
        seen.append(status_of(roster_import.pk).progress_done)

    monkeypatch.setattr(services, "_write_progress", watched)
    started = time.monotonic()
    with scope(sponsor=world.a):
        roster_import, created = services.roster_import_upload(
            membership=admin, name="big.csv", content=big_file(IN_PROCESS_ROWS))
        assert created and roster_import.status == RosterImport.Status.READY  # checked by the (eager) task
        assert (roster_import.to_create, roster_import.refused) == (IN_PROCESS_ROWS, 0)
        checked = time.monotonic()
        roster_import = services.roster_import_confirm(membership=admin, roster_import=roster_import)
    finished = time.monotonic()
    assert roster_import.status == RosterImport.Status.DONE
    done = (roster_import.created, roster_import.failed, roster_import.progress_done)
    assert done == (IN_PROCESS_ROWS, 0, IN_PROCESS_ROWS)
    assert len(seen) >= IN_PROCESS_ROWS // services.PROGRESS_EVERY - 1
    assert seen == sorted(seen) and seen[0] < seen[-1]
    with scopes_disabled():
        assert Enrollment.objects.filter(email__startswith="big").count() == IN_PROCESS_ROWS
    with capsys.disabled():
        print(f"\n{IN_PROCESS_ROWS}-row roster, tasks in-process: checked in {checked - started:.1f} s, "
              f"imported in {finished - checked:.1f} s")


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_a_5000_row_file_completes_on_a_real_worker_with_the_progress_rising(world, capsys):
    needs_services()
    room_for_everyone(world)
    admin = world.member("keystone", Role.SPONSOR_ADMIN)
    with celery_queue(settings.MEDIA_ROOT) as worker:
        # The worker keeps the e-mails in memory; each invitation records when it was sent.
        worker(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend")
        started = time.monotonic()
        with scope(sponsor=world.a):
            roster_import, _created = services.roster_import_upload(membership=admin, name="big.csv",
                                                                    content=big_file())
        ready = wait_for(lambda: status_of(roster_import.pk).status == RosterImport.Status.READY,
                         timeout=120, message="the rows to be checked")
        assert ready
        checked = time.monotonic()
        assert status_of(roster_import.pk).to_create == ROWS
        with scope(sponsor=world.a):
            services.roster_import_confirm(membership=admin, roster_import=status_of(roster_import.pk))
        seen = []
        deadline = time.monotonic() + 900
        while time.monotonic() < deadline:
            current = status_of(roster_import.pk)
            seen.append(current.progress_done)
            if current.status == RosterImport.Status.DONE:
                break
            time.sleep(0.5)
        finished = time.monotonic()
        wait_for(lambda: invitations_sent() == ROWS, timeout=600, message="the 5,000 invitations to be sent")
        invited = time.monotonic()
    done = status_of(roster_import.pk)
    assert done.status == RosterImport.Status.DONE, seen[-5:]
    assert (done.created, done.failed) == (ROWS, 0)
    distinct = sorted(set(seen))
    assert seen == sorted(seen) and len(distinct) > 5, distinct  # watched rising, not jumping to the end
    with scopes_disabled():
        assert Enrollment.objects.filter(email__startswith="big").count() == ROWS
    assert len(mail.outbox) == 0  # the worker sent the invitations, not this process
    with capsys.disabled():
        print(f"\n5,000-row roster on a real worker: checked in {checked - started:.1f} s, imported in "
              f"{finished - checked:.1f} s, every invitation sent {invited - checked:.1f} s after confirming")
