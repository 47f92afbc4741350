"""The roster file's columns, declared once: the header each is read from (and the other spellings
accepted), whether it must be filled, how a cell becomes a value, what the upload page says about it
and the template file's example.  Reading, checking, the template and the page all walk this list."""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db.models import TextChoices
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from apprentices.models import Demographics


class CellError(ValueError):
    """A cell that cannot become a value; the message is shown under its column."""


def text(raw: str) -> str:
    return raw


def email(raw: str) -> str:
    value = raw.lower()
    try:
        validate_email(value)
    except ValidationError:
        raise CellError(_("“%(value)s” is not an e-mail address.") % {"value": raw}) from None
    return value


DATE_FORMATS = ("%Y-%m-%d", "%m/%d/%Y", "%m/%d/%y")


def date(raw: str) -> datetime.date:
    # A spreadsheet's date cell arrives as an ISO date and time ("2026-03-02 00:00:00").
    candidate = raw[:10] if re.fullmatch(r"\d{4}-\d{2}-\d{2}[ T]00:00:00", raw) else raw
    for pattern in DATE_FORMATS:
        try:
            return datetime.datetime.strptime(candidate, pattern).date()
        except ValueError:
            continue
    raise CellError(_("“%(value)s” is not a date: write it as YYYY-MM-DD (or MM/DD/YYYY).") % {"value": raw})


def _normal(value: str) -> str:
    return re.sub(r"[\s_\-]+", " ", value).strip().lower()


def choice(choices: type[TextChoices]) -> Callable[[str], str]:
    """A cell holding one answer, by its code (`non_veteran`) or by its words (“Not a veteran”)."""
    known = {_normal(value): value for value in choices.values}
    known.update({_normal(str(label)): value for value, label in choices.choices})

    def parse(raw: str) -> str:
        try:
            return known[_normal(raw)]
        except KeyError:
            raise CellError(_("“%(value)s” is not one of: %(choices)s.") % {
                "value": raw, "choices": ", ".join(choices.values)}) from None

    return parse


def choices(options: type[TextChoices]) -> Callable[[str], list[str]]:
    """A cell holding one or more answers separated by semicolons."""
    one = choice(options)

    def parse(raw: str) -> list[str]:
        return list(dict.fromkeys(one(part.strip()) for part in raw.split(";") if part.strip()))

    return parse


def emails(raw: str) -> list[str]:
    return list(dict.fromkeys(email(part.strip()) for part in re.split(r"[;,]", raw) if part.strip()))


@dataclass(frozen=True)
class Column:
    key: str  # the header as the template writes it, and the key of the row's values
    label: Promise
    help: Promise
    example: str
    parse: Callable[[str], Any] = text
    required: bool = False
    aliases: tuple[str, ...] = field(default=())
    demographic: bool = False  # saved on the enrollment's registration record (apprentices' Demographics)

    @property
    def headers(self) -> set[str]:
        return {_normal(self.key), *(_normal(a) for a in self.aliases)}


D = Demographics
COLUMNS: list[Column] = [
    Column(
        "name", gettext_lazy("Name"), gettext_lazy("The apprentice's full name."), "Jordan Rivera",
        required=True, aliases=("full name", "apprentice", "apprentice name"),
    ),
    Column(
        "email", gettext_lazy("E-mail"),
        gettext_lazy("The apprentice's e-mail address: the invitation to sign in goes there, and it tells a "
                     "new apprentice from one already enrolled."),
        "jordan.rivera@example.com", email, required=True, aliases=("e-mail", "email address", "e-mail address"),
    ),
    Column(
        "employer", gettext_lazy("Employer"),
        gettext_lazy("The employer's name as the sponsor wrote it. An employer admin may leave it empty: "
                     "it is their employer."),
        "Penn Precision Plastics",
    ),
    Column(
        "program", gettext_lazy("Program"),
        gettext_lazy("The name of one of this sponsor's programs (registered standards)."),
        "Industrial Manufacturing Technician", required=True,
    ),
    Column(
        "start_date", gettext_lazy("Start date"),
        gettext_lazy("The first day of the apprenticeship: YYYY-MM-DD (or MM/DD/YYYY)."),
        "2026-03-02", date, required=True, aliases=("start",),
    ),
    Column(
        "mentor", gettext_lazy("Mentor"),
        gettext_lazy("The e-mail address of a mentor of that employer who is a member here; several "
                     "separated by semicolons."),
        "mentor@example.com", emails, required=True, aliases=("mentors", "mentor email"),
    ),
    Column(
        "date_of_birth", gettext_lazy("Date of birth"),
        gettext_lazy("Optional. YYYY-MM-DD; at least 16 years before the start date."),
        "2004-07-15", date, aliases=("dob", "birth date"), demographic=True,
    ),
    Column(
        "sex", gettext_lazy("Sex"), gettext_lazy("Optional: female, male or prefer_not."), "female",
        choice(D.Sex), demographic=True,
    ),
    Column(
        "race", gettext_lazy("Race"),
        gettext_lazy("Optional, one or more separated by semicolons: american_indian, asian, black, "
                     "pacific_islander, white; or prefer_not alone."),
        "white", choices(D.Race), aliases=("races",), demographic=True,
    ),
    Column(
        "ethnicity", gettext_lazy("Ethnicity"), gettext_lazy("Optional: hispanic, not_hispanic or prefer_not."),
        "not_hispanic", choice(D.Ethnicity), demographic=True,
    ),
    Column(
        "veteran_status", gettext_lazy("Veteran status"),
        gettext_lazy("Optional: non_veteran, veteran, eligible_person or prefer_not."),
        "non_veteran", choice(D.Veteran), aliases=("veteran",), demographic=True,
    ),
    Column(
        "education_level", gettext_lazy("Education level"),
        gettext_lazy("Optional: below_high_school, high_school, some_college, vocational, associate, bachelor, "
                     "graduate or prefer_not."),
        "high_school", choice(D.Education), aliases=("education",), demographic=True,
    ),
    Column(
        "employment_status", gettext_lazy("New or existing employee"),
        gettext_lazy("Optional: new or existing."), "new", choice(D.Employment), aliases=("employment",),
        demographic=True,
    ),
    Column(
        "address", gettext_lazy("Street address"),
        gettext_lazy("Optional: the apprentice's mailing address for the agency."), "12 Main Street",
        aliases=("address line", "street address"), demographic=True,
    ),
    Column("city", gettext_lazy("City"), gettext_lazy("Optional."), "Harrisburg", demographic=True),
    Column(
        "state", gettext_lazy("State"), gettext_lazy("Optional: the two-letter code, e.g. PA."), "PA",
        demographic=True,
    ),
    Column(
        "zip", gettext_lazy("ZIP code"), gettext_lazy("Optional: 5 digits, or ZIP+4 (12345-6789)."), "17101",
        aliases=("zip code", "postal code"), demographic=True,
    ),
    Column("phone", gettext_lazy("Phone"), gettext_lazy("Optional: 10 digits."), "717-555-0142", demographic=True),
]
BY_KEY = {column.key: column for column in COLUMNS}
REQUIRED = [column for column in COLUMNS if column.required]
# The registration record's field of each demographic column (the others are named alike).
DEMOGRAPHIC_FIELD = {"race": "races", "address": "address_line", "zip": "postal_code"}


def column_for(header: str) -> Column | None:
    wanted = _normal(header)
    return next((column for column in COLUMNS if wanted in column.headers), None)
