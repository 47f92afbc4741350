from decimal import Decimal
from typing import Any

from django.contrib.sessions.backends.base import SessionBase
from django.db.models import Count, Q, QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext as _
from django_scopes import scopes_disabled

from imt import visibility
from imt.models import User
from imt.permissions import SPONSOR_STAFF, Role
from programs.models import (
    STANDARDS_FIELDS,
    Employer,
    Invitation,
    Membership,
    Program,
    Sponsor,
    StandardsVersion,
    WageStep,
)

INVITATION_SESSION_KEY = "imt_invitation_token"


# --- Who sees which record -------------------------------------------------


@visibility.rule("employer", Employer)
def employers_visible_to(membership: Membership) -> QuerySet[Employer]:
    """Sponsor staff see every employer of the sponsor; anyone else only their own employer."""
    employers = Employer.objects.filter(sponsor=membership.sponsor_id)
    if membership.role in SPONSOR_STAFF:
        return employers
    return employers.filter(pk=membership.employer_id) if membership.employer_id else employers.none()


@visibility.rule("member", Membership)
def members_visible_to(membership: Membership) -> QuerySet[Membership]:
    """Sponsor staff see every member; an employer admin the members of their employer; anyone else themselves."""
    members = Membership.objects.filter(sponsor=membership.sponsor_id).select_related("user", "employer")
    if membership.role in SPONSOR_STAFF:
        return members
    if membership.role == Role.EMPLOYER_ADMIN and membership.employer_id:
        return members.filter(employer=membership.employer_id)
    return members.filter(pk=membership.pk)


@visibility.rule("invitation", Invitation)
def invitations_visible_to(membership: Membership) -> QuerySet[Invitation]:
    """Sponsor staff see every invitation of the sponsor; anyone else the invitations they sent."""
    invitations = Invitation.objects.filter(sponsor=membership.sponsor_id).select_related("employer", "invited_by")
    if membership.role in SPONSOR_STAFF:
        return invitations
    return invitations.filter(invited_by=membership.user_id)


@visibility.rule("program", Program)
def programs_visible_to(membership: Membership) -> QuerySet[Program]:
    """A sponsor's programs (its registered standards) are known to all its members."""
    return Program.objects.filter(sponsor=membership.sponsor_id)


@visibility.rule("standards_version", StandardsVersion)
def standards_versions_visible_to(membership: Membership) -> QuerySet[StandardsVersion]:
    """The published versions of the sponsor's standards, like the programs, are known to all its members."""
    return StandardsVersion.objects.filter(sponsor=membership.sponsor_id).select_related("program", "published_by")


# --- Lists -----------------------------------------------------------------


def employers_of(sponsor: Sponsor, *, archived: bool = False) -> QuerySet[Employer]:
    """The sponsor's current (or archived) employers by name, each with its number of active members."""
    return (
        Employer.objects.filter(sponsor=sponsor, archived_at__isnull=not archived)
        .annotate(member_count=Count("memberships", filter=Q(memberships__is_active=True)))
        .order_by("name")
    )


def members_of(sponsor: Sponsor, *, query: str = "", role: str = "") -> QuerySet[Membership]:
    members = Membership.objects.filter(sponsor=sponsor).select_related("user", "employer")
    if query:
        members = members.filter(Q(user__full_name__icontains=query) | Q(user__email__icontains=query))
    if role:
        members = members.filter(role=role)
    return members.order_by("-is_active", "user__full_name", "user__email")


def invitations_of(sponsor: Sponsor) -> QuerySet[Invitation]:
    return Invitation.objects.filter(sponsor=sponsor).select_related("employer", "invited_by")


def programs_of(sponsor: Sponsor) -> QuerySet[Program]:
    """The sponsor's programs with their wage steps and the number of Job Books of each."""
    return (
        Program.objects.filter(sponsor=sponsor)
        .prefetch_related("wage_steps")
        .annotate(job_book_count=Count("job_books"))
    )


# --- Invitation links ------------------------------------------------------


def invitation_by_token(token: str) -> Invitation | None:
    """The invitation behind a link; the link is the way into the sponsor, so this looks across sponsors."""
    with scopes_disabled():
        return Invitation.objects.select_related("sponsor", "employer", "invited_by").filter(token=token).first()


def pending_invitation(request: HttpRequest) -> Invitation | None:
    token = request.session.get(INVITATION_SESSION_KEY)
    if not token:
        return None
    invitation = invitation_by_token(token)
    return invitation if invitation and invitation.is_pending else None


