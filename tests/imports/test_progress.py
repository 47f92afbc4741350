"""While a large file is checked or imported by workers, its page shows a progress bar that polls; a
worker that stopped is replaced by the periodic job, which carries on where it left off."""

import datetime

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone
from django_scopes import scope, scopes_disabled

from apprentices.models import Enrollment
from imports import services, tasks
from imports.models import RosterImport, RosterImportRow
from tests.imports.conftest import csv_file, row

pytestmark = pytest.mark.django_db


@pytest.fixture
def lost_messages(monkeypatch):
    """Every file counts as large, and the broker loses every message: the work waits for the periodic job."""
    sent = []
    monkeypatch.setattr(services, "INLINE_ROWS", 0)
    monkeypatch.setattr(services.dispatch, "send", lambda task, *args: sent.append((task.name, args)))
    return sent


def current():
    with scopes_disabled():
        return RosterImport.objects.get()


def test_the_page_polls_the_progress_while_workers_run_and_reloads_when_they_are_done(
        admin, upload, client_for, world, lost_messages):
    upload(admin, csv_file([row(1), row(2)]))
    roster_import = current()
    assert roster_import.status == RosterImport.Status.PREVIEWING
    assert lost_messages == [("imports.tasks.check_roster_import", (world.a.pk, roster_import.pk))]
    client = client_for(admin.user)
    page = client.get(reverse("roster_import", args=[world.a.slug, roster_import.pk])).content.decode()
    assert 'hx-trigger="every 2s"' in page and "Checking the rows…" in page and "0 of 2 rows" in page
    progress_url = reverse("roster_import_progress", args=[world.a.slug, roster_import.pk])
    assert "HX-Refresh" not in client.get(progress_url, HTTP_HX_REQUEST="true")
    tasks.check_roster_import.apply(args=[world.a.pk, roster_import.pk])
    response = client.get(progress_url, HTTP_HX_REQUEST="true")
    assert response["HX-Refresh"] == "true" and "every 2s" not in response.content.decode()
    assert current().status == RosterImport.Status.READY


def test_the_periodic_job_resumes_an_import_whose_worker_stopped_without_importing_a_row_twice(
        admin, upload, client_for, world, lost_messages):
    upload(admin, csv_file([row(1), row(2), row(3)]))
    tasks.check_roster_import.apply(args=[world.a.pk, current().pk])
    client_for(admin.user).post(reverse("roster_import_confirm", args=[world.a.slug, current().pk]))
    with scope(sponsor=world.a):  # a worker imported the first row, then died
        first = RosterImportRow.objects.get(number=2)
        services._import_row(current(), first.pk, services._lookups(current()))
    assert current().status == RosterImport.Status.IMPORTING
    assert tasks.resume_stalled_roster_imports.apply().get() == 0  # still fresh: maybe only slow
    with time_machine.travel(timezone.now() + datetime.timedelta(minutes=6)):
        lost_messages.clear()
        assert tasks.resume_stalled_roster_imports.apply().get() == 1
    assert lost_messages == [("imports.tasks.run_roster_import", (world.a.pk, current().pk))]
    tasks.run_roster_import.apply(args=[world.a.pk, current().pk])
    tasks.run_roster_import.apply(args=[world.a.pk, current().pk])  # delivered twice
    done = current()
    assert (done.status, done.created) == (RosterImport.Status.DONE, 3)
    with scopes_disabled():
        assert Enrollment.objects.filter(email__in=["new1@example.com", "new2@example.com", "new3@example.com"]
                                         ).count() == 3
