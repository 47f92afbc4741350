"""GET /apprentices runs as many queries for a page of 30 apprentices as for a page of 3."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from apprentices.models import OJTEntry
from tests.apprentices.conftest import Factory


def _add(make, n):
    for _ in range(n):
        enrollment = make.enrollment()
        make.entry(enrollment, hours="8")
        make.entry(enrollment, hours="4", status=OJTEntry.Status.APPROVED)


def _queries(client):
    with CaptureQueriesContext(connection) as captured:
        response = client.get("/api/v1/apprentices?limit=100")
    assert response.status_code == 200
    return len(captured), response.json()["count"]


def test_the_list_costs_the_same_for_3_or_30_apprentices(tokens, world):
    make = Factory(world)
    client = tokens.client_for(scope_="read")
    _add(make, 2)  # with the world's own apprentice: 3
    few, count = _queries(client)
    assert count == 3
    _add(make, 27)
    many, count = _queries(client)
    assert count == 30
    # 15 as served; inside the test's transaction the call's record adds a savepoint and its release.
    assert many == few <= 17
