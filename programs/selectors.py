from django.contrib.sessions.backends.base import SessionBase
from django.db.models import Count, Q, QuerySet
from django.http import HttpRequest
from django_scopes import scopes_disabled

from imt import visibility
from imt.models import User
from imt.permissions import SPONSOR_STAFF, Role
from programs.models import Employer, Invitation, Membership, Program, Sponsor

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
