"""The RAPIDS-ready CSV: its layout, its code values, and the checks a row must pass.

One row per apprentice (enrollment) with a registration, status change or completion effective on or
after the export's "since" date, describing the apprentice as they stand now.  Dates are YYYYMMDD;
coded answers use the numeric values of the agency's batch upload; an empty cell is an unanswered
optional field.  Columns, in order:

============================  ============================================================
sponsor_number                the sponsor's RAPIDS number (sponsor settings)
program_registration_number   registration number of the standards version, if any
first_name, last_name         from the enrollment's name (first word / the rest)
ssn                           ALWAYS EMPTY: the platform never stores a social security number
date_of_birth                 YYYYMMDD
gender                        1 male, 2 female, 9 did not self-identify
ethnicity_hispanic_latino     1 yes, 2 no, 9 did not self-identify
american_indian_alaskan_native, asian, black_african_american,
native_hawaiian_other_pacific_islander, white
                              each 1 yes, 0 no; 9 in all five when the apprentice did not self-identify
veteran_status                1 veteran, 2 non-veteran, 3 other eligible person, 9 did not self-identify
education_level               1 less than high school, 2 high school/GED, 3 some college, 4 vocational
                              certificate, 5 associate, 6 bachelor's, 7 master's or higher, 9 not given
disability_status             1 yes, 2 no, 3 did not self-identify
employment_status             1 new employee, 2 existing employee (incumbent), 9 not given
email, phone                  phone as 10 digits
address, city, state, zip     state as the two-letter code, ZIP as 5 digits (or ZIP+4)
employer_name
occupation_title, onet_code, rapids_occupation_code
program_start_date, probation_end_date
apprentice_status             active (on probation too), suspended, exited (cancelled), completed
status_date                   when the current status took effect
program_suspension_date, program_exit_date, program_completion_date
exit_reason_code              the cancellation reason (apprentices/models/status_reasons.py)
exit_during_probation         Y when the cancellation took effect during probation, else empty
entry_wage                    hourly, USD: the first step of the standards' wage schedule
journeyworker_wage            hourly, USD
rti_provider                  the provider of the apprentice's latest RTI section
============================  ============================================================

Every cell is neutralised against spreadsheet formula injection: a value starting with = + - @, a tab
or a carriage return gets a leading apostrophe.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from apprentices.models import Demographics, Enrollment, StatusChange

COLUMNS = [
    "sponsor_number", "program_registration_number", "first_name", "last_name", "ssn", "date_of_birth", "gender",
    "ethnicity_hispanic_latino", "american_indian_alaskan_native", "asian", "black_african_american",
    "native_hawaiian_other_pacific_islander", "white", "veteran_status", "education_level", "disability_status",
    "employment_status", "email", "phone", "address", "city", "state", "zip", "employer_name", "occupation_title",
    "onet_code", "rapids_occupation_code", "program_start_date", "probation_end_date", "apprentice_status",
    "status_date", "program_suspension_date", "program_exit_date", "program_completion_date", "exit_reason_code",
    "exit_during_probation", "entry_wage", "journeyworker_wage", "rti_provider",
]
D = Demographics
GENDER: dict[str, str] = {D.Sex.MALE: "1", D.Sex.FEMALE: "2", D.Sex.PREFER_NOT: "9"}
ETHNICITY: dict[str, str] = {D.Ethnicity.HISPANIC: "1", D.Ethnicity.NOT_HISPANIC: "2", D.Ethnicity.PREFER_NOT: "9"}
RACE_COLUMNS = {
    "american_indian_alaskan_native": D.Race.AMERICAN_INDIAN, "asian": D.Race.ASIAN,
    "black_african_american": D.Race.BLACK, "native_hawaiian_other_pacific_islander": D.Race.PACIFIC_ISLANDER,
    "white": D.Race.WHITE,
}
VETERAN: dict[str, str] = {D.Veteran.VETERAN: "1", D.Veteran.NON_VETERAN: "2", D.Veteran.ELIGIBLE_PERSON: "3",
           D.Veteran.PREFER_NOT: "9"}
EDUCATION: dict[str, str] = {
    D.Education.BELOW_HIGH_SCHOOL: "1", D.Education.HIGH_SCHOOL: "2", D.Education.SOME_COLLEGE: "3",
    D.Education.VOCATIONAL: "4", D.Education.ASSOCIATE: "5", D.Education.BACHELOR: "6",
    D.Education.GRADUATE: "7", D.Education.PREFER_NOT: "9"}
DISABILITY: dict[str, str] = {D.Disability.YES: "1", D.Disability.NO: "2", D.Disability.PREFER_NOT: "3"}
EMPLOYMENT: dict[str, str] = {D.Employment.NEW: "1", D.Employment.EXISTING: "2", D.Employment.PREFER_NOT: "9"}
S = Enrollment.Status
STATUS: dict[str, str] = {S.PROBATION: "active", S.ACTIVE: "active", S.SUSPENDED: "suspended", S.CANCELLED: "exited",
          S.COMPLETED: "completed"}
US_STATES = frozenset(
    "AL AK AZ AR CA CO CT DE DC FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO MT NE NV NH NJ NM NY NC ND OH OK "
    "OR PA RI SC SD TN TX UT VT VA WA WV WI WY AS GU MP PR VI".split()
)
ZIP = re.compile(r"^\d{5}(-\d{4})?$")
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")

# Where each problem is fixed: the page's URL name and how it is addressed.
FIX_DEMOGRAPHICS, FIX_ENROLLMENT, FIX_PROGRAM, FIX_SPONSOR = "demographics", "enrollment", "program", "sponsor"
FIX_LABELS = {FIX_DEMOGRAPHICS: _("Demographics"), FIX_ENROLLMENT: _("Apprentice's record"),
              FIX_PROGRAM: _("Program"), FIX_SPONSOR: _("Sponsor settings")}


@dataclass
class Problem:
    field: str
    message: str
    fix: str
    url: str = ""

    @property
    def fix_label(self):
        return FIX_LABELS[self.fix]


@dataclass
class Row:
    """An enrollment's export row, its problems (none: it is exported) and the changes it reports."""

    enrollment: Enrollment
    values: dict[str, str]
    problems: list[Problem] = field(default_factory=list)
    changes: list[StatusChange] = field(default_factory=list)

    @property
    def valid(self):
        return not self.problems


