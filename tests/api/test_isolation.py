"""Tenant isolation for every operation of the API, found from the API itself (its URL patterns and its
OpenAPI document), not from a list kept by hand: a token of the other sponsor, and a token of another
employer of the same sponsor, get 404 on this sponsor's ids, as for an id that does not exist; this
sponsor's own token does not.

A path parameter names a record; a new one needs a factory in PARAMS below, or the test fails.
"""

import datetime
import itertools
import json
import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import timezone

from api.endpoints import api

PARAM = re.compile(r"{(\w+)}")
KWARG = re.compile(r"<(?:\w+:)?(\w+)>")
DOCUMENT = {"openapi-json", "openapi-view", "api-root"}
_keys = itertools.count(1)

# path parameter -> function(enrollment) giving the id of keystone's record it names.
PARAMS = {
    "enrollment_id": lambda enrollment: enrollment.pk,
}


def _operations():
    """(method, path template) of every operation in the OpenAPI document."""
    schema = api.get_openapi_schema(path_prefix="/api/v1/")
    return sorted((method.upper(), path) for path, methods in schema["paths"].items() for method in methods)


def _url_patterns(resolver=None, prefix=""):
    for pattern in (resolver or get_resolver()).url_patterns:
        if isinstance(pattern, URLResolver):
            yield from _url_patterns(pattern, prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern) and (prefix + str(pattern.pattern)).startswith("api/v1/"):
            yield prefix + str(pattern.pattern), pattern.name


OPERATIONS = _operations()


def test_every_url_of_the_api_is_an_operation_of_its_document():
    documented = {re.sub(PARAM, "{}", path) for _method, path in OPERATIONS}
    routed = {"/" + re.sub(KWARG, "{}", route) for route, name in _url_patterns() if name not in DOCUMENT}
    assert routed == documented
    assert len(OPERATIONS) >= 6


def _call(client, method, path, enrollment):
    params = PARAM.findall(path)
    missing = [p for p in params if p not in PARAMS]
    assert not missing, f"Add a factory for path parameter(s) {missing} to PARAMS in {__file__}"
    url = PARAM.sub(lambda m: str(PARAMS[m.group(1)](enrollment)), path)
    if method == "GET":
        return client.get(url)
    competency = enrollment.job_book_version.competencies.order_by("position", "pk").first()
    body = {"date": (timezone.localdate() - datetime.timedelta(days=1)).isoformat(), "competency": competency.pk,
            "hours": 1, "client_key": f"isolation-{next(_keys)}"}
    return client.generic(method, url, json.dumps(body), content_type="application/json")


def _finds_nothing(response, path, enrollment):
    """404 where the path names keystone's record; where it names none (a list), none of keystone's rows."""
    if PARAM.search(path):
        return response.status_code == 404 and response.json() == {"detail": "Not found."}
    return response.status_code == 200 and enrollment.pk not in [item["id"] for item in response.json()["items"]]


@pytest.mark.parametrize(("method", "path"), OPERATIONS, ids=[f"{m} {p}" for m, p in OPERATIONS])
def test_other_sponsors_and_other_employers_find_nothing(method, path, tokens, enrollment, allegheny):
    from django_scopes import scopes_disabled

    with scopes_disabled():
        own = _call(tokens.client_for(), method, path, enrollment)
        assert own.status_code in (200, 201), f"keystone's own token on {method} {path}: {own.status_code}"

        lakeshore = _call(tokens.client_for(sponsor="lakeshore"), method, path, enrollment)
        assert _finds_nothing(lakeshore, path, enrollment), f"lakeshore's token on keystone's {method} {path}"

        other_employer = _call(tokens.client_for(employer=allegheny), method, path, enrollment)
        assert _finds_nothing(other_employer, path, enrollment), f"an Allegheny token on Penn's {method} {path}"

        # The same answer as for an id that does not exist.
        missing = type("Missing", (), {"pk": 987654321, "job_book_version": enrollment.job_book_version})
        if PARAM.search(path):
            assert _finds_nothing(_call(tokens.client_for(), method, path, missing), path, enrollment)
