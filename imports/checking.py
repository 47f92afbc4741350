"""What each row of a roster file would do: create an enrollment, update one, nothing (unchanged), or
nothing because of errors, every error under its column.  The look-ups a row needs (employers,
programs, published Job Books, mentors, members and open enrollments named by the file) are read
once for the whole import (`Lookups`), so checking 5,000 rows costs a handful of queries.

The services that write (enrollment_create, demographics_save) check the same rules again when the
import runs; these checks are there to show every problem at once in the preview."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from apprentices.models import Demographics, Enrollment
from apprentices.services.demographics import MINIMUM_AGE, ZIP_CODE
from imports.columns import COLUMNS, DEMOGRAPHIC_FIELD, CellError
from imports.ratio import RatioLoads
from imt.dates import add_months
from imt.permissions import Role
from jobbook.models import JobBookVersion
from programs.models import Employer, Membership, Program, Sponsor

ROW = "row"  # the key of an error about the row as a whole


def _name_key(name: str) -> str:
    return " ".join(name.split()).casefold()


@dataclass
class Lookups:
    """The sponsor's records a roster file may name, read once per import."""

    sponsor: Sponsor
    only_employer: Employer | None  # an employer admin's import: every row is held to it
    employers: dict[str, Employer] = field(default_factory=dict)
    programs: dict[str, Program] = field(default_factory=dict)
    versions: dict[tuple[int, int], JobBookVersion] = field(default_factory=dict)
    members: dict[str, Membership] = field(default_factory=dict)  # active members, by e-mail
    enrollments: dict[tuple[str, int], Enrollment] = field(default_factory=dict)  # open ones, by (e-mail, program)
    rows_of_email: dict[str, list[int]] = field(default_factory=dict)
    ratio: RatioLoads | None = None  # the ratio check of the preview; None when importing (the services check it)

    @classmethod
    def read(cls, *, sponsor: Sponsor, only_employer: Employer | None,
             rows: Iterable[tuple[int, dict[str, str]]], ratio: bool = False) -> Lookups:
        rows_of_email: dict[str, list[int]] = defaultdict(list)
        mentor_emails: set[str] = set()
        for number, values in rows:
            if values.get("email"):
                rows_of_email[values["email"].strip().lower()].append(number)
            mentor_emails.update(p.strip().lower() for p in re.split(r"[;,]", values.get("mentor", "")) if p.strip())
        emails = set(rows_of_email) | mentor_emails
        found = cls(sponsor=sponsor, only_employer=only_employer, rows_of_email=dict(rows_of_email))
        found.employers = {_name_key(e.name): e for e in Employer.objects.filter(sponsor=sponsor)}
        found.programs = {_name_key(p.name): p for p in Program.objects.filter(sponsor=sponsor).order_by("pk")}
        found.versions = {
            (v.job_book.program_id, v.job_book.employer_id): v
            for v in JobBookVersion.objects.filter(sponsor=sponsor, status=JobBookVersion.Status.PUBLISHED)
            .select_related("job_book")
        }
        members = Membership.objects.filter(sponsor=sponsor, is_active=True).select_related("user", "employer")
        found.members = {m.user.email.lower(): m for m in _in_batches(members, "user__email__in", emails)}
        open_ones = Enrollment.objects.filter(sponsor=sponsor, status__in=Enrollment.OPEN_STATUSES).select_related(
            "employer", "demographics")
        found.enrollments = {
            (e.email.lower(), e.program_id): e for e in _in_batches(open_ones, "email__in", set(rows_of_email))
        }
        if ratio:
            found.ratio = RatioLoads.read(sponsor)
        return found


def _in_batches(queryset: Any, lookup: str, values: set[str], size: int = 900) -> list[Any]:
    # SQLite limits the parameters of one query; 900 e-mail addresses at a time stay below it.
    ordered = sorted(values)
    found: list[Any] = []
    for start in range(0, len(ordered), size):
        found.extend(queryset.filter(**{lookup: ordered[start:start + size]}))
    return found


@dataclass
class Checked:
    action: str
    errors: dict[str, list[str]]
    changes: list[str]
    values: dict[str, Any]  # the parsed values, by column key
    employer: Employer | None = None
    program: Program | None = None
    version: JobBookVersion | None = None
    mentors: list[Membership] = field(default_factory=list)
    existing: Enrollment | None = None

    def demographics(self) -> dict[str, Any]:
        """The registration answers the row gives, as demographics_save takes them."""
        return {DEMOGRAPHIC_FIELD.get(c.key, c.key): self.values[c.key]
                for c in COLUMNS if c.demographic and self.values.get(c.key) not in (None, "", [])}


def check_row(number: int, cells: dict[str, str], lookups: Lookups) -> Checked:
    """What this row would do, and every error of it by column."""
    from imports.models import RosterImportRow

    Action = RosterImportRow.Action
    errors: dict[str, list[str]] = defaultdict(list)
    values: dict[str, Any] = {}
    for column in COLUMNS:
        raw = (cells.get(column.key) or "").strip()
        if not raw:
            if column.required:
                errors[column.key].append(_("Fill in %(column)s.") % {"column": str(column.label).lower()})
            continue
        try:
            values[column.key] = column.parse(raw)
        except CellError as error:
            errors[column.key].append(str(error))
    checked = Checked(action="", errors=errors, changes=[], values=values)
    _check_employer_and_program(cells, checked, lookups)
    _check_people(number, checked, lookups)
    _check_registration(checked)
    existing = checked.existing
    if existing is None and lookups.ratio is not None and checked.employer is not None and (
            checked.program is not None and "mentor" not in errors):
        # Shown with the row's other errors too; only a row that would be created counts for the rows below.
        refusal = lookups.ratio.take(checked.program, checked.employer, checked.mentors, claim=not errors)
        if refusal:
            errors["mentor"].append(refusal)
    if errors:
        checked.action = Action.REFUSED
    elif existing is not None:
        checked.changes = _changes(existing, checked)
        checked.action = Action.UPDATE if checked.changes else Action.UNCHANGED
    else:
        checked.action = Action.CREATE
    checked.errors = dict(errors)
    return checked