def neutralise(value: Any) -> str:
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_START) else text


def ymd(date) -> str:
    return date.strftime("%Y%m%d") if date else ""


def digits(text: str) -> str:
    return re.sub(r"\D", "", text or "")


def fix_url(fix: str, enrollment: Enrollment, slug: str) -> str:
    if fix == FIX_DEMOGRAPHICS:
        return reverse("demographics", args=[slug, enrollment.pk])
    if fix == FIX_PROGRAM:
        return reverse("program_update", args=[slug, enrollment.program_id])
    if fix == FIX_SPONSOR:
        return reverse("sponsor_settings", args=[slug])
    return reverse("enrollment_detail", args=[slug, enrollment.pk])


def entry_wage(enrollment: Enrollment) -> tuple[Decimal | None, Decimal | None]:
    """(entry wage, journeyworker wage) from the standards version, the program's as a fallback."""
    standards, program = enrollment.standards_version, enrollment.program
    journeyworker = standards.journeyworker_wage or program.journeyworker_wage
    steps = sorted(standards.wage_schedule or [], key=lambda step: Decimal(str(step.get("threshold") or 0)))
    if not steps:
        return None, journeyworker
    first = steps[0]
    amount = Decimal(str(first.get("amount") or 0))
    if first.get("kind") == "hourly":
        return amount.quantize(Decimal("0.01")), journeyworker
    if journeyworker is None:
        return None, None
    return (journeyworker * amount / 100).quantize(Decimal("0.01")), journeyworker


