"""The report pages and downloads run as many queries with 50 apprentices as with 5."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django_scopes import scope, scopes_disabled

from apprentices.models import Demographics, OJTEntry
from credentials.models import Credential, CredentialType
from imt.permissions import Role
from programs.models import Employer
from tests.apprentices.conftest import days_ago

pytestmark = pytest.mark.django_db


def queries_for(client, url, params=None):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, params or {})
    assert response.status_code == 200
    return len(captured)


@pytest.mark.parametrize("viewer", [Role.SPONSOR_ADMIN, Role.EMPLOYER_ADMIN])
def test_the_reports_run_as_many_queries_with_50_apprentices_as_with_5(viewer, make, world, client_for):
    with scopes_disabled():
        employer = Employer.objects.create(sponsor=make.sponsor, name="Query Count Foundry")
        kind = CredentialType.objects.filter(sponsor=world.a).first()
    viewer_member = make.member(viewer, employer=employer) if viewer == Role.EMPLOYER_ADMIN else make.sponsor_admin
    client = client_for(viewer_member.user)
    pages = [(reverse("report_rollup", args=["keystone"]), {}),
             (reverse("report_rollup_download", args=["keystone"]), {"table": "credentials", "format": "xlsx"})]
    if viewer == Role.SPONSOR_ADMIN:
        pages += [(reverse("report_part30", args=["keystone"]), {}),
                  (reverse("report_part30_download", args=["keystone"]), {"format": "csv"})]

    def add(n):
        for i in range(n):
            apprentice = make.apprentice(employer=employer)
            enrollment = make.enrollment(apprentice=apprentice)
            make.entry(enrollment, hours="2", date=days_ago(i % 300 + 1), status=OJTEntry.Status.APPROVED,
                       competency=make.competency(index=i % 4))
            make.entry(enrollment, hours="1", date=days_ago(2))
            with scope(sponsor=make.sponsor):
                Demographics.objects.create(sponsor=make.sponsor, enrollment=enrollment, sex="female",
                                            races=["white"], updated_by=apprentice.user)
                Credential.objects.create(sponsor=make.sponsor, apprentice=apprentice, credential_type=kind,
                                          earned_on=days_ago(100), expires_on=days_ago(-10),
                                          recorded_by=apprentice.user)

    add(5)
    for url, params in pages:
        client.get(url, params)  # warm the session and caches
    few = [queries_for(client, url, params) for url, params in pages]
    add(45)
    assert [queries_for(client, url, params) for url, params in pages] == few
    assert few[0] <= 20
