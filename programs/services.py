"""State-changing actions on sponsors, employers, memberships and invitations.

Each function is one transaction and the only way to perform its action; views,
the admin, commands and tests all call it.
"""

from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from imt.models import User
from imt.permissions import EMPLOYER_ROLES, Role
from programs.models import Invitation, Membership, Sponsor


def _check_role_employer(role, employer, sponsor):
    if role in EMPLOYER_ROLES:
        if employer is None:
            raise ValidationError({"employer": _("Choose the employer for this role.")})
        if employer.sponsor_id != sponsor.pk:
            raise ValidationError({"employer": _("That employer does not belong to this sponsor.")})
        if employer.is_archived:
            raise ValidationError({"employer": _("That employer is archived.")})
    elif employer is not None:
        raise ValidationError({"employer": _("This role belongs to the sponsor, not to an employer.")})


def sponsor_create(*, name, slug, admin_email=None, admin_name="", admin_password=None, **profile):
    """Create a sponsor and, when an e-mail is given, its first sponsor admin."""
    with transaction.atomic():
        sponsor = Sponsor(name=name, slug=slug, **profile)
        sponsor.full_clean()
        sponsor.save()
        if admin_email:
            user = User.objects.filter(email__iexact=admin_email).first()
            if user is None:
                user = User.objects.create_user(admin_email, admin_password, full_name=admin_name or admin_email)
            Membership.objects.create(user=user, sponsor=sponsor, role=Role.SPONSOR_ADMIN)
    return sponsor


def employer_archive(*, employer):
    """Archive an employer: it stays in the records but takes no new members or apprentices."""
    if employer.archived_at is None:
        employer.archived_at = timezone.now()
        employer.save(update_fields=["archived_at"])
    return employer


def employer_restore(*, employer):
    employer.archived_at = None
    employer.save(update_fields=["archived_at"])
    return employer


def invitation_create(*, sponsor, email, role, employer=None, full_name="", invited_by):
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
        transaction.on_commit(lambda: send_invitation_email.delay(invitation.pk))
    return invitation


def invitation_revoke(*, invitation):
    with transaction.atomic():
        invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
        if invitation.accepted_at:
            raise ValidationError(_("This invitation has already been accepted."))
        if invitation.revoked_at is None:
            invitation.revoked_at = timezone.now()
            invitation.save(update_fields=["revoked_at"])
    return invitation


def invitation_accept(*, invitation, user):
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
        membership.save()
        if not user.full_name and invitation.full_name:
            user.full_name = invitation.full_name
            user.save(update_fields=["full_name"])
        invitation.accepted_at = timezone.now()
        invitation.accepted_by = user
        invitation.save(update_fields=["accepted_at", "accepted_by"])
    return membership


def _refuse_losing_last_admin(membership):
    if membership.role != Role.SPONSOR_ADMIN or not membership.is_active:
        return
    others = Membership.objects.filter(
        sponsor=membership.sponsor_id, role=Role.SPONSOR_ADMIN, is_active=True
    ).exclude(pk=membership.pk)
    if not others.exists():
        raise ValidationError(_("A sponsor needs at least one active sponsor admin."))


def membership_change_role(*, membership, role, employer=None):
    """Give a member another role (and employer).  The last active sponsor admin keeps the role."""
    _check_role_employer(role, employer, membership.sponsor)
    with transaction.atomic():
        membership = Membership.objects.select_for_update().get(pk=membership.pk)
        if role != Role.SPONSOR_ADMIN:
            _refuse_losing_last_admin(membership)
        membership.role = role
        membership.employer = employer
        membership.save(update_fields=["role", "employer"])
    return membership


def membership_deactivate(*, membership, by):
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


def membership_reactivate(*, membership):
    with transaction.atomic():
        membership = Membership.objects.select_for_update().get(pk=membership.pk)
        membership.is_active = True
        membership.deactivated_at = None
        membership.deactivated_by = None
        membership.save(update_fields=["is_active", "deactivated_at", "deactivated_by"])
    return membership
