"""Invitations and memberships: who belongs to a sponsor, in which role."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from imt import dispatch
from imt.models import User
from imt.permissions import EMPLOYER_ROLES, Role
from programs.models import Employer, Invitation, Membership, Sponsor


def _check_role_employer(role: str, employer: Employer | None, sponsor: Sponsor) -> None:
    if role in EMPLOYER_ROLES:
        if employer is None:
            raise ValidationError({"employer": _("Choose the employer for this role.")})
        if employer.sponsor_id != sponsor.pk:
            raise ValidationError({"employer": _("That employer does not belong to this sponsor.")})
        if employer.is_archived:
            raise ValidationError({"employer": _("That employer is archived.")})
    elif employer is not None:
        raise ValidationError({"employer": _("This role belongs to the sponsor, not to an employer.")})


# --- Invitations and members -----------------------------------------------


def invitation_create(
    *, sponsor: Sponsor, email: str, role: str, employer: Employer | None = None, full_name: str = "",
    invited_by: User,
) -> Invitation:
    """Invite `email` to `sponsor` with `role`, and e-mail the link once the transaction commits.

    Refuses an address that is already an active member or has a pending invitation.
    """
    from programs.tasks import send_invitation_email

    email = email.strip().lower()
    _check_role_employer(role, employer, sponsor)
    with transaction.atomic():
        if Membership.objects.filter(sponsor=sponsor, user__email__iexact=email, is_active=True).exists():
            raise ValidationError({"email": _("%(email)s is already a member of this sponsor.") % {"email": email}})
        pending = Invitation.objects.select_for_update().filter(
            sponsor=sponsor, email__iexact=email, accepted_at__isnull=True, revoked_at__isnull=True,
            expires_at__gt=timezone.now(),
        )
        if pending.exists():
            raise ValidationError(
                {"email": _("%(email)s already has a pending invitation; revoke it first.") % {"email": email}}
            )
        invitation = Invitation.objects.create(
            sponsor=sponsor, email=email, full_name=full_name, role=role, employer=employer,
            invited_by=invited_by,
            expires_at=timezone.now() + timedelta(days=settings.INVITATION_VALID_DAYS),
        )
        dispatch.send_on_commit(send_invitation_email, invitation.pk)
    return invitation


def invitation_send_email(*, invitation: Invitation) -> bool:
    """E-mail the invitation's link to the invited address, once: False, sending nothing, when it was sent
    before or the invitation is no longer pending (accepted, revoked or expired)."""
    if invitation.email_sent_at or not invitation.is_pending:
        return False
    context = {
        "invitation": invitation,
        "link": settings.SITE_URL.rstrip("/") + reverse("invitation_accept", args=[invitation.token]),
    }
    send_mail(
        subject=render_to_string("programs/email/invitation_subject.txt", context).strip(),
        message=render_to_string("programs/email/invitation_body.txt", context),
        from_email=None,
        recipient_list=[invitation.email],
    )
    with transaction.atomic():
        Invitation.objects.filter(pk=invitation.pk).update(email_sent_at=timezone.now())
    return True


def invitation_revoke(*, invitation: Invitation) -> Invitation:
    with transaction.atomic():
        invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
        if invitation.accepted_at:
            raise ValidationError(_("This invitation has already been accepted."))
        if invitation.revoked_at is None:
            invitation.revoked_at = timezone.now()
            invitation.save(update_fields=["revoked_at"])
    return invitation


def invitation_accept(*, invitation: Invitation, user: User) -> Membership:
    """Turn a pending invitation into a membership of `user`.

    The signed-in user's e-mail must be the invited one.  Accepting twice (a
    double click) gives the same membership; an earlier, deactivated membership
    at the sponsor is reactivated with the invited role.
    """
    with transaction.atomic():
        invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
        if invitation.accepted_at and invitation.accepted_by_id == user.pk:
            return Membership.objects.get(sponsor=invitation.sponsor_id, user=user)
        if invitation.status != Invitation.Status.PENDING:
            raise ValidationError(
                _("This invitation is %(status)s.") % {"status": str(invitation.status.label).lower()}
            )
        if user.email.lower() != invitation.email.lower():
            raise ValidationError(
                _("This invitation was sent to %(invited)s, but you are signed in as %(current)s.")
                % {"invited": invitation.email, "current": user.email}
            )
        membership = Membership.objects.filter(sponsor=invitation.sponsor_id, user=user).first()
        if membership and membership.is_active:
            raise ValidationError(_("You are already a member of %(sponsor)s.") % {"sponsor": invitation.sponsor})
        if membership is None:
            membership = Membership(sponsor_id=invitation.sponsor_id, user=user)
        membership.role = invitation.role
        membership.employer_id = invitation.employer_id
        membership.is_active = True
        membership.deactivated_at = None
        membership.deactivated_by = None
        membership.mfa_counted_from = timezone.now()
        membership.save()
        if not user.full_name and invitation.full_name:
            user.full_name = invitation.full_name
            user.save(update_fields=["full_name"])
        invitation.accepted_at = timezone.now()
        invitation.accepted_by = user
        invitation.save(update_fields=["accepted_at", "accepted_by"])
    return membership


def _refuse_losing_last_admin(membership: Membership) -> None:
    if membership.role != Role.SPONSOR_ADMIN or not membership.is_active:
        return
    others = Membership.objects.filter(
        sponsor=membership.sponsor_id, role=Role.SPONSOR_ADMIN, is_active=True
    ).exclude(pk=membership.pk)
    if not others.exists():
        raise ValidationError(_("A sponsor needs at least one active sponsor admin."))


def membership_change_role(*, membership: Membership, role: str, employer: Employer | None = None) -> Membership:
    """Give a member another role (and employer).  The last active sponsor admin keeps the role."""
    _check_role_employer(role, employer, membership.sponsor)
    with transaction.atomic():
        membership = Membership.objects.select_for_update().get(pk=membership.pk)
        if role != Role.SPONSOR_ADMIN:
            _refuse_losing_last_admin(membership)
        covered_before = membership.mfa_required_since is not None
        membership.role = role
        membership.employer = employer
        if not covered_before and membership.mfa_required_since is not None:
            # Moved into a role the authenticator rule covers: a grace period from today, as for a newcomer.
            membership.mfa_counted_from = timezone.now()
        membership.save(update_fields=["role", "employer", "mfa_counted_from"])
    return membership


def membership_deactivate(*, membership: Membership, by: User) -> Membership:
    """Take a member's access away now: the membership stops working and every session of theirs ends."""
    with transaction.atomic():
        membership = Membership.objects.select_for_update().select_related("user").get(pk=membership.pk)
        if not membership.is_active:
            return membership
        _refuse_losing_last_admin(membership)
        membership.is_active = False
        membership.deactivated_at = timezone.now()
        membership.deactivated_by = by
        membership.save(update_fields=["is_active", "deactivated_at", "deactivated_by"])
        membership.user.end_sessions()
    return membership


def membership_reactivate(*, membership: Membership) -> Membership:
    """Give a deactivated member their access back; an active one is left as they are."""
    with transaction.atomic():
        membership = Membership.objects.select_for_update().get(pk=membership.pk)
        if membership.is_active:
            return membership
        membership.is_active = True
        membership.deactivated_at = None
        membership.deactivated_by = None
        membership.mfa_counted_from = timezone.now()  # back after an absence: a grace period, as for a newcomer
        membership.save(update_fields=["is_active", "deactivated_at", "deactivated_by", "mfa_counted_from"])
    return membership