def _check_employer_and_program(cells: dict[str, str], checked: Checked, lookups: Lookups) -> None:
    errors = checked.errors
    name = (cells.get("employer") or "").strip()
    employer = lookups.employers.get(_name_key(name)) if name else lookups.only_employer
    if not name and employer is None:
        errors["employer"].append(_("Fill in employer."))
    elif employer is None:
        errors["employer"].append(_("No employer is named “%(name)s” at this sponsor.") % {"name": name})
    elif lookups.only_employer is not None and employer.pk != lookups.only_employer.pk:
        errors["employer"].append(_("You may import apprentices of %(employer)s only.")
                                  % {"employer": lookups.only_employer})
        employer = None
    elif employer.is_archived:
        errors["employer"].append(_("%(employer)s is archived and takes no new apprentices.") % {"employer": employer})
    checked.employer = employer
    program_name = (cells.get("program") or "").strip()
    program = lookups.programs.get(_name_key(program_name)) if program_name else None
    if program_name and program is None:
        errors["program"].append(_("No program is named “%(name)s” at this sponsor; write one of: %(names)s.")
                                 % {"name": program_name,
                                    "names": "; ".join(p.name for p in lookups.programs.values())})
    checked.program = program
    if employer is not None and program is not None:
        checked.version = lookups.versions.get((program.pk, employer.pk))
        if checked.version is None:
            errors["program"].append(_("%(employer)s has no published Job Book for %(program)s yet.")
                                     % {"employer": employer, "program": program})


def _check_people(number: int, checked: Checked, lookups: Lookups) -> None:
    errors, values, employer = checked.errors, checked.values, checked.employer
    for address in values.get("mentor", []):
        mentor = lookups.members.get(address)
        if mentor is None or mentor.role != Role.MENTOR:
            errors["mentor"].append(_("%(email)s is not a mentor at this sponsor.") % {"email": address})
        elif employer is not None and mentor.employer_id != employer.pk:
            errors["mentor"].append(_("%(email)s is a mentor at %(other)s, not at %(employer)s.")
                                    % {"email": address, "other": mentor.employer, "employer": employer})
        else:
            checked.mentors.append(mentor)
    address = values.get("email")
    if not address:
        return
    others = [n for n in lookups.rows_of_email.get(address, []) if n != number]
    if others:
        errors["email"].append(_("This e-mail address is also on row %(rows)s of the file.")
                               % {"rows": ", ".join(map(str, others))})
    member = lookups.members.get(address)
    if member is not None and member.role != Role.APPRENTICE:
        errors["email"].append(_("%(email)s is a %(role)s at this sponsor, not an apprentice.")
                               % {"email": address, "role": member.get_role_display().lower()})
    elif member is not None and employer is not None and member.employer_id != employer.pk:
        errors["employer"].append(_("%(email)s is an apprentice at %(other)s; transfer them instead.")
                                  % {"email": address, "other": member.employer})
    if checked.program is not None:
        existing = lookups.enrollments.get((address, checked.program.pk))
        if existing is not None and employer is not None and existing.employer_id != employer.pk:
            errors["employer"].append(_("%(email)s is enrolled in %(program)s at %(other)s; transfer them instead.")
                                      % {"email": address, "program": checked.program, "other": existing.employer})
        checked.existing = existing


def _check_registration(checked: Checked) -> None:
    errors, values = checked.errors, checked.values
    born, start = values.get("date_of_birth"), values.get("start_date")
    if born is not None:
        if born > timezone.localdate():
            errors["date_of_birth"].append(_("The date of birth cannot be in the future."))
        elif start is not None and add_months(born, 12 * MINIMUM_AGE) > start:
            errors["date_of_birth"].append(_("An apprentice must be at least %(age)s years old at the start date.")
                                           % {"age": MINIMUM_AGE})
    races = values.get("race") or []
    if Demographics.Race.PREFER_NOT in races and len(races) > 1:
        errors["race"].append(_("Write prefer_not alone, or one or more races."))
    if "state" in values:
        values["state"] = values["state"].upper()
        if not re.fullmatch(r"[A-Z]{2}", values["state"]):
            errors["state"].append(_("Write the two-letter state code, e.g. PA."))
    if "zip" in values and not ZIP_CODE.match(values["zip"]):
        errors["zip"].append(_("Write a 5-digit ZIP code (or ZIP+4, 12345-6789)."))
    if "phone" in values and len(re.sub(r"\D", "", values["phone"])) not in (10, 11):
        errors["phone"].append(_("Write a 10-digit phone number."))


def _changes(existing: Enrollment, checked: Checked) -> list[str]:
    """The registration columns whose value differs from the enrollment's record.  A cell left empty
    keeps what is recorded; name, start date and mentors of an existing enrollment change through its
    own pages (they carry history and signatures), not through an import."""
    record = getattr(existing, "demographics", None)
    changed = []
    for key, value in checked.demographics().items():
        column_key = next(c.key for c in COLUMNS if DEMOGRAPHIC_FIELD.get(c.key, c.key) == key)
        current = getattr(record, key, None) if record is not None else None
        if current in (None, "") or current != value:
            changed.append(column_key)
    return changed

