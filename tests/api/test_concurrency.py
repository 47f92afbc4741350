"""Two deliveries of the same post at once (a client retrying before the first answer): one entry
(PostgreSQL: real row locks across connections)."""

import datetime
import json
import threading

import pytest
from django.db import connection
from django.utils import timezone
from django_scopes import scope

from apprentices.models import OJTEntry
from tests.apprentices.conftest import on_postgresql

pytestmark = [on_postgresql, pytest.mark.django_db(transaction=True), pytest.mark.services]


def test_the_same_key_posted_twice_at_once_makes_one_entry(tokens, enrollment, world):
    _token, secret = tokens.make()
    with scope(sponsor=world.a):
        competency = enrollment.job_book_version.competencies.order_by("position", "pk").first()
    body = json.dumps({"date": (timezone.localdate() - datetime.timedelta(days=1)).isoformat(),
                       "competency": competency.pk, "hours": 3, "client_key": "retry-1"})
    barrier = threading.Barrier(2)
    answers = []

    def post():
        try:
            client = tokens.client(secret)
            barrier.wait()
            response = client.post(f"/api/v1/apprentices/{enrollment.pk}/hours", body,
                                   content_type="application/json")
            answers.append((response.status_code, response.json()["id"]))
        finally:
            connection.close()

    threads = [threading.Thread(target=post) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(status for status, _id in answers) == [200, 201]
    assert answers[0][1] == answers[1][1]
    with scope(sponsor=world.a):
        assert OJTEntry.objects.filter(source=OJTEntry.Source.API, source_ref="retry-1").count() == 1
