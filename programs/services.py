"""State-changing actions on sponsors, employers, memberships and invitations.

Each function is one transaction and the only way to perform its action; views,
the admin, commands and tests all call it.
"""

from __future__ import annotations

import io
import warnings
from collections.abc import Iterable, Mapping
from datetime import timedelta
from typing import IO, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _
from django_scopes import scope
from PIL import Image, ImageOps

from imt import dispatch
from imt.dates import stamp
from imt.models import User
from imt.permissions import EMPLOYER_ROLES, Role, require
from imt.uploads import delete_after_commit, server_name, verified_image_type
from programs.models import Employer, Invitation, Membership, Program, Sponsor, WageStep

# The logo is drawn on every completion packet and certificate: what is kept is small, whatever was sent.
LOGO_MAX_SIDE = 4000
LOGO_MAX_PIXELS = 8_000_000
LOGO_KEPT_SIDE = 600


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


def sponsor_setup(*, sponsor: Sponsor) -> None:
    """Give a new sponsor its starting point: the IMT course catalog and credential types, written by the apps
    that own them (settings.SPONSOR_SETUP).  Adds only what is missing, so running it again changes nothing."""
    with scope(sponsor=sponsor):
        for path in settings.SPONSOR_SETUP:
            import_string(path)(sponsor=sponsor)


def sponsor_create(
    *, name: str, slug: str, admin_email: str | None = None, admin_name: str = "", admin_password: str | None = None,
    **profile: Any,
) -> Sponsor:
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
        sponsor_setup(sponsor=sponsor)
    return sponsor


def logo_png(upload: IO[bytes]) -> ContentFile[bytes]:
    """The logo as it is kept: a PNG or JPEG (by its content) of at most 4,000 pixels a side and 8
    megapixels — judged from its header before any pixel is decoded — re-drawn as a PNG of at most 600
    pixels a side, without its metadata, under a name of the server's.  ValidationError on "logo" otherwise."""
    try:
        verified_image_type(upload)
        upload.seek(0)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)  # the limits below are stricter
            image = Image.open(upload, formats=["PNG", "JPEG"])
    except ValidationError as error:
        raise ValidationError({"logo": error.messages}) from None
    width, height = image.size
    if max(width, height) > LOGO_MAX_SIDE or width * height > LOGO_MAX_PIXELS:
        raise ValidationError({"logo": _(
            "The logo is %(width)s × %(height)s pixels; a logo may be at most %(side)s pixels a side and "
            "%(megapixels)s megapixels. Save it smaller and upload it again."
        ) % {"width": width, "height": height, "side": LOGO_MAX_SIDE, "megapixels": LOGO_MAX_PIXELS // 1_000_000}})
    try:
        kept = ImageOps.exif_transpose(image).convert("RGBA")
        kept.thumbnail((LOGO_KEPT_SIDE, LOGO_KEPT_SIDE), Image.Resampling.LANCZOS)
    except (OSError, ValueError):  # a file whose header was fine but whose pixels are not
        raise ValidationError({"logo": _("The logo image is damaged. Save it again as PNG or JPEG and upload that.")}) \
            from None
    kept.info.clear()  # no text, EXIF or colour profile of the original is written
    buffer = io.BytesIO()
    kept.save(buffer, "PNG", optimize=True)
    return ContentFile(buffer.getvalue(), name=server_name("image/png"))


def sponsor_update(*, sponsor: Sponsor) -> Sponsor:
    """Save an edited sponsor (profile, logo and authenticator rule).

    A change of the rule is dated, because the people it newly covers count their grace period from that
    moment; saving it unchanged keeps the date.  A newly uploaded logo is checked and re-drawn
    (`logo_png`) before it is stored; the logo it replaces (or that was removed) is deleted from storage
    once the change is committed, never before, so that a rollback keeps the record's file."""
    with transaction.atomic():
        stored_rule, stored_logo = Sponsor.objects.select_for_update().values_list(
            "mfa_required_for", "logo").get(pk=sponsor.pk)
        if stored_rule != sponsor.mfa_required_for:
            sponsor.mfa_policy_changed_at = timezone.now()
        if sponsor.logo and not sponsor.logo._committed:  # a file assigned but not stored yet: an upload
            sponsor.logo = logo_png(sponsor.logo.file)
        sponsor.save()
        if stored_logo and stored_logo != sponsor.logo.name:
            delete_after_commit(sponsor.logo.storage, stored_logo)
    return sponsor


# --- Employers -------------------------------------------------------------


def employer_create(*, sponsor: Sponsor, by: Membership, **fields: Any) -> Employer:
    """Add an employer to `sponsor`: `by` manages employers, and the name is not taken (Employer.full_clean)."""
    require(by, "employers.manage")
    with transaction.atomic():
        employer = Employer(sponsor=sponsor, **fields)
        employer.full_clean()
        employer.save()
    return employer


def employer_update(*, employer: Employer, by: Membership, **fields: Any) -> Employer:
    """Change an employer's name, address and contact, under the rules of employer_create."""
    require(by, "employers.manage", employer)
    with transaction.atomic():
        employer = Employer.objects.select_for_update().get(pk=employer.pk)
        for name, value in fields.items():
            setattr(employer, name, value)
        employer.full_clean()
        employer.save()
    return employer


def employer_archive(*, employer: Employer, by: Membership) -> Employer:
    """Archive an employer: it stays in the records but takes no new members or apprentices."""
    require(by, "employers.manage", employer)
    return stamp(employer, "archived_at", on=True)


def employer_restore(*, employer: Employer, by: Membership) -> Employer:
    """Bring an archived employer back: it takes new members and apprentices again."""
    require(by, "employers.manage", employer)
    return stamp(employer, "archived_at", on=False)


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


def program_create(*, sponsor: Sponsor, wage_steps: Iterable[Mapping[str, Any]] = (), **fields: Any) -> Program:
    """Register a program for `sponsor`.  Refuses any value outside the limits of Program.clean and a wage
    schedule that does not increase step by step."""
    with transaction.atomic():
        program = _save_program(Program(sponsor=sponsor, **fields), list(wage_steps))
        # The IMT required courses and credentials, from the apps that own them (settings.PROGRAM_SETUP).
        with scope(sponsor=sponsor):
            for path in settings.PROGRAM_SETUP:
                import_string(path)(program=program)
    return program


def program_update(*, program: Program, wage_steps: Iterable[Mapping[str, Any]] = (), **fields: Any) -> Program:
    """Change a program's standards and replace its wage schedule, under the same rules as program_create."""
    with transaction.atomic():
        program = Program.objects.select_for_update().get(pk=program.pk)
        for name, value in fields.items():
            setattr(program, name, value)
        return _save_program(program, list(wage_steps))
