"""The agreement page of an enrollment (summary, signatures, signing) and its PDF."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Window
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from agreements import selectors, services
from agreements.forms import SignAgreementForm
from agreements.models import Party
from agreements.pdf import render_agreement
from imt.pages import apply_validation_error


def agreement(request, sponsor_slug, apprentice_enrollment):
    """The enrollment's current agreement with who has signed it, the earlier ones, and a form for the
    party the viewer may sign as."""
    enrollment = apprentice_enrollment
    history = selectors.agreements_of(enrollment)
    current = history[0] if history else None
    unsigned = []
    if current is not None:
        unsigned = [p for p in selectors.parties_for(request.membership, current.agreement)
                    if p not in current.signatures]
    form = None
    if unsigned:
        form = SignAgreementForm(request.POST or None, request=request, initial={"party": unsigned[0]})
    if request.method == "POST":
        if form is None or current is None:
            messages.error(request, _("There is nothing here for you to sign."))
            return redirect(request.path)
        if form.is_valid():
            try:
                services.agreement_sign(agreement=current.agreement, by=request.membership,
                                        party=form.cleaned_data["party"], password_confirmed_at=form.confirmed_at)
            except ValidationError as error:
                apply_validation_error(form, error)
            else:
                messages.success(request, _("You signed the agreement as the %(party)s.")
                                 % {"party": Party(form.cleaned_data["party"]).label.lower()})
                return redirect(request.path)
    return render(request, "agreements/agreement.html", {
        "enrollment": enrollment, "current": current, "earlier": history[1:], "form": form,
        "signing_as": Party(unsigned[0]).label if unsigned else "",
        "terms": current.agreement.content if current else None,
    })


def agreement_status(request, sponsor_slug, apprentice_enrollment):
    """The enrollment's agreement line (pending, n of 3 signed / signed), fetched by its record's page."""
    return render(request, "agreements/partials/agreement_status.html", {
        "enrollment": apprentice_enrollment, "current": selectors.current_agreement(apprentice_enrollment),
    })


def agreements_to_sign(request, sponsor_slug):
    """The dashboard's panel of agreements waiting for the viewer's signature (the first ten and how many)."""
    # The first ten, each carrying the count of all (a window over the whole result): one query.
    first = list(selectors.awaiting_signature_of(request.membership).annotate(total=Window(Count("pk")))[:10])
    return render(request, "agreements/partials/to_sign.html", {
        "agreements_to_sign": first, "agreements_to_sign_count": first[0].total if first else 0,
    })


def agreement_pdf(request, sponsor_slug, apprentice_enrollment):
    """The PDF of the current agreement, or of agreement ?number=N of this enrollment."""
    enrollment = apprentice_enrollment
    history = selectors.agreements_of(enrollment)
    if not history:
        return redirect(reverse("agreement", args=[sponsor_slug, enrollment.pk]))
    wanted = request.GET.get("number")
    chosen = history[0]
    if wanted:
        chosen = next((s for s in history if str(s.agreement.number) == wanted), None)
        if chosen is None:
            raise Http404
    pdf, _pages = render_agreement(chosen)
    response = HttpResponse(pdf, content_type="application/pdf")
    name = f"agreement-{enrollment.pk}-{chosen.agreement.number}.pdf"
    response["Content-Disposition"] = f'inline; filename="{name}"'
    return response
