"""What the read endpoints answer, the OpenAPI document, the rate limit and the record of every call."""

import re

import time_machine
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone
from django_scopes import scope

from api.models import ApiCall
from imt.permissions import Role


def test_the_list_gives_each_apprentices_progress(tokens, enrollment):
    body = tokens.client_for(scope_="read").get("/api/v1/apprentices").json()
    assert (body["count"], body["limit"], body["offset"]) == (1, 50, 0)
    (row,) = body["items"]
    assert row["id"] == enrollment.pk and row["email"] == "apprentice@keystone.example"
    assert row["employer"]["name"] == "Penn Precision Plastics"
    # tests/factories.enrollment_with_history: 8 hours approved, 7.5 pending, one skill signed off; one
    # Safety for Manufacturing section of 20 hours completed.
    assert (row["hours_approved"], row["hours_pending"], row["sign_offs"]) == (8.0, 7.5, 1)
    assert row["hours_required"] > 0 and row["progress_percent"] == round(800 / row["hours_required"], 1)
    assert row["rti_hours"] == 20.0 and row["mentors"] == ["Frank Miller"]


def test_one_apprentice_has_progress_by_competency(tokens, enrollment):
    body = tokens.client_for(scope_="read").get(f"/api/v1/apprentices/{enrollment.pk}").json()
    first = body["competencies"][0]
    assert (first["hours_approved"], first["hours_pending"], first["skills_mastered"]) == (8.0, 7.5, 1)
    assert sum(c["skills_total"] for c in body["competencies"]) == body["skills_total"]


def test_rti_and_credentials(tokens, enrollment):
    client = tokens.client_for(scope_="read")
    rti = client.get(f"/api/v1/apprentices/{enrollment.pk}/rti").json()
    assert rti["rti_hours"] == 20.0
    grades = {r["course"]: r["grade"] for r in rti["results"]}
    assert grades == {"Blueprint Reading": "", "Safety for Manufacturing": "A"}
    credentials = client.get(f"/api/v1/apprentices/{enrollment.pk}/credentials").json()["items"]
    assert [(c["name"], c["verified"]) for c in credentials] == [("OSHA 10-Hour General Industry", False)]


def test_an_employer_token_lists_only_that_employers_apprentices(tokens, allegheny):
    assert tokens.client_for(employer=allegheny).get("/api/v1/apprentices").json()["count"] == 0


def test_lists_page_by_limit_and_offset_in_a_stable_order(tokens, world):
    from tests.apprentices.conftest import Factory

    make = Factory(world)
    for name in ("Ava Zed", "Ben Young", "Cy Xu"):
        make.enrollment(make.apprentice(name=name))
    client = tokens.client_for(scope_="read")
    names = [client.get(f"/api/v1/apprentices?limit=2&offset={o}").json()["items"] for o in (0, 2)]
    assert [r["name"] for page in names for r in page] == ["Ava Zed", "Ben Young", "Cy Xu", "Tyler Nguyen"]
    assert client.get("/api/v1/apprentices?limit=0").status_code == 422


@override_settings(API_RATE_LIMIT=3)
def test_each_token_is_limited_with_retry_after(tokens):
    client, other = tokens.client_for(), tokens.client_for(name="Time clock")
    with time_machine.travel(timezone.now().replace(second=10), tick=False):
        assert [client.get("/api/v1/apprentices").status_code for _ in range(4)] == [200, 200, 200, 429]
        refused = client.get("/api/v1/apprentices")
        assert refused.status_code == 429 and refused["Retry-After"] == "50"
        assert other.get("/api/v1/apprentices").status_code == 200  # a limit per token
    with time_machine.travel(timezone.now().replace(second=10) + timezone.timedelta(minutes=1), tick=False):
        assert client.get("/api/v1/apprentices").status_code == 200


def test_every_call_with_a_known_token_is_recorded_and_shown(tokens, enrollment, world, client_for):
    token, secret = tokens.make(scope_="read")
    client = tokens.client(secret)
    client.get("/api/v1/apprentices?limit=5", REMOTE_ADDR="203.0.113.9")
    client.get("/api/v1/apprentices/987654321")
    client.post(f"/api/v1/apprentices/{enrollment.pk}/hours", "{}", content_type="application/json")
    with scope(sponsor=world.a):
        calls = list(ApiCall.objects.filter(token=token).order_by("pk"))
        token.refresh_from_db()
    assert [(c.method, c.path, c.status_code) for c in calls] == [
        ("GET", "/api/v1/apprentices?limit=5", 200), ("GET", "/api/v1/apprentices/987654321", 404),
        ("POST", f"/api/v1/apprentices/{enrollment.pk}/hours", 403),
    ]
    assert calls[0].client_address == "203.0.113.9" and token.last_used_at is not None
    page = client_for(world.user("keystone", Role.SPONSOR_ADMIN)).get(
        reverse("api_token_detail", args=[world.a.slug, token.pk])).content.decode()
    assert "/api/v1/apprentices/987654321" in page and "203.0.113.9" in page


def test_answers_are_not_cached(tokens):
    assert tokens.client_for().get("/api/v1/apprentices")["Cache-Control"] == "no-store"


def test_the_openapi_document_lists_the_endpoints(client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    document = response.json()
    assert document["info"]["version"] == "1"
    assert {"/api/v1/apprentices", "/api/v1/apprentices/{enrollment_id}", "/api/v1/apprentices/{enrollment_id}/hours",
            "/api/v1/apprentices/{enrollment_id}/rti", "/api/v1/apprentices/{enrollment_id}/credentials"} <= set(
        document["paths"])
    assert "post" in document["paths"]["/api/v1/apprentices/{enrollment_id}/hours"]
    assert document["components"]["securitySchemes"]["TokenAuth"]["scheme"] == "bearer"


def test_the_docs_page_loads_swagger_from_the_site_itself(client):
    page = client.get("/api/v1/docs")
    assert page.status_code == 200
    scripts = re.findall(r'<script[^>]*src="([^"]+)"', page.content.decode())
    assert scripts and all(src.startswith("/static/") for src in scripts)


def test_calls_older_than_the_retention_are_forgotten_daily(tokens, world):
    from api.tasks import purge_old_calls

    token, secret = tokens.make()
    client = tokens.client(secret)
    now = timezone.now()
    with time_machine.travel(now - timezone.timedelta(days=91), tick=False):
        client.get("/api/v1/apprentices")
    client.get("/api/v1/apprentices/987654321")
    assert purge_old_calls.delay().get() == 1
    assert purge_old_calls.delay().get() == 0
    with scope(sponsor=world.a):
        assert [c.status_code for c in ApiCall.objects.filter(token=token)] == [404]
