"""Two confirmations at the same moment (PostgreSQL: real concurrent transactions): the same import
once, and two imports of the same file with their hours once."""

import threading

import pytest
from django.db import connection
from django_scopes import scope

from apprentices.models import OJTEntry
from tests.apprentices.conftest import on_postgresql
from tests.apprentices.test_concurrency import run_together

from .conftest import days_ago

pytestmark = [on_postgresql, pytest.mark.django_db(transaction=True), pytest.mark.services]


def test_one_import_confirmed_twice_at_once_logs_its_rows_once(make):
    enrollment = make.enrollment()
    hours_import = make.previewed([make.row(enrollment), make.row(enrollment, day=days_ago(4))])
    outcomes = run_together(make, lambda: make.confirm(hours_import).rows_created)
    assert outcomes == [2, 2], outcomes
    assert connection.vendor == "postgresql"
    with scope(sponsor=make.sponsor):
        assert OJTEntry.objects.filter(enrollment=enrollment, source="import").count() == 2


def test_the_same_file_previewed_twice_and_confirmed_at_once_logs_its_hours_once(make):
    enrollment = make.enrollment()
    rows = [make.row(enrollment), make.row(enrollment, day=days_ago(4))]
    imports = iter([make.previewed(rows), make.previewed(rows)])
    lock = threading.Lock()

    def confirm():
        with lock:
            hours_import = next(imports)
        return make.confirm(hours_import).rows_created

    outcomes = run_together(make, confirm)
    assert sorted(outcomes) == [0, 2], outcomes
    with scope(sponsor=make.sponsor):
        assert OJTEntry.objects.filter(enrollment=enrollment, source="import").count() == 2
