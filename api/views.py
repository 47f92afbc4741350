"""The sponsor admin's pages of API tokens: the list with a form to create one (whose secret the answer
shows once), a token's page with its latest calls, and revocation after a confirmation."""

from django.core.exceptions import ValidationError
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from api import selectors, services
from api.forms import ConfirmForm, TokenForm
from imt.pages import apply_validation_error, form_page, paginate

CALLS_PER_PAGE = 50


def token_list(request, sponsor_slug):
    """The sponsor's tokens; a POST creates one and answers with its secret, shown this once (the answer
    is not a redirect, so that the secret is never kept anywhere to show it again)."""
    form = TokenForm(request.POST or None, sponsor=request.sponsor)
    if request.method == "POST" and form.is_valid():
        try:
            token, secret = services.api_token_create(by=request.membership, **form.cleaned_data)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            return render(request, "api/token_created.html", {"token": token, "secret": secret,
                                                              "docs_url": reverse("api-v1:openapi-view")})
    return render(request, "api/token_list.html", {
        "page": paginate(request, selectors.tokens_of(request.sponsor)), "form": form,
        "docs_url": reverse("api-v1:openapi-view"),
    })


def token_detail(request, sponsor_slug, api_token):
    return render(request, "api/token_detail.html", {
        "token": api_token, "page": paginate(request, selectors.calls_of(api_token), per_page=CALLS_PER_PAGE),
    })


def token_revoke(request, sponsor_slug, api_token):
    detail = reverse("api_token_detail", kwargs={"sponsor_slug": sponsor_slug, "api_token_pk": api_token.pk})
    return form_page(
        request, ConfirmForm(request.POST if request.method == "POST" else None),
        save=lambda _data: services.api_token_revoke(token=api_token, by=request.membership),
        message=lambda token: _("Token “%(name)s” is revoked: calls with it are refused from now on.")
        % {"name": token.name},
        success_url=detail, template="api/token_revoke.html", context={"token": api_token, "cancel_url": detail},
    )
