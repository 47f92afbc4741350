"""What an agreement states: a snapshot of the terms 29 CFR 29.7 asks for, read from the enrollment, the
standards version it is registered under, the sponsor, the employer and the credit granted.

Every value is plain JSON (text for decimals and dates), so the snapshot hashes the same way forever and
a later change to any of these records never changes an agreement already produced."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING, Any

from django.db.models import Count, Sum

from apprentices.models import AdvancedStanding, CreditedHours

if TYPE_CHECKING:
    from apprentices.models import Enrollment

CENT = Decimal("0.01")
# The parts of the terms an amendment compares with the agreement it amends, with their labels.
SECTIONS = {
    "employer": "Employer",
    "occupation": "Occupation",
    "standards": "Registered standards",
    "term": "Term",
    "probation": "Probationary period",
    "credit": "Credit for previous experience",
    "wages": "Wage schedule",
    "ratio": "Ratio of apprentices to journeyworkers",
    "rti": "Related technical instruction",
}


def hourly_rate(step: dict[str, Any], journeyworker_wage: Decimal | None) -> str:
    """The hourly rate of a wage step: its amount when hourly, else the journeyworker rate × its percent."""
    amount = Decimal(str(step["amount"]))
    if step.get("kind") == "hourly":
        return str(amount.quantize(CENT))
    if journeyworker_wage is None:
        return ""
    return str((journeyworker_wage * amount / 100).quantize(CENT, rounding=ROUND_HALF_UP))


def wage_steps(schedule: list[dict[str, Any]], journeyworker_wage: Decimal | None) -> list[dict[str, Any]]:
    steps = sorted(schedule, key=lambda s: (s.get("basis", ""), int(s.get("threshold", 0))))
    return [
        {
            "step": index, "basis": step.get("basis", "hours"), "threshold": int(step.get("threshold", 0)),
            "kind": step.get("kind", "percent"), "amount": str(step["amount"]),
            "hourly_rate": hourly_rate(step, journeyworker_wage),
        }
        for index, step in enumerate(steps, start=1)
    ]


def credit_of(enrollment: Enrollment) -> dict[str, Any]:
    """The advanced standing granted so far: hours and skills credited, request by request."""
    standings = (
        AdvancedStanding.objects.filter(enrollment=enrollment, status=AdvancedStanding.Status.APPROVED)
        .annotate(skill_count=Count("skills", distinct=True)).order_by("decided_at", "pk")
    )
    hours_by_standing = dict(
        CreditedHours.objects.filter(standing__in=standings).values("standing").annotate(total=Sum("hours"))
        .values_list("standing", "total")
    )
    granted = [
        {
            "id": standing.pk, "basis": standing.get_basis_display(), "description": standing.description,
            "hours": str(Decimal(hours_by_standing.get(standing.pk) or 0).quantize(CENT)),
            "skills": standing.skill_count,
            "decided_on": standing.decided_at.date().isoformat() if standing.decided_at else "",
        }
        for standing in standings
    ]
    total = sum((Decimal(row["hours"]) for row in granted), Decimal(0))
    return {"hours": str(total.quantize(CENT)), "skills": sum(row["skills"] for row in granted), "granted": granted}


def snapshot(enrollment: Enrollment) -> dict[str, Any]:
    """The terms of the enrollment's agreement as they stand now."""
    standards = enrollment.standards_version
    sponsor = enrollment.sponsor
    employer = enrollment.employer
    program = enrollment.program
    user = enrollment.apprentice.user if enrollment.apprentice_id and enrollment.apprentice else None
    return {
        "enrollment": enrollment.pk,
        "apprentice": {"name": enrollment.full_name, "email": user.email if user else enrollment.email},
        "employer": {
            "id": employer.pk, "name": employer.name, "address": employer_address(employer),
            "contact_name": employer.contact_name, "contact_email": employer.contact_email,
            "contact_phone": employer.contact_phone,
        },
        "sponsor": {
            "name": sponsor.name, "address": sponsor.address, "phone": sponsor.phone,
            "rapids_sponsor_number": sponsor.rapids_sponsor_number,
        },
        "occupation": {
            "program": program.name, "title": standards.occupation, "onet_code": standards.onet_code,
            "rapids_code": standards.rapids_code, "approach": standards.get_approach_display(),
        },
        "standards": {
            "version": standards.number, "registration_number": standards.registration_number,
            "registration_agency": standards.registration_agency or sponsor.registration_agency,
        },
        "term": {
            "months": standards.term_months, "ojt_hours": standards.ojt_hours_required,
            "start_date": enrollment.start_date.isoformat(),
        },
        "probation": {"months": standards.probation_months, "ends_on": enrollment.probation_end.isoformat()},
        "credit": credit_of(enrollment),
        "wages": {
            "journeyworker_wage": str(standards.journeyworker_wage) if standards.journeyworker_wage is not None else "",
            "steps": wage_steps(list(standards.wage_schedule or []), standards.journeyworker_wage),
        },
        "ratio": {"apprentices": standards.ratio_apprentices, "journeyworkers": standards.ratio_journeyworkers},
        "rti": {"hours": standards.rti_hours_required},
    }


def employer_address(employer: Any) -> str:
    parts = [f"{employer.city}," if employer.city else "", employer.state, employer.postal_code]
    city_line = " ".join(part for part in parts if part).strip(" ,")
    return "\n".join(part for part in [employer.address_line, city_line] if part)


def changed_sections(before: dict[str, Any], after: dict[str, Any]) -> list[str]:
    """The keys of SECTIONS whose terms differ between two snapshots."""
    return [key for key in SECTIONS if before.get(key) != after.get(key)]
