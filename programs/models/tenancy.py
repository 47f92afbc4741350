import secrets
from typing import Any, ClassVar

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_scopes import ScopedManager

from imt.permissions import EMPLOYER_ROLES, SPONSOR_STAFF, Role, role_can

RESERVED_SLUGS = {"accounts", "operator", "invitations", "static", "media", "admin", "api", "health", "verify",
                  "unsubscribe"}


def validate_not_reserved(value):
    if value in RESERVED_SLUGS:
        raise ValidationError(_("“%(slug)s” is reserved by the platform; choose another.") % {"slug": value})


class MfaPolicy(models.TextChoices):
    """Who at a sponsor must sign in with an authenticator app.  Sponsor admins and reviewers see every
    apprentice's personal data, so they always must."""

    STAFF = "staff", _("Sponsor admins and sponsor reviewers")
    EVERYONE = "everyone", _("Everyone at this sponsor")


class Sponsor(models.Model):
    """The tenant: a Registered Apprenticeship sponsor.  Every other record belongs to one."""

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(
        _("short name in addresses"), max_length=50, unique=True, validators=[validate_not_reserved],
        help_text=_("Lower-case letters, digits and hyphens; appears in every address of the sponsor."),
    )
    logo = models.ImageField(_("logo"), upload_to="sponsor-logos/", blank=True)
    registration_agency = models.CharField(
        _("registration agency"), max_length=200, blank=True,
        help_text=_("The state apprenticeship agency or the federal Office of Apprenticeship."),
    )
    rapids_sponsor_number = models.CharField(_("RAPIDS sponsor number"), max_length=40, blank=True)
    agency_report_days = models.PositiveSmallIntegerField(
        _("days to report a status change to the agency"), default=45,
        help_text=_("How long the registration agency gives the sponsor to report a status change."),
    )
    reminder_no_hours_days = models.PositiveSmallIntegerField(
        _("days without hours before an apprentice is reminded"), default=7,
        help_text=_("An apprentice who has logged no hours for this many days gets a reminder."),
    )
    reminder_queue_days = models.PositiveSmallIntegerField(
        _("days an item may wait for a mentor before a digest"), default=3,
        help_text=_("A mentor whose hours or sign-off requests wait longer than this gets one digest of them."),
    )
    address_line = models.CharField(_("street address"), max_length=200, blank=True)
    city = models.CharField(_("city"), max_length=100, blank=True)
    state = models.CharField(_("state"), max_length=2, blank=True)
    postal_code = models.CharField(_("ZIP code"), max_length=10, blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    mfa_required_for = models.CharField(
        _("authenticator app required for"), max_length=10, choices=MfaPolicy.choices, default=MfaPolicy.STAFF,
        help_text=_("Sponsor admins and reviewers always need one: they see every apprentice's personal data."),
    )
    # Two dates, so that widening the rule to everyone does not give staff, who were covered all along,
    # a new grace period.  Sponsors older than the rule got the day it was deployed (the migration).
    mfa_staff_required_since = models.DateTimeField(default=timezone.now, editable=False)
    mfa_policy_changed_at = models.DateTimeField(
        _("authenticator policy changed"), default=timezone.now, editable=False
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("sponsor")
        verbose_name_plural = _("sponsors")

    def __str__(self):
        return self.name

    @property
    def address(self):
        parts = [f"{self.city}," if self.city else "", self.state, self.postal_code]
        city_line = " ".join(part for part in parts if part)
        return "\n".join(part for part in [self.address_line, city_line.strip(" ,")] if part)


class SponsorRecord(models.Model):
    """A record that belongs to one sponsor.  Every query of it runs inside that sponsor's scope
    (django-scopes): outside a scope it raises instead of reading another sponsor's rows."""

    sponsor = models.ForeignKey(Sponsor, on_delete=models.PROTECT, related_name="+")

    # For type checks a plain manager: django-scopes builds the manager's class at run time.
    objects: ClassVar[models.Manager[Any]] = ScopedManager(sponsor="sponsor")

    class Meta:
        abstract = True


class Employer(models.Model):
    sponsor = models.ForeignKey(Sponsor, on_delete=models.PROTECT, related_name="employers")
    name = models.CharField(_("name"), max_length=200)
    address_line = models.CharField(_("street address"), max_length=200, blank=True)
    city = models.CharField(_("city"), max_length=100, blank=True)
    state = models.CharField(_("state"), max_length=2, blank=True)
    postal_code = models.CharField(_("ZIP code"), max_length=10, blank=True)
    contact_name = models.CharField(_("contact name"), max_length=150, blank=True)
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=30, blank=True)
    archived_at = models.DateTimeField(_("archived"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedManager(sponsor="sponsor")

    class Meta:
        ordering = ["name"]
        verbose_name = _("employer")
        verbose_name_plural = _("employers")
        constraints = [
            models.UniqueConstraint(fields=["sponsor", "name"], name="employer_name_unique_per_sponsor"),
        ]

    def __str__(self):
        return self.name

    @property
    def is_archived(self):
        return self.archived_at is not None


class Membership(models.Model):
    """A user's role at one sponsor (and, for employer roles, at one employer)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="memberships")
    sponsor = models.ForeignKey(Sponsor, on_delete=models.PROTECT, related_name="memberships")
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    employer = models.ForeignKey(
        Employer, on_delete=models.PROTECT, null=True, blank=True, related_name="memberships",
        verbose_name=_("employer"),
    )
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    # When the sponsor's authenticator rule could first apply to this membership: its creation, its return
    # after a deactivation, or its move into a role the rule covers (programs.services keeps it).
    mfa_counted_from = models.DateTimeField(default=timezone.now, editable=False)
    deactivated_at = models.DateTimeField(null=True, blank=True)
    deactivated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    objects = ScopedManager(sponsor="sponsor")

    class Meta:
        ordering = ["user__full_name", "user__email"]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(fields=["user", "sponsor"], name="one_membership_per_user_and_sponsor"),
            models.CheckConstraint(
                condition=Q(role__in=sorted(EMPLOYER_ROLES), employer__isnull=False)
                | (~Q(role__in=sorted(EMPLOYER_ROLES)) & Q(employer__isnull=True)),
                name="membership_employer_matches_role",
            ),
        ]
        indexes = [models.Index(fields=["sponsor", "role", "is_active"])]

    def __str__(self):
        return f"{self.user} — {self.get_role_display()} at {self.sponsor_id}"

    def can(self, permission):
        return self.is_active and role_can(self.role, permission)

    @property
    def is_sponsor_staff(self):
        return self.can("sponsor.view_all")

    @property
    def mfa_required_since(self):
        """When the sponsor's authenticator rule began to apply to this member, or None when it does not."""
        sponsor = self.sponsor
        if self.role in SPONSOR_STAFF:
            since = sponsor.mfa_staff_required_since
        elif sponsor.mfa_required_for == MfaPolicy.EVERYONE:
            since = sponsor.mfa_policy_changed_at
        else:
            return None
        return max(self.mfa_counted_from, since)


def new_invitation_token():
    return secrets.token_urlsafe(32)


class Invitation(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        ACCEPTED = "accepted", _("Accepted")
        REVOKED = "revoked", _("Revoked")
        EXPIRED = "expired", _("Expired")

    sponsor = models.ForeignKey(Sponsor, on_delete=models.PROTECT, related_name="invitations")
    email = models.EmailField(_("e-mail address"))
    full_name = models.CharField(_("full name"), max_length=150, blank=True)
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    employer = models.ForeignKey(
        Employer, on_delete=models.PROTECT, null=True, blank=True, related_name="invitations",
        verbose_name=_("employer"),
    )
    token = models.CharField(max_length=64, unique=True, default=new_invitation_token, editable=False)
    invited_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    email_sent_at = models.DateTimeField(null=True, blank=True)
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    revoked_at = models.DateTimeField(null=True, blank=True)

    objects = ScopedManager(sponsor="sponsor")

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")

    def __str__(self):
        return f"{self.email} ({self.get_role_display()})"

    @property
    def status(self):
        if self.accepted_at:
            return self.Status.ACCEPTED
        if self.revoked_at:
            return self.Status.REVOKED
        if self.expires_at <= timezone.now():
            return self.Status.EXPIRED
        return self.Status.PENDING

    @property
    def is_pending(self):
        return self.status == self.Status.PENDING

    def clean(self):
        if self.role in EMPLOYER_ROLES and not self.employer_id:
            raise ValidationError({"employer": _("Choose the employer for this role.")})
        if self.role not in EMPLOYER_ROLES and self.employer_id:
            raise ValidationError({"employer": _("This role belongs to the sponsor, not to an employer.")})
