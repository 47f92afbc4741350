"""Resolve the sponsor of a request, check the membership, run the view in its scope."""

from django.apps import apps
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseNotAllowed
from django.urls import Resolver404, resolve
from django.utils.functional import SimpleLazyObject
from django_scopes import scope, scopes_disabled

from imt.access import SAFE_METHODS, access_for


def active_memberships(user):
    """Every active membership of `user` at an active sponsor, sponsor, employer and user loaded."""
    if not user.is_authenticated:
        return []
    Membership = apps.get_model("programs", "Membership")
    with scopes_disabled():
        return list(
            Membership.objects.filter(user=user, is_active=True, sponsor__is_active=True)
            .select_related("sponsor", "employer", "user")
            .order_by("sponsor__name")
        )


class TenantMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.sponsor = None
        request.membership = None
        request.memberships = SimpleLazyObject(lambda: active_memberships(request.user))
        try:
            match = resolve(request.path_info, getattr(request, "urlconf", None))
        except Resolver404:
            return self.get_response(request)

        access = access_for(match)
        if access is None:
            # Undeclared pages are closed; the registry test names them.
            raise Http404
        if access.kind in ("public", "token"):  # the API authenticates its calls by token itself
            return self.get_response(request)
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if access.kind == "operator":
            with scopes_disabled():
                return self.get_response(request)
        if access.kind == "signed_in":
            return self.get_response(request)

        # One query reads them all: the page's membership, and the sponsor switch in the menu.
        request.memberships = active_memberships(request.user)
        slug = match.kwargs.get("sponsor_slug")
        membership = next((m for m in request.memberships if slug and m.sponsor.slug == slug), None)
        if membership is None:
            raise Http404
        if membership.role not in access.roles:
            raise PermissionDenied
        if request.method not in SAFE_METHODS:
            if not access.writers:
                return HttpResponseNotAllowed(["GET", "HEAD"])
            if membership.role not in access.writers:
                raise PermissionDenied
        request.sponsor = membership.sponsor
        request.membership = membership
        with scope(sponsor=membership.sponsor):
            return self.get_response(request)
