"""Moving enrollments to a later version of their program's registered standards (issue #15, item 1).

Publishing a version changes nobody's requirements; the sponsor admin moves enrollments to it
explicitly, after a preview of whose completion checklist changes.  Each move is signed and leaves two
records that never change: a `programs.StandardsMove` and a StatusChange of kind "standards".  It lives
here, above the apprentices, RTI and credentials apps, because the preview is the completion checklist.
Completed and cancelled enrollments are never moved: their record stays as it was decided.
"""

from __future__ import annotations

import copy
import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from apprentices.models import Enrollment, StatusChange
from apprentices.selectors import enrollment_progress
from apprentices.services import password_recently_confirmed, sign, today
from completion.eligibility import Checklist, eligibility
from imt.permissions import require
from programs.models import Membership, StandardsMove, StandardsVersion

MOVE_MEANING = _("I move these enrollments to a later version of the registered standards.")
STATUS_CHANGE_KIND = "standards"  # StatusChange.Kind gets its label with the agency's status changes


def version_label(version: StandardsVersion) -> str:
    return f"version {version.number}"


@dataclass
class LineChange:
    label: str
    before: str
    after: str
    met_before: bool | None
    met_after: bool | None


@dataclass
class PreviewRow:
    enrollment: Enrollment
    refused: str = ""
    eligible_before: bool = False
    eligible_after: bool = False
    changes: list[LineChange] = field(default_factory=list)

    @property
    def eligibility_changes(self) -> bool:
        return not self.refused and self.eligible_before != self.eligible_after


def candidates(version: StandardsVersion) -> QuerySet[Enrollment]:
    """The program's enrollments registered under an older version: the open ones are the default
    selection; completed and cancelled ones are listed as never moved."""
    return (
        Enrollment.objects.filter(program=version.program_id, standards_version__number__lt=version.number)
        .select_related("standards_version", "employer", "program", "apprentice__user")
        .order_by("full_name", "pk")
    )


def refusal(enrollment: Enrollment, version: StandardsVersion) -> str:
    """Why this enrollment cannot be moved to `version`, or ""."""
    if enrollment.program_id != version.program_id:
        return _("in another program")
    if enrollment.status not in Enrollment.OPEN_STATUSES:
        return _("%(status)s: a closed record is never moved") % {"status": enrollment.get_status_display()}
    if enrollment.standards_version.number >= version.number:
        return _("already on version %(n)s") % {"n": enrollment.standards_version.number}
    return ""


def checklist_under(enrollment: Enrollment, version: StandardsVersion) -> Checklist:
    """The completion checklist the enrollment would have under `version` (nothing is saved: the
    checklist is read from a copy of the enrollment registered under it)."""
    moved = copy.copy(enrollment)
    moved.standards_version = version
    return eligibility(moved, progress=enrollment_progress(moved))


def _compare(before: Checklist, after: Checklist) -> list[LineChange]:
    old = {str(line.label): line for line in before.lines}
    new = {str(line.label): line for line in after.lines}
    changes = []
    for label in [*old, *(label for label in new if label not in old)]:
        a, b = old.get(label), new.get(label)
        if a is None or b is None or (a.met, str(a.detail)) != (b.met, str(b.detail)):
            changes.append(LineChange(
                label, str(a.detail) if a else "—", str(b.detail) if b else "—",
                a.met if a else None, b.met if b else None,
            ))
    return changes


def move_preview(version: StandardsVersion, enrollments: Iterable[Enrollment]) -> list[PreviewRow]:
    """For each enrollment: whether it may be moved, its eligibility before and after, and the checklist
    lines that would change."""
    rows = []
    for enrollment in enrollments:
        row = PreviewRow(enrollment=enrollment, refused=refusal(enrollment, version))
        if not row.refused:
            before, after = eligibility(enrollment), checklist_under(enrollment, version)
            row.eligible_before, row.eligible_after = before.eligible, after.eligible
            row.changes = _compare(before, after)
        rows.append(row)
    return rows


def standards_move(
    *, version: StandardsVersion, enrollments: Iterable[Enrollment], by: Membership, reason: str,
    password_confirmed_at: datetime.datetime | None,
) -> list[StandardsMove]:
    """Move each enrollment to `version`, signed by `by` (the sponsor admin, who confirmed their password
    within the last minutes).  All or nothing: one enrollment that may not be moved (closed, already on
    this version or a later one, another program) refuses the whole move, naming it."""
    require(by, "standards.publish", version)
    errors: dict[str, str] = {}
    if not reason.strip():
        errors["reason"] = _("Say why these enrollments move to the new version.")
    if not password_recently_confirmed(password_confirmed_at):
        errors["password"] = _("Confirm your password to sign; it is asked again after 5 minutes.")
    if errors:
        raise ValidationError(errors)
    ids = sorted({e.pk for e in enrollments})
    if not ids:
        raise ValidationError(_("Choose at least one enrollment to move."))
    moves = []
    with transaction.atomic():
        locked = list(
            Enrollment.objects.select_for_update(of=("self",)).filter(pk__in=ids)
            .select_related("standards_version", "program").order_by("pk")
        )
        refused = [f"{e.full_name} ({problem})" for e in locked if (problem := refusal(e, version))]
        if refused or len(locked) != len(ids):
            raise ValidationError(_("These enrollments cannot be moved: %(list)s.") % {"list": "; ".join(refused)})
        for enrollment in locked:
            previous = enrollment.standards_version
            signature = sign(
                sponsor=enrollment.sponsor_id, signer=by.user, meaning=MOVE_MEANING,
                content={"enrollment": enrollment.pk, "apprentice": enrollment.full_name,
                         "program": enrollment.program_id, "from_version": previous.number,
                         "to_version": version.number, "reason": reason.strip(),
                         "checklist_after": checklist_under(enrollment, version).as_content()},
                password_confirmed_at=password_confirmed_at,
            )
            moves.append(StandardsMove.objects.create(
                sponsor_id=enrollment.sponsor_id, enrollment=enrollment, from_version=previous, to_version=version,
                reason=reason.strip(), signature=signature, by=by.user,
            ))
            StatusChange.objects.create(
                sponsor_id=enrollment.sponsor_id, enrollment=enrollment, kind=STATUS_CHANGE_KIND,
                effective_date=today(), from_value=version_label(previous), to_value=version_label(version),
                reason=reason.strip(), by=by.user,
            )
            enrollment.standards_version = version
            enrollment.save(update_fields=["standards_version"])
    return moves
