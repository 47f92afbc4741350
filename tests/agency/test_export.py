"""Downloading the RAPIDS export: recorded, held-back rows counted, the changes then shown as sent."""

import csv
import hashlib
import io

import pytest
from django.db import connection
from django.urls import reverse
from django_scopes import scope, scopes_disabled

from agency.models import AgencyExport, ExportedRecord
from apprentices.models import ImmutableRecordError
from imt.permissions import Role
from tests.agency.conftest import FULL
from tests.apprentices.conftest import days_ago
from tests.db import refused

pytestmark = pytest.mark.django_db
URL = reverse("rapids_export", args=["keystone"])


def test_the_page_reports_invalid_fields_and_the_download_holds_them_back(make, enroll, client_for):
    good = enroll(name="Dana Reyes")
    bad = enroll(name="Eli Brooks", demographics={**FULL, "date_of_birth": None, "address_line": ""})
    client = client_for(make.sponsor_admin.user)

    page = client.get(URL, {"since": days_ago(30).isoformat()})
    html = page.content.decode()
    assert page.status_code == 200
    assert reverse("demographics", args=["keystone", bad.pk]) in html
    assert [(row.enrollment.pk, problem.field) for row, problem in page.context["problems"]] == [
        (bad.pk, "date_of_birth"), (bad.pk, "address")]
    assert (page.context["valid_count"], page.context["held_back"]) >= (1, 1)

    response = client.post(URL, {"since": days_ago(30).isoformat()})
    assert response["Content-Type"].startswith("text/csv")
    content = response.content.decode()
    names = [(r["first_name"], r["last_name"]) for r in csv.DictReader(io.StringIO(content))]
    assert ("Dana", "Reyes") in names and ("Eli", "Brooks") not in names
    with scope(sponsor=make.sponsor):
        export = AgencyExport.objects.get()
        assert (export.by, export.since, export.rows, export.held_back) == (
            make.sponsor_admin.user, days_ago(30), len(names), 1)
        assert export.content == content and export.sha256 == hashlib.sha256(content.encode()).hexdigest()
        sent = ExportedRecord.objects.filter(export=export)
        assert good.pk in {r.enrollment_id for r in sent} and bad.pk not in {r.enrollment_id for r in sent}
        enrolled = good.status_changes.get(kind="enrolled")
        assert sent.filter(status_change=enrolled).exists()


def test_a_sent_change_leaves_the_compliance_list_and_shows_on_the_apprentices_history(make, enroll, client_for):
    enrollment = enroll()
    client = client_for(make.sponsor_admin.user)
    compliance = client.get(reverse("compliance", args=["keystone"]))
    (section,) = [s for s in compliance.context["sections"] if s.key == "agency"]
    assert enrollment.pk in {r.change.enrollment_id for r in section.rows}
    assert "Sent to the agency" not in client.get(reverse("enrollment_detail", args=["keystone", enrollment.pk])
                                                  ).content.decode()

    client.post(URL, {"since": days_ago(30).isoformat()})

    compliance = client.get(reverse("compliance", args=["keystone"]))
    (section,) = [s for s in compliance.context["sections"] if s.key == "agency"]
    assert enrollment.pk not in {r.change.enrollment_id for r in section.rows}
    assert "Sent to the agency" in client.get(reverse("enrollment_detail", args=["keystone", enrollment.pk])
                                              ).content.decode()


def test_the_same_download_asked_for_twice_is_recorded_once(make, enroll, client_for):
    enroll()
    client = client_for(make.sponsor_admin.user)
    first = client.post(URL, {"since": days_ago(30).isoformat()})
    again = client.post(URL, {"since": days_ago(30).isoformat()})  # a retried request, a double click
    assert first.content == again.content
    with scopes_disabled():
        assert AgencyExport.objects.filter(sponsor=make.sponsor).count() == 1
        assert ExportedRecord.objects.filter(sponsor=make.sponsor).count() == 1


def test_the_reviewer_sees_the_report_but_only_the_admin_downloads(make, enroll, client_for):
    enroll()
    reviewer = client_for(make.reviewer.user)
    assert reviewer.get(URL).status_code == 200
    assert reviewer.post(URL, {"since": days_ago(30).isoformat()}).status_code == 403
    assert client_for(make.employer_admin.user).get(URL).status_code == 403
    with scope(sponsor=make.sponsor):
        assert not AgencyExport.objects.exists()


def test_a_future_since_date_is_refused_next_to_the_field(make, enroll, client_for):
    response = client_for(make.sponsor_admin.user).post(URL, {"since": days_ago(-2).isoformat()})
    assert "future" in " ".join(response.context["form"].errors["since"])


def test_another_sponsors_admin_never_sees_keystones_export(make, enroll, client_for, world):
    enroll(name="Dana Reyes")
    client_for(make.sponsor_admin.user).post(URL, {"since": days_ago(30).isoformat()})
    other = client_for(world.user("lakeshore", Role.SPONSOR_ADMIN))
    assert other.get(URL).status_code == 404  # keystone's address: not theirs
    page = other.get(reverse("rapids_export", args=["lakeshore"]), {"since": days_ago(365).isoformat()})
    assert "Reyes" not in page.content.decode() and not page.context["exports"]


def test_exports_and_exported_records_are_append_only(make, enroll, client_for):
    enroll()
    client_for(make.sponsor_admin.user).post(URL, {"since": days_ago(30).isoformat()})
    with scope(sponsor=make.sponsor):
        export = AgencyExport.objects.get()
        record = ExportedRecord.objects.filter(export=export).first()
        with pytest.raises(ImmutableRecordError):
            AgencyExport.objects.filter(pk=export.pk).update(rows=0)
        with pytest.raises(ImmutableRecordError):
            record.delete()
    for table, column, row in ((AgencyExport._meta.db_table, "rows", export.pk),
                               (ExportedRecord._meta.db_table, "enrollment_id", record.pk)):
        assert refused(f"UPDATE {table} SET {column} = 0 WHERE id = %s", row), f"UPDATE of {table}"
        assert refused(f"DELETE FROM {table} WHERE id = %s", row), f"DELETE of {table}"
    assert connection.vendor in ("sqlite", "postgresql")
