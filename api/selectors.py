"""Reads of the integrations API: who sees which token, the token a request presents, and the records a
token may answer with.

A token is not a member: it sees its sponsor's enrollments, or with an employer only that employer's
(`enrollments_for`).  Every endpoint that names an enrollment looks it up there, so another sponsor's or
another employer's id is answered as if it did not exist.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Count, Exists, F, OuterRef, QuerySet, Sum
from django_scopes import scopes_disabled

from api import tokens
from api.models import ApiCall, ApiToken
from apprentices.models import Enrollment, OJTEntry
from apprentices.selectors import entries_of, roster_page
from imt import visibility
from imt.permissions import PERMISSIONS
from jobbook.models import Competency, Skill
from programs.models import Membership, Sponsor
from rti.models import PriorCourseCredit, SectionEnrollment

ZERO = Decimal(0)


@visibility.rule("api_token", ApiToken)
def tokens_visible_to(membership: Membership) -> QuerySet[ApiToken]:
    """The sponsor's tokens, for the members who manage them (the sponsor admin); nobody else's."""
    if not membership.can("api.manage"):
        return ApiToken.objects.none()
    return ApiToken.objects.filter(sponsor=membership.sponsor_id).select_related("employer", "created_by",
                                                                                 "revoked_by")


def tokens_of(sponsor: Sponsor) -> QuerySet[ApiToken]:
    """The sponsor's tokens, the active ones first, the newest first."""
    return (
        ApiToken.objects.filter(sponsor=sponsor).select_related("employer", "created_by")
        .order_by(F("revoked_at").desc(nulls_first=True), "-created_at", "-pk")
    )


def calls_of(token: ApiToken) -> QuerySet[ApiCall]:
    """The calls made with `token`, the latest first."""
    return ApiCall.objects.filter(token=token).order_by("-at", "-pk")


# --- The token of a request ------------------------------------------------------------------


def token_presented(raw: str) -> ApiToken | None:
    """The token whose secret `raw` is, revoked or not, with `usable` set; None for anything else.

    Looked up before the sponsor is known (the token says which it is), hence outside any scope; one
    query, which also tells whether the token's creator still manages the sponsor's tokens."""
    prefix = tokens.prefix_of(raw)
    if prefix is None:
        return None
    with scopes_disabled():
        managers = Membership.objects.filter(
            user=OuterRef("created_by"), sponsor=OuterRef("sponsor"), is_active=True,
            role__in=PERMISSIONS["api.manage"],
        )
        token = (
            ApiToken.objects.filter(prefix=prefix).select_related("sponsor", "employer", "created_by")
            .annotate(creator_manages=Exists(managers)).first()
        )
    if token is None or not tokens.matches(raw, token.secret_hash):
        return None
    token.usable = bool(token.is_active and token.sponsor.is_active and token.creator_manages)
    return token


# --- What a token reads ----------------------------------------------------------------------


def enrollments_for(token: ApiToken) -> QuerySet[Enrollment]:
    """The enrollments `token` may read: its sponsor's, or its employer's when it has one."""
    enrollments = Enrollment.objects.filter(sponsor=token.sponsor_id).select_related(
        "program", "standards_version", "employer", "job_book_version", "apprentice__user"
    )
    if token.employer_id is not None:
        enrollments = enrollments.filter(employer=token.employer_id)
    return enrollments


def enrollment_for(token: ApiToken, pk: int) -> Enrollment | None:
    return enrollments_for(token).filter(pk=pk).first()


@dataclass
class ApprenticesPage:
    count: int
    rows: list[Enrollment]  # with the roster's figures, `rti_hours` and `skills_total`


def apprentices_page(token: ApiToken, *, limit: int, offset: int) -> ApprenticesPage:
    """The enrollments `token` reads, by name then id, `limit` from `offset`, each with the roster's figures
    (roster_page) and its RTI hours and number of skills.  A fixed number of queries whatever the page's
    length or the sponsor's size."""
    keys = enrollments_for(token).order_by("full_name", "pk")
    count = keys.count()
    ids = list(keys.values_list("pk", flat=True)[offset:offset + limit]) if limit else []
    rows: list[Enrollment] = []
    if ids:
        rows = list(roster_page(Enrollment.objects.filter(pk__in=ids), 1, per_page=len(ids), order="name"))
        _add_rti_hours(rows)
        _add_skills_total(rows)
    return ApprenticesPage(count=count, rows=rows)


def apprentice_figures(enrollment: Enrollment) -> Enrollment:
    """`enrollment` again with the figures of apprentices_page."""
    (row,) = roster_page(Enrollment.objects.filter(pk=enrollment.pk), 1, per_page=1, order="name")
    _add_rti_hours([row])
    _add_skills_total([row])
    return row


def _add_rti_hours(enrollments: list[Any]) -> None:
    """Set `rti_hours` (attended hours of completed sections plus approved prior-course credit, as
    rti.selectors.rti_hours counts them) on each enrollment's apprentice: two queries."""
    people = {e.apprentice_id for e in enrollments if e.apprentice_id}
    attended = dict(
        SectionEnrollment.objects.filter(apprentice__in=people, completed_on__isnull=False)
        .values("apprentice").annotate(total=Sum("attended_hours")).values_list("apprentice", "total").order_by()
    )
    credited = dict(
        PriorCourseCredit.objects.filter(apprentice__in=people, status=PriorCourseCredit.Status.APPROVED)
        .values("apprentice").annotate(total=Sum("credited_hours")).values_list("apprentice", "total").order_by()
    )
    for e in enrollments:
        e.rti_hours = (attended.get(e.apprentice_id) or ZERO) + (credited.get(e.apprentice_id) or ZERO)


def _add_skills_total(enrollments: list[Any]) -> None:
    """Set `skills_total`, the skills of each enrollment's Job Book version: one query."""
    versions = {e.job_book_version_id for e in enrollments}
    totals = dict(
        Skill.objects.filter(competency__version__in=versions).values("competency__version")
        .annotate(n=Count("pk")).values_list("competency__version", "n").order_by()
    )
    for e in enrollments:
        e.skills_total = totals.get(e.job_book_version_id, 0)


def competency_for(enrollment: Enrollment, *, pk: int | None = None, key: str = "") -> Competency | None:
    """A competency of the sponsor named by id or by its stable key (on the enrollment's Job Book version),
    or None; whether it belongs to the enrollment's version is the service's rule."""
    if pk is not None:
        return Competency.objects.filter(sponsor=enrollment.sponsor_id, pk=pk).first()
    if key:
        return Competency.objects.filter(version=enrollment.job_book_version_id, key=key).first()
    return None


def entries_page(enrollment: Enrollment, *, limit: int, offset: int) -> tuple[int, list[OJTEntry]]:
    """(count, the entries from `offset`), the latest day first: two queries."""
    entries = entries_of(enrollment)
    return entries.count(), list(entries[offset:offset + limit])