def build_row(enrollment: Enrollment, demographics: Demographics | None, changes: list[StatusChange],
              last_status: dict[str, StatusChange], rti_provider: str, slug: str) -> Row:
    """The row of one enrollment and each missing or invalid field."""
    sponsor, standards = enrollment.sponsor, enrollment.standards_version
    problems: list[Problem] = []

    def problem(column: str, message: Any, fix: str) -> None:
        problems.append(Problem(column, str(message), fix, fix_url(fix, enrollment, slug)))

    first, _sep, last = (enrollment.full_name or "").strip().partition(" ")
    if not first or not last.strip():
        problem("last_name", _("A first and a last name are needed."), FIX_ENROLLMENT)
    d = demographics or Demographics(enrollment=enrollment)
    if not sponsor.rapids_sponsor_number:
        problem("sponsor_number", _("The sponsor's RAPIDS number is missing."), FIX_SPONSOR)
    if d.date_of_birth is None:
        problem("date_of_birth", _("The date of birth is missing (the agency requires it)."), FIX_DEMOGRAPHICS)
    for column, value, message in (
        ("gender", d.sex, _("Sex is not answered (“Prefer not to say” is accepted).")),
        ("ethnicity_hispanic_latino", d.ethnicity, _("Ethnicity is not answered.")),
        ("white", d.races, _("Race is not answered.")),
        ("veteran_status", d.veteran_status, _("Veteran status is not answered.")),
        ("education_level", d.education_level, _("Education level is not answered.")),
        ("disability_status", d.disability, _("Disability is not answered.")),
        ("employment_status", d.employment_status, _("New or existing employee is not answered.")),
        ("address", (d.address_line or "").strip(), _("The street address is missing.")),
        ("city", (d.city or "").strip(), _("The city is missing.")),
    ):
        if not value:
            problem(column, message, FIX_DEMOGRAPHICS)
    state = (d.state or "").strip().upper()
    if state not in US_STATES:
        problem("state", _("The state is missing or not a two-letter US state code.") if state else
                _("The state is missing."), FIX_DEMOGRAPHICS)
    postal_code = (d.postal_code or "").strip()
    if not ZIP.match(postal_code):
        problem("zip", _("The ZIP code must be 5 digits (or ZIP+4).") if postal_code else
                _("The ZIP code is missing."), FIX_DEMOGRAPHICS)
    phone = digits(d.phone)
    if phone.startswith("1") and len(phone) == 11:
        phone = phone[1:]
    if d.phone and len(phone) != 10:
        problem("phone", _("The phone number must have 10 digits."), FIX_DEMOGRAPHICS)
    rapids_code = standards.rapids_code or enrollment.program.rapids_code
    if not rapids_code:
        problem("rapids_occupation_code", _("The program has no RAPIDS occupation code."), FIX_PROGRAM)
    wage, journeyworker = entry_wage(enrollment)
    if wage is None:
        problem("entry_wage", _("The program's wage schedule or journeyworker wage is missing."), FIX_PROGRAM)
    cancelled = last_status.get(S.CANCELLED)
    if enrollment.status == S.CANCELLED and not (cancelled and cancelled.reason_code):
        problem("exit_reason_code", _("The cancellation has no reason code."), FIX_ENROLLMENT)

    races = set(d.races or [])
    no_race_answer = D.Race.PREFER_NOT in races
    suspended = last_status.get(S.SUSPENDED) if enrollment.status == S.SUSPENDED else None
    completed = last_status.get(S.COMPLETED)
    values = {
        "sponsor_number": sponsor.rapids_sponsor_number, "program_registration_number": standards.registration_number,
        "first_name": first, "last_name": last.strip(), "ssn": "", "date_of_birth": ymd(d.date_of_birth),
        "gender": GENDER.get(d.sex, ""), "ethnicity_hispanic_latino": ETHNICITY.get(d.ethnicity, ""),
        **{column: ("9" if no_race_answer else "1" if race in races else "0") if races else ""
           for column, race in RACE_COLUMNS.items()},
        "veteran_status": VETERAN.get(d.veteran_status, ""), "education_level": EDUCATION.get(d.education_level, ""),
        "disability_status": DISABILITY.get(d.disability, ""),
        "employment_status": EMPLOYMENT.get(d.employment_status, ""), "email": enrollment.email, "phone": phone,
        "address": d.address_line, "city": d.city, "state": state, "zip": postal_code,
        "employer_name": enrollment.employer.name, "occupation_title": standards.occupation,
        "onet_code": standards.onet_code, "rapids_occupation_code": rapids_code,
        "program_start_date": ymd(enrollment.start_date), "probation_end_date": ymd(enrollment.probation_end),
        "apprentice_status": STATUS[S(enrollment.status)], "status_date": ymd(enrollment.status_since),
        "program_suspension_date": ymd(suspended.effective_date if suspended else None),
        "program_exit_date": ymd(cancelled.effective_date if cancelled and enrollment.status == S.CANCELLED else None),
        "program_completion_date": ymd(completed.effective_date if completed else None),
        "exit_reason_code": cancelled.reason_code if cancelled else "",
        "exit_during_probation": "Y" if cancelled and cancelled.during_probation else "",
        "entry_wage": f"{wage:.2f}" if wage is not None else "",
        "journeyworker_wage": f"{journeyworker:.2f}" if journeyworker is not None else "",
        "rti_provider": rti_provider,
    }
    return Row(enrollment=enrollment, values=values, problems=problems, changes=changes)


def write_csv(rows: list[Row]) -> str:
    """The CSV of the valid rows, every cell neutralised."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for row in rows:
        if row.valid:
            writer.writerow([neutralise(row.values.get(column, "")) for column in COLUMNS])
    return buffer.getvalue()
