"""The apprentice's voluntary EEO answers."""

from django.urls import reverse
from django.utils.translation import gettext as _

from apprentices import forms, selectors, services
from imt.pages import form_page


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
    return form_page(
        request, form, save=lambda data: services.demographics_save(enrollment=enrollment, by=request.user,
                                                                    **form.answers()),
        message=lambda _answers: _("The answers were saved."),
        success_url=reverse("enrollment_detail", args=[sponsor_slug, enrollment.pk]),
        template="apprentices/demographics.html", context={"enrollment": enrollment, "can_edit": can_edit},
    )
