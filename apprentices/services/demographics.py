"""Demographics: the voluntary registration and equal-opportunity answers of an enrollment."""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import TextChoices
from django.utils.translation import gettext as _

from apprentices.models import Demographics
from apprentices.services._records import add_months, today

if TYPE_CHECKING:
    from apprentices.models import Enrollment
    from imt.models import User

DEMOGRAPHIC_CHOICES: dict[str, type[TextChoices]] = {
    "sex": Demographics.Sex,
    "ethnicity": Demographics.Ethnicity,
    "veteran_status": Demographics.Veteran,
    "education_level": Demographics.Education,
    "disability": Demographics.Disability,
    "employment_status": Demographics.Employment,
}
MINIMUM_AGE = 16
# The apprentice's contact for the registration agency: free text, checked for shape when given.
CONTACT_FIELDS = ("address_line", "city", "state", "postal_code", "phone")
ZIP_CODE = re.compile(r"^\d{5}(-\d{4})?$")


def _contact_errors(contact: dict[str, str]) -> dict[str, str]:
    errors: dict[str, str] = {}
    if contact.get("state") and not re.fullmatch(r"[A-Z]{2}", contact["state"]):
        errors["state"] = _("Enter the two-letter state code, e.g. PA.")
    if contact.get("postal_code") and not ZIP_CODE.match(contact["postal_code"]):
        errors["postal_code"] = _("Enter a 5-digit ZIP code (or ZIP+4, 12345-6789).")
    if contact.get("phone") and len(re.sub(r"\D", "", contact["phone"])) not in (10, 11):
        errors["phone"] = _("Enter a 10-digit phone number.")
    return errors


def demographics_save(
    *, enrollment: Enrollment, by: User, date_of_birth: datetime.date | None = None,
    date_of_birth_declined: bool = False, races: Iterable[str] | None = (), **answers: str | None,
) -> Demographics:
    """Record the voluntary registration and EEO answers of an enrollment (every question may be left
    empty or answered "prefer not to say"), and the apprentice's contact for the agency (address, state
    as two letters, ZIP, phone: each may be empty, and is checked for shape when given).  Refuses unknown
    choices, "prefer not to say" combined with a race, and a date of birth in the future or under 16
    years before the start date."""
    errors: dict[str, str] = {}
    # Contact fields not given are left as they are (a caller saving only the EEO answers keeps them).
    contact = {name: (answers.pop(name) or "").strip() for name in CONTACT_FIELDS if name in answers}
    if "state" in contact:
        contact["state"] = contact["state"].upper()
    errors.update(_contact_errors(contact))
    for name, value in answers.items():
        if name not in DEMOGRAPHIC_CHOICES:
            raise TypeError(f"Unknown demographic field {name!r}")
        if value and value not in DEMOGRAPHIC_CHOICES[name].values:
            errors[name] = _("Choose one of the listed answers.")
    races = list(dict.fromkeys(races or []))
    if any(r not in Demographics.Race.values for r in races):
        errors["races"] = _("Choose races from the list.")
    elif Demographics.Race.PREFER_NOT in races and len(races) > 1:
        errors["races"] = _("Choose “Prefer not to say” alone, or one or more races.")
    if date_of_birth is not None:
        if date_of_birth > today():
            errors["date_of_birth"] = _("The date of birth cannot be in the future.")
        elif add_months(date_of_birth, 12 * MINIMUM_AGE) > enrollment.start_date:
            errors["date_of_birth"] = _("An apprentice must be at least %(age)s years old at the start date.") % {
                "age": MINIMUM_AGE}
        if date_of_birth_declined:
            errors["date_of_birth"] = _("Give the date of birth or choose “Prefer not to say”, not both.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        demographics, _created = Demographics.objects.update_or_create(
            enrollment=enrollment,
            defaults={"sponsor_id": enrollment.sponsor_id, "date_of_birth": date_of_birth,
                      "date_of_birth_declined": bool(date_of_birth_declined), "races": races,
                      "updated_by": by, **contact, **{k: v or "" for k, v in answers.items()}},
        )
    return demographics
