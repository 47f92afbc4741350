"""The apprentice's voluntary EEO answers."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from apprentices import forms, selectors, services
from imt.pages import apply_validation_error


def demographics(request, sponsor_slug, apprentice_enrollment):
    """Voluntary EEO answers: the apprentice's own, or any of the sponsor's for sponsor staff; nobody else
    (the page's permission, demographics.view)."""
    membership = request.membership
    enrollment = apprentice_enrollment
    instance = selectors.demographics_of(enrollment)
    can_edit = membership.can("demographics.edit")
    form = forms.DemographicsForm(request.POST or None, instance=instance)
    if not can_edit:  # the sponsor reviewer reads the answers
        for field in form.fields.values():
            field.disabled = True
    if request.method == "POST" and form.is_valid():
        try:
            services.demographics_save(enrollment=enrollment, by=request.user, **form.answers())
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("The answers were saved."))
            return redirect("enrollment_detail", sponsor_slug=sponsor_slug, apprentice_enrollment_pk=enrollment.pk)
    return render(request, "apprentices/demographics.html", {"form": form, "enrollment": enrollment,
                                                             "can_edit": can_edit})