def remember_invitation(request: HttpRequest, invitation: Invitation) -> None:
    request.session[INVITATION_SESSION_KEY] = invitation.token


def forget_invitation(request: HttpRequest) -> None:
    session: SessionBase = request.session
    session.pop(INVITATION_SESSION_KEY, None)


def email_has_account(email: str) -> bool:
    return User.objects.filter(email__iexact=email).exists()


# --- Registered standards: versions, the draft and wages --------------------


def hourly_rate(step: dict[str, Any] | WageStep, journeyworker_wage: Decimal | None) -> Decimal | None:
    """The hourly wage of a step: its amount in USD, or the journeyworker wage × its percentage (None
    when the standards name no journeyworker wage)."""
    kind, amount = (step["kind"], Decimal(step["amount"])) if isinstance(step, dict) else (step.kind, step.amount)
    if kind == WageStep.Kind.HOURLY:
        return amount
    if journeyworker_wage is None:
        return None
    return (journeyworker_wage * amount / 100).quantize(Decimal("0.01"))


def step_text(step: dict[str, Any], journeyworker_wage: Decimal | None) -> str:
    """One wage step in words, with its hourly rate: "after 1,000 hours: 60% (15.90 USD/h)"."""
    basis = {"hours": _("hours"), "months": _("months"), "competencies": _("competencies")}.get(step["basis"], "")
    amount, rate = Decimal(step["amount"]).normalize(), hourly_rate(step, journeyworker_wage)
    if step["kind"] == WageStep.Kind.PERCENT:
        wage = f"{amount:f}%" + (f" ({rate} USD/h)" if rate is not None else "")
    else:
        wage = f"{rate} USD/h"
    return _("after %(n)s %(basis)s: %(wage)s") % {"n": f"{step['threshold']:,}", "basis": basis, "wage": wage}


def _shown(name: str, value: Any, source: Program | StandardsVersion) -> str:
    if value in (None, ""):
        return "—"
    if name in ("approach", "ratio_policy"):
        return str(getattr(source, f"get_{name}_display")())
    return str(value)


def draft_changes(program: Program) -> list[dict[str, Any]]:
    """How the program's draft differs from its newest published version: one row per changed field
    (`label`, `before`, `after`), and one for the wage schedule if it changed (`before` and `after` as
    lists of steps in words).  Every field is "changed" when nothing was published yet."""
    latest = program.standards_versions.order_by("-number").first()
    rows: list[dict[str, Any]] = []
    for name in STANDARDS_FIELDS:
        after = getattr(program, name)
        before = getattr(latest, name) if latest is not None else None
        if latest is None or before != after:
            label = str(getattr(Program._meta.get_field(name), "verbose_name", name))
            rows.append({"field": name, "label": label[:1].upper() + label[1:],
                         "before": _shown(name, before, latest) if latest is not None else "—",
                         "after": _shown(name, after, program)})
    schedule = [  # the shape a version keeps (programs.services.wage_schedule_of)
        {"basis": step.basis, "threshold": step.threshold, "kind": step.kind, "amount": str(step.amount)}
        for step in program.wage_steps.order_by("threshold")
    ]
    published = latest.wage_schedule if latest is not None else []
    if latest is None or _normalised(schedule) != _normalised(published):
        rows.append({"field": "wage_schedule", "label": _("Wage schedule"),
                     "before": [step_text(s, latest.journeyworker_wage) for s in published] if latest else [],
                     "after": [step_text(s, program.journeyworker_wage) for s in schedule]})
    return rows


def _normalised(schedule: list[dict[str, Any]]) -> list[tuple[str, int, str, Decimal]]:
    return [(s["basis"], int(s["threshold"]), s["kind"], Decimal(s["amount"])) for s in schedule]


def versions_of(program: Program) -> QuerySet[StandardsVersion]:
    """The program's published versions, newest first, each with how many enrollments are registered under it."""
    return (
        StandardsVersion.objects.filter(program=program).select_related("published_by")
        .annotate(enrollment_count=Count("enrollments")).order_by("-number")
    )


def version_schedule(version: StandardsVersion) -> list[dict[str, Any]]:
    """A version's wage steps, each with its hourly rate."""
    return [{**step, "text": step_text(step, version.journeyworker_wage),
             "rate": hourly_rate(step, version.journeyworker_wage)} for step in version.wage_schedule]
