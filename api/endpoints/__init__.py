"""The integrations API, version 1, mounted at /api/v1/ (django-ninja).

Every operation authenticates with a sponsor's token (`Authorization: Bearer imt_…`), runs in that
sponsor's scope, is limited per token and recorded (api.endpoints.security).  The OpenAPI document is
at /api/v1/openapi.json and ninja's Swagger page, served from the site's own static files, at
/api/v1/docs.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI

from api.endpoints import apprentices
from api.endpoints.security import TokenAuth, TokenRateThrottle, recorded
from api.services import ClientKeyConflict

api = NinjaAPI(
    title="IMT Apprenticeship API",
    version="1",
    description=(
        "Read a sponsor's apprentices and their progress, RTI and credentials, and post hours that wait "
        "for the mentor's approval. Authenticate with a token the sponsor admin creates on the sponsor's "
        "API tokens page: `Authorization: Bearer imt_…`. Lists take `limit` and `offset`."
    ),
    urls_namespace="api-v1",
    auth=TokenAuth(),
    throttle=TokenRateThrottle(),
)
api.add_decorator(recorded, mode="view")
api.add_router("", apprentices.router)


@api.exception_handler(Http404)
def not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    # One answer for a record that does not exist and for one the token may not read.
    return api.create_response(request, {"detail": _("Not found.")}, status=404)


@api.exception_handler(PermissionDenied)
def forbidden(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
    return api.create_response(request, {"detail": str(exc) or _("Not allowed.")}, status=403)


@api.exception_handler(ClientKeyConflict)
def conflict(request: HttpRequest, exc: ClientKeyConflict) -> HttpResponse:
    return api.create_response(request, {"detail": str(exc)}, status=409)


@api.exception_handler(ValidationError)
def refused(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    """A service's refusal, in the shape of ninja's own 422: one item per message, `loc` naming the field."""
    problems = exc.error_dict.items() if hasattr(exc, "error_dict") else [("__all__", exc.error_list)]
    detail = [
        {"type": "refused", "loc": ["body"] if field == "__all__" else ["body", field], "msg": message}
        for field, errors in problems for error in errors for message in error.messages
    ]
    return api.create_response(request, {"detail": detail}, status=422)
