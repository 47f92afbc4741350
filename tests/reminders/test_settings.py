"""The sponsor admin sets the two reminder delays on the sponsor settings page, from 1 to 90 days."""

from django.forms.models import model_to_dict
from django.urls import reverse
from django_scopes import scopes_disabled

from imt.permissions import Role
from programs.forms import SponsorProfileForm
from programs.models import Sponsor


def _form(sponsor, **changes):
    data = {k: v for k, v in model_to_dict(sponsor).items() if v is not None and k != "logo"}
    return SponsorProfileForm(data={**data, **changes}, instance=sponsor)


def test_the_settings_page_shows_the_two_reminder_settings(world, client_for):
    response = client_for(world.user("keystone", Role.SPONSOR_ADMIN)).get(reverse("sponsor_settings",
                                                                                    args=["keystone"]))
    assert b'name="reminder_no_hours_days"' in response.content
    assert b'name="reminder_queue_days"' in response.content


def test_the_reminder_days_are_saved_between_1_and_90(world):
    with scopes_disabled():
        sponsor = Sponsor.objects.get(slug="keystone")
    form = _form(sponsor, reminder_no_hours_days=14, reminder_queue_days=1)
    assert form.is_valid(), form.errors
    assert (form.cleaned_data["reminder_no_hours_days"], form.cleaned_data["reminder_queue_days"]) == (14, 1)
    for wrong in (0, 91, -3):
        form = _form(sponsor, reminder_no_hours_days=wrong, reminder_queue_days=wrong)
        assert not form.is_valid()
        assert set(form.errors) == {"reminder_no_hours_days", "reminder_queue_days"}
        assert form.errors["reminder_queue_days"] == ["Enter a number of days from 1 to 90."]


def test_a_form_posted_without_them_keeps_them(world):
    with scopes_disabled():
        sponsor = Sponsor.objects.get(slug="keystone")
    data = {k: v for k, v in model_to_dict(sponsor).items() if v is not None and k != "logo"}
    del data["reminder_no_hours_days"], data["reminder_queue_days"]
    form = SponsorProfileForm(data=data, instance=sponsor)
    assert form.is_valid(), form.errors
    assert form.cleaned_data["reminder_no_hours_days"] == sponsor.reminder_no_hours_days
