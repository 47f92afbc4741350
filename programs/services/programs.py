"""Programs (registered standards) and their wage schedules."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _
from django_scopes import scope

from programs.models import STANDARDS_FIELDS, Program, Sponsor, StandardsVersion, WageStep

# --- Programs --------------------------------------------------------------


def wage_step_problems(
    steps: Iterable[Mapping[str, Any]], *, term_months: int | None = None, ojt_hours: int | None = None
) -> list[tuple[int, str, str]]:
    """What is wrong with a wage schedule, as (step index, field, message); empty when it is right.

    Steps are given in order; each must come later than the one before and pay more, and all use
    the same basis and kind so that they can be compared.
    """
    problems: list[tuple[int, str, str]] = []
    previous: Mapping[str, Any] | None = None
    for index, step in enumerate(steps):
        amount, threshold, basis = step.get("amount"), step.get("threshold"), step.get("basis")
        if amount is not None and amount <= 0:
            problems.append((index, "amount", _("Enter a wage above zero.")))
        if amount is not None and step.get("kind") == WageStep.Kind.PERCENT and amount > 100:
            problems.append((index, "amount", _("A percentage of the journeyworker wage is at most 100.")))
        if threshold is not None and basis == WageStep.Basis.HOURS and ojt_hours and threshold > ojt_hours:
            problems.append((index, "threshold", _("The program requires only %(n)s OJT hours.") % {"n": ojt_hours}))
        if threshold is not None and basis == WageStep.Basis.MONTHS and term_months and threshold > term_months:
            problems.append((index, "threshold", _("The term is only %(n)s months.") % {"n": term_months}))
        if previous is not None:
            if step.get("basis") != previous.get("basis"):
                problems.append((index, "basis", _("Use the same basis for every step, as in the first step.")))
            elif threshold is not None and previous.get("threshold") is not None and threshold <= previous["threshold"]:
                message = _("Each step must come later than the one before it (after %(n)s).")
                problems.append((index, "threshold", message % {"n": previous["threshold"]}))
            if step.get("kind") != previous.get("kind"):
                problems.append((index, "kind", _("Express every step the same way, as in the first step.")))
            elif amount is not None and previous.get("amount") is not None and amount <= previous["amount"]:
                problems.append((index, "amount", _("Each step must pay more than the one before it (%(n)s).")
                                 % {"n": previous["amount"]}))
        previous = step
    return problems


def _save_program(program: Program, wage_steps: list[Mapping[str, Any]]) -> Program:
    program.full_clean()
    problems = wage_step_problems(wage_steps, term_months=program.term_months, ojt_hours=program.ojt_hours_required)
    if problems:
        raise ValidationError(
            {"__all__": [_("Wage step %(n)s: %(message)s") % {"n": index + 1, "message": message}
                         for index, _field, message in problems]}
        )
    program.save()
    program.wage_steps.all().delete()
    WageStep.objects.bulk_create([
        WageStep(sponsor_id=program.sponsor_id, program=program, **{k: step[k] for k in WAGE_STEP_FIELDS})
        for step in wage_steps
    ])
    return program


WAGE_STEP_FIELDS = ("basis", "threshold", "kind", "amount")


def program_create(
    *, sponsor: Sponsor, wage_steps: Iterable[Mapping[str, Any]] = (), by: Any = None, **fields: Any
) -> Program:
    """Register a program for `sponsor` and publish its standards as version 1.  Refuses any value outside
    the limits of Program.clean and a wage schedule that does not increase step by step."""
    with transaction.atomic():
        program = _save_program(Program(sponsor=sponsor, **fields), list(wage_steps))
        standards_publish(program=program, by=by, note=_("First version."))
        # The IMT required courses and credentials, from the apps that own them (settings.PROGRAM_SETUP).
        with scope(sponsor=sponsor):
            for path in settings.PROGRAM_SETUP:
                import_string(path)(program=program)
    return program


def program_update(*, program: Program, wage_steps: Iterable[Mapping[str, Any]] = (), **fields: Any) -> Program:
    """Change the draft of a program's standards and replace its wage schedule, under the same rules as
    program_create.  No enrollment sees the change until it is published (standards_publish) and the
    enrollment is moved to that version."""
    with transaction.atomic():
        program = Program.objects.select_for_update().get(pk=program.pk)
        for name, value in fields.items():
            setattr(program, name, value)
        return _save_program(program, list(wage_steps))


def wage_schedule_of(program: Program) -> list[dict[str, str | int]]:
    """The program's wage steps as a version keeps them."""
    return [
        {"basis": step.basis, "threshold": step.threshold, "kind": step.kind, "amount": str(step.amount)}
        for step in program.wage_steps.order_by("threshold")
    ]


def standards_publish(*, program: Program, by: Any = None, note: str = "") -> StandardsVersion:
    """Publish the program's standards as they stand now as its next version.  New enrollments are
    registered under it; existing enrollments keep theirs until they are moved explicitly."""
    with transaction.atomic():
        program = Program.objects.select_for_update().select_related("sponsor").get(pk=program.pk)
        latest = program.standards_versions.order_by("-number").first()
        return StandardsVersion.objects.create(
            sponsor_id=program.sponsor_id, program=program, number=(latest.number + 1) if latest else 1,
            **{name: getattr(program, name) for name in STANDARDS_FIELDS},
            wage_schedule=wage_schedule_of(program),
            registration_agency=program.sponsor.registration_agency,
            note=note, published_at=timezone.now(), published_by=by,
        )


def current_standards(program: Program) -> StandardsVersion:
    """The program's newest published version: the one new enrollments are registered under."""
    version = program.standards_versions.order_by("-number").first()
    if version is None:
        raise ValidationError({"program": _("%(program)s has no published standards yet.") % {"program": program}})
    return version
