"""`/healthz/`: 200 when the database, the cache, the broker and a worker answer, 503 naming what does not."""

import json

import pytest
from django.conf import settings

from imt import health
from imt.celery import app as celery_app
from imt.models import User
from imt.permissions import Role
from tests.workers import celery_queue, wait_for


@pytest.fixture(autouse=True)
def _fresh_answer():
    health.forget()
    yield
    health.forget()


@pytest.fixture
def closed_broker():
    """The app's broker URL pointing at a port nothing listens on, tasks no longer run in-process."""
    saved = celery_app.conf.broker_url, celery_app.conf.task_always_eager
    celery_app.conf.broker_url, celery_app.conf.task_always_eager = "redis://127.0.0.1:9/0", False
    yield
    celery_app.conf.broker_url, celery_app.conf.task_always_eager = saved


def answer(client):
    response = client.get("/healthz/")
    assert response["Content-Type"] == "application/json"
    return response.status_code, json.loads(response.content)


@pytest.mark.django_db
def test_with_tasks_in_process_the_database_and_cache_are_enough(client):
    status, body = answer(client)
    assert status == 200
    assert body["status"] == "ok" and body["down"] == []
    assert body["checks"]["database"] == body["checks"]["cache"] == "ok"
    assert body["checks"]["broker"].startswith("not checked")


@pytest.mark.django_db
def test_a_broker_that_does_not_answer_gives_503_naming_the_broker(client, closed_broker):
    status, body = answer(client)
    assert status == 503
    assert body["status"] == "down"
    assert body["down"] == ["broker"]
    assert body["checks"]["workers"] == "not checked: no broker"
    assert "127.0.0.1:9" not in json.dumps(body)  # reasons go to the log, not to the visitor


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_with_a_real_broker_it_answers_200_only_while_a_worker_answers(client):
    with celery_queue(settings.MEDIA_ROOT) as worker:
        status, body = answer(client)
        assert (status, body["down"]) == (503, ["workers"])
        assert body["checks"]["broker"] == "ok"
        worker()

        def healthy():
            health.forget()
            return answer(client)[0] == 200

        wait_for(healthy, message="/healthz/ to see the worker")
        assert answer(client)[1]["checks"] == {"database": "ok", "cache": "ok", "broker": "ok", "workers": "ok"}


@pytest.mark.django_db
def test_anonymous_visitors_get_the_answer_not_the_sign_in_page(client):
    response = client.get("/healthz/")
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    assert not response.cookies


def test_signed_in_people_with_or_without_a_sponsor_get_the_same_answer(world, client_for):
    outsider = User.objects.create_user("no.sponsor@example.com", "x", full_name="No Sponsor")
    for user in (outsider, world.user("keystone", Role.APPRENTICE), world.user("lakeshore", Role.SPONSOR_ADMIN)):
        status, body = answer(client_for(user))
        assert (status, body["status"]) == (200, "ok")


@pytest.mark.django_db
def test_it_only_reads(client):
    assert client.post("/healthz/").status_code == 405


@pytest.mark.django_db
def test_a_flood_of_probes_is_answered_from_one_check(client, closed_broker, django_assert_num_queries):
    answer(client)
    with django_assert_num_queries(0):
        for _ in range(5):
            assert answer(client)[0] == 503
