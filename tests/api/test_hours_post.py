"""Posting hours through the API: the apprentice's own rules, the mentor's approval path, idempotent by
the client's key, and only with a token that may write."""

import datetime
import json

from django.urls import reverse
from django.utils import timezone
from django_scopes import scope

from apprentices.models import OJTEntry
from apprentices.selectors import mentor_queue
from imt.permissions import Role


def _day(n=1):
    return (timezone.localdate() - datetime.timedelta(days=n)).isoformat()


def _competency(enrollment):
    with scope(sponsor=enrollment.sponsor_id):
        return enrollment.job_book_version.competencies.order_by("position", "pk")[1]


def _post(client, enrollment, body, **headers):
    return client.post(f"/api/v1/apprentices/{enrollment.pk}/hours", json.dumps(body),
                       content_type="application/json", **headers)


def _entries(world, **filters):
    with scope(sponsor=world.a):
        return list(OJTEntry.objects.filter(source=OJTEntry.Source.API, **filters))


def test_posted_hours_wait_in_the_mentors_queue(tokens, enrollment, world):
    competency = _competency(enrollment)
    response = _post(tokens.client_for(), enrollment,
                     {"date": _day(2), "competency": competency.pk, "hours": "6.5", "note": "Line 3"},
                     HTTP_IDEMPOTENCY_KEY="payroll-2026-001")
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["status"] == "pending" and body["hours"] == 6.5 and body["client_key"] == "payroll-2026-001"
    assert body["source"] == "api" and body["competency"]["key"] == competency.key

    (entry,) = _entries(world)
    assert entry.pk == body["id"] and entry.source_ref == "payroll-2026-001"
    assert entry.created_by == world.user("keystone", Role.SPONSOR_ADMIN)  # the token's creator
    with scope(sponsor=world.a):
        queue = mentor_queue(world.member("keystone", Role.MENTOR))
    assert entry.pk in [e.pk for e in queue.entries]


def test_the_same_key_and_content_twice_is_one_entry(tokens, enrollment, world):
    client = tokens.client_for()
    body = {"date": _day(3), "competency_key": _competency(enrollment).key, "hours": 4, "client_key": "k-1"}
    first = _post(client, enrollment, body)
    again = _post(client, enrollment, {**body, "hours": "4.00"})  # the same amount, written otherwise
    assert (first.status_code, again.status_code) == (201, 200)
    assert first.json()["id"] == again.json()["id"]
    assert len(_entries(world)) == 1


def test_the_same_key_with_other_content_is_a_conflict(tokens, enrollment, world):
    client = tokens.client_for()
    body = {"date": _day(3), "competency": _competency(enrollment).pk, "hours": 4}
    assert _post(client, enrollment, body, HTTP_IDEMPOTENCY_KEY="k-2").status_code == 201
    conflict = _post(client, enrollment, {**body, "hours": 5}, HTTP_IDEMPOTENCY_KEY="k-2")
    assert conflict.status_code == 409
    assert "already used for other hours" in conflict.json()["detail"]
    assert len(_entries(world)) == 1


def test_a_key_is_required_and_header_and_body_must_agree(tokens, enrollment, world):
    client = tokens.client_for()
    body = {"date": _day(3), "competency": _competency(enrollment).pk, "hours": 4}
    missing = _post(client, enrollment, body)
    assert missing.status_code == 422
    assert missing.json()["detail"][0]["loc"] == ["body", "client_key"]
    differ = _post(client, enrollment, {**body, "client_key": "a"}, HTTP_IDEMPOTENCY_KEY="b")
    assert differ.status_code == 422
    assert _entries(world) == []


def test_the_days_24_hours_are_refused_as_422_and_keep_no_key(tokens, enrollment, world):
    client = tokens.client_for()
    body = {"date": _day(2), "competency": _competency(enrollment).pk, "hours": 20}
    assert _post(client, enrollment, body, HTTP_IDEMPOTENCY_KEY="day-1").status_code == 201
    refused = _post(client, enrollment, {**body, "hours": 5}, HTTP_IDEMPOTENCY_KEY="day-2")
    assert refused.status_code == 422
    (problem,) = refused.json()["detail"]
    assert problem["loc"] == ["body", "hours"] and "at most 24 hours" in problem["msg"]
    # Corrected, the same key goes through: a refusal keeps no key.
    assert _post(client, enrollment, {**body, "hours": 4}, HTTP_IDEMPOTENCY_KEY="day-2").status_code == 201


def test_the_other_rules_name_their_field(tokens, enrollment, world):
    client = tokens.client_for()
    future = (timezone.localdate() + datetime.timedelta(days=2)).isoformat()
    response = _post(client, enrollment, {"date": future, "competency": 999999, "hours": "1.1", "client_key": "x"})
    assert response.status_code == 422
    fields = {tuple(p["loc"]) for p in response.json()["detail"]}
    assert fields == {("body", "date"), ("body", "competency"), ("body", "hours")}
    malformed = _post(client, enrollment, {"date": "yesterday", "hours": "a lot", "client_key": "y"})
    assert malformed.status_code == 422
    assert _entries(world) == []


def test_a_read_token_may_not_post(tokens, enrollment, world):
    client = tokens.client_for(scope_="read")
    response = _post(client, enrollment, {"date": _day(2), "competency": _competency(enrollment).pk, "hours": 2,
                                          "client_key": "r-1"})
    assert response.status_code == 403
    assert "may only read" in response.json()["detail"]
    assert client.get(f"/api/v1/apprentices/{enrollment.pk}/hours").status_code == 200
    assert _entries(world) == []


def test_the_hours_list_shows_each_entry_with_its_status(tokens, enrollment):
    client = tokens.client_for()
    _post(client, enrollment, {"date": _day(1), "competency": _competency(enrollment).pk, "hours": 2,
                               "client_key": "list-1"})
    listed = client.get(f"/api/v1/apprentices/{enrollment.pk}/hours?limit=2").json()
    assert listed["count"] == 3 and len(listed["items"]) == 2
    assert [e["status"] for e in listed["items"]] == ["pending", "pending"]
    assert listed["items"][0]["client_key"] == "list-1"
    rest = client.get(f"/api/v1/apprentices/{enrollment.pk}/hours?limit=2&offset=2").json()
    assert [e["status"] for e in rest["items"]] == ["approved"]


def test_the_api_documentation_lists_the_refusals_of_posting_hours(client):
    document = client.get(reverse("api-v1:openapi-json")).json()
    responses = document["paths"]["/api/v1/apprentices/{enrollment_id}/hours"]["post"]["responses"]
    assert {"200", "201", "401", "403", "404", "409", "422", "429"} <= set(responses)
    refused = responses["422"]["content"]["application/json"]["schema"]["$ref"].rsplit("/", 1)[-1]
    assert set(document["components"]["schemas"][refused]["properties"]) == {"detail"}
