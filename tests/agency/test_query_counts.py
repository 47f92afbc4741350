"""The agency section of the compliance page and the export page read the same number of queries for 5
apprentices as for 25."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.agency.conftest import FULL
from tests.apprentices.conftest import days_ago

pytestmark = pytest.mark.django_db


def queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


@pytest.mark.parametrize("name", ["compliance", "rapids_export"])
def test_the_pages_queries_do_not_grow_with_the_apprentices(make, enroll, client_for, name):
    client = client_for(make.sponsor_admin.user)
    url = reverse(name, args=["keystone"]) + (f"?since={days_ago(60).isoformat()}" if name == "rapids_export" else "")
    for i in range(5):
        enroll(name=f"Few Person{i}", demographics=None if i % 2 else FULL)
    client.get(url)  # warm the caches (sessions, content types)
    few = queries(client, url)
    for i in range(20):
        enroll(name=f"Many Person{i}", demographics=None if i % 2 else FULL)
    assert queries(client, url) == few
