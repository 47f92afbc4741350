"""The sponsor admin's pages of API tokens: the list with a form to create one (whose secret the next
page shows once), a token's page with its latest calls, and revocation after a confirmation."""

import secrets

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from api import selectors, services
from api.forms import ConfirmForm, TokenForm
from imt.pages import apply_validation_error, form_page, paginate

CALLS_PER_PAGE = 50


FORM_KEY = "api_token_form_key"
NEW_SECRET = "api_token_new_secret"


def token_list(request, sponsor_slug):
    """The sponsor's tokens and the form to create one.  A POST creates the token and redirects to the page
    that shows its secret once: the secret waits in the session only until that page renders and takes it
    out.  Each rendering of the form carries a one-time key, so a form sent twice (a double click, the
    browser's "resend") creates one token."""
    form = TokenForm(request.POST or None, sponsor=request.sponsor)
    if request.method == "POST":
        sent_key, expected = request.POST.get("form_key", ""), request.session.pop(FORM_KEY, None)
        if not expected or not secrets.compare_digest(sent_key, expected):
            messages.warning(request, _("This form was already sent, so no other token was created. "
                                        "The tokens are listed here."))
            return redirect("api_token_list", sponsor_slug)
        if form.is_valid():
            try:
                token, secret = services.api_token_create(by=request.membership, **form.cleaned_data)
            except ValidationError as error:
                apply_validation_error(form, error)
            else:
                request.session[NEW_SECRET] = {"token": token.pk, "secret": secret}
                return redirect("api_token_created", sponsor_slug, token.pk)
    request.session[FORM_KEY] = secrets.token_urlsafe(16)
    return render(request, "api/token_list.html", {
        "page": paginate(request, selectors.tokens_of(request.sponsor)), "form": form,
        "form_key": request.session[FORM_KEY], "docs_url": reverse("api-v1:openapi-view"),
    })


def token_created(request, sponsor_slug, api_token):
    """The new token's secret, once: the page takes it out of the session as it renders, so a reload says
    it was shown and shows it no more."""
    pending = request.session.get(NEW_SECRET)
    secret = None
    if pending and pending.get("token") == api_token.pk:
        secret = request.session.pop(NEW_SECRET)["secret"]
    return render(request, "api/token_created.html", {"token": api_token, "secret": secret,
                                                      "docs_url": reverse("api-v1:openapi-view")})


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
