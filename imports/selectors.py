"""Reads of roster imports: who sees which import, an import's rows for the preview, the earlier
imports on the upload page."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db.models import QuerySet

from imports.models import RosterImport, RosterImportRow
from imt import visibility
from imt.permissions import Role

if TYPE_CHECKING:
    from programs.models import Membership


@visibility.rule("roster_import", RosterImport)
def roster_imports_visible_to(membership: Membership) -> QuerySet[RosterImport]:
    """The sponsor admin sees every import of the sponsor; an employer admin those of their employer."""
    imports = RosterImport.objects.filter(sponsor=membership.sponsor_id)
    if membership.role == Role.SPONSOR_ADMIN:
        return imports
    if membership.role == Role.EMPLOYER_ADMIN and membership.employer_id:
        return imports.filter(employer=membership.employer_id)
    return imports.none()


def recent_imports(membership: Membership, *, limit: int = 10) -> list[RosterImport]:
    return list(roster_imports_visible_to(membership).select_related("by", "employer")[:limit])


# The preview's tabs: which rows each shows.
ROW_FILTERS: dict[str, dict[str, Any]] = {
    "all": {},
    "create": {"action": RosterImportRow.Action.CREATE},
    "update": {"action": RosterImportRow.Action.UPDATE},
    "unchanged": {"action": RosterImportRow.Action.UNCHANGED},
    "refused": {"action": RosterImportRow.Action.REFUSED},
    "failed": {"outcome": RosterImportRow.Outcome.FAILED},
}


def rows_of(roster_import: RosterImport, *, show: str = "all") -> QuerySet[RosterImportRow]:
    """The import's rows in file order, those of one tab.  One query per page: the enrollment each
    row made is named by its id only."""
    return RosterImportRow.objects.filter(roster_import=roster_import, **ROW_FILTERS.get(show, {})).order_by("number")


def names_to_type(membership: Membership) -> dict[str, Any]:
    """What a roster file may name at this sponsor, for the upload page and the template's example row:
    the programs' names, the employer (the employer admin's own, or the first), and that employer's
    mentors' e-mail addresses."""
    from programs.models import Employer, Program
    from programs.models import Membership as Member

    programs = list(Program.objects.filter(sponsor=membership.sponsor_id).order_by("pk").values_list("name", flat=True))
    employer = membership.employer if membership.employer_id else (
        Employer.objects.filter(sponsor=membership.sponsor_id, archived_at__isnull=True).order_by("pk").first())
    mentors = list(
        Member.objects.filter(sponsor=membership.sponsor_id, employer=employer, role=Role.MENTOR, is_active=True)
        .order_by("user__email").values_list("user__email", flat=True)
    ) if employer is not None else []
    return {"programs": programs, "employer": employer, "mentors": mentors}
