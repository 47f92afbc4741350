"""Enrollments, their dated history and their mentor assignments."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from apprentices.models.append_only import AppendOnlyModel
from apprentices.models.signatures import Signature
from apprentices.models.status_reasons import reason_label
from jobbook.models import JobBookVersion
from programs.models import Employer, Invitation, Membership, Program, SponsorRecord, StandardsVersion


class Enrollment(SponsorRecord):
    """An apprentice in a program at an employer, on one Job Book version.

    `apprentice` is empty until the invited person accepts their invitation (`invitation`);
    `status` and `employer` are the current values, `StatusChange` rows are their history.
    """

    class Status(models.TextChoices):
        PROBATION = "probation", _("On probation")
        ACTIVE = "active", _("Active")
        SUSPENDED = "suspended", _("Suspended")
        CANCELLED = "cancelled", _("Cancelled")
        COMPLETED = "completed", _("Completed")

    OPEN_STATUSES = (Status.PROBATION, Status.ACTIVE, Status.SUSPENDED)
    LOGGING_STATUSES = (Status.PROBATION, Status.ACTIVE)

    apprentice = models.ForeignKey(
        Membership, on_delete=models.PROTECT, null=True, blank=True, related_name="enrollments",
        verbose_name=_("apprentice"),
    )
    invitation = models.ForeignKey(
        Invitation, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        help_text=_("The invitation sent to an apprentice who had no sign-in yet."),
    )
    full_name = models.CharField(_("apprentice's name"), max_length=150)
    email = models.EmailField(_("apprentice's e-mail address"))
    program = models.ForeignKey(Program, on_delete=models.PROTECT, related_name="enrollments")
    employer = models.ForeignKey(Employer, on_delete=models.PROTECT, related_name="enrollments")
    job_book_version = models.ForeignKey(
        JobBookVersion, on_delete=models.PROTECT, related_name="enrollments", verbose_name=_("Job Book version")
    )
    standards_version = models.ForeignKey(
        StandardsVersion, on_delete=models.PROTECT, related_name="enrollments",
        verbose_name=_("registered standards version"),
        help_text=_("The version of the program's standards the apprentice is registered under."),
    )
    start_date = models.DateField(_("start date"))
    probation_end = models.DateField(_("end of probation"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PROBATION)
    status_since = models.DateField(_("status since"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    # Roster keys: kept current by the services that change them (services.refresh_roster_keys) so a
    # roster sorts and filters by them without summing every apprentice's entries.  Pages show the
    # figures read from the entries themselves.
    counted_hours = models.DecimalField(
        _("approved and credited OJT hours"), max_digits=10, decimal_places=2, default=0, editable=False
    )
    last_logged = models.DateField(_("last day with hours logged"), null=True, blank=True, editable=False)

    class Meta:
        ordering = ["full_name", "pk"]
        verbose_name = _("enrollment")
        verbose_name_plural = _("enrollments")
        constraints = [
            models.UniqueConstraint(
                fields=["apprentice", "program"], condition=Q(status__in=["probation", "active", "suspended"]),
                name="one_open_enrollment_per_apprentice_and_program",
            ),
        ]
        indexes = [
            models.Index(fields=["sponsor", "employer", "status"], name="enrollment_roster_idx"),
            models.Index(fields=["apprentice", "status"], name="enrollment_apprentice_idx"),
            # The roster's default order, so a page of a sponsor's roster is read in order, not sorted.
            models.Index(fields=["sponsor", "full_name", "id"], name="enrollment_roster_name_idx"),
        ]

    def __str__(self):
        return f"{self.full_name} — {self.program_id and self.program}"

    @property
    def is_open(self):
        return self.status in self.OPEN_STATUSES

    @property
    def can_log_hours(self):
        return self.status in self.LOGGING_STATUSES


class StatusChange(AppendOnlyModel):
    """One dated, reasoned and attributed step in an enrollment's history."""

    class Kind(models.TextChoices):
        ENROLLED = "enrolled", _("Enrolled")
        STATUS = "status", _("Status changed")
        TRANSFER = "transfer", _("Transferred to another employer")
        START_DATE = "start_date", _("Start date changed")
        VERSION = "version", _("Moved to another Job Book version")
        STANDARDS = "standards", _("Moved to another standards version")

    enrollment = models.ForeignKey(Enrollment, on_delete=models.PROTECT, related_name="status_changes")
    kind = models.CharField(_("what"), max_length=12, choices=Kind.choices)
    effective_date = models.DateField(_("effective date"))
    from_status = models.CharField(max_length=10, choices=Enrollment.Status.choices, blank=True)
    to_status = models.CharField(max_length=10, choices=Enrollment.Status.choices, blank=True)
    from_employer = models.ForeignKey(Employer, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    to_employer = models.ForeignKey(Employer, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    from_value = models.CharField(max_length=100, blank=True)
    to_value = models.CharField(max_length=100, blank=True)
    reason = models.TextField(_("reason"))
    reason_code = models.CharField(
        _("reason code"), max_length=4, blank=True,
        help_text=_("The agency's code for the reason (apprentices/models/status_reasons.py)."),
    )
    during_probation = models.BooleanField(_("during probation"), default=False)
    signature = models.ForeignKey(
        Signature, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("signature"),
    )
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    # Changes the registration agency is told about (the RAPIDS export, agency/).
    REPORTABLE_KINDS = (Kind.ENROLLED, Kind.STATUS, Kind.TRANSFER)

    class Meta:
        ordering = ["enrollment", "effective_date", "pk"]
        verbose_name = _("status change")
        verbose_name_plural = _("status changes")
        indexes = [models.Index(fields=["enrollment", "effective_date"], name="statuschange_enrollment_idx")]

    def __str__(self):
        return f"{self.get_kind_display()} {self.effective_date}"

    @property
    def reason_code_label(self):
        return reason_label(self.reason_code)


class MentorAssignment(SponsorRecord):
    """A mentor assigned to an enrollment from `start_date`; current while `end_date` is empty."""

    enrollment = models.ForeignKey(Enrollment, on_delete=models.PROTECT, related_name="mentor_assignments")
    mentor = models.ForeignKey(Membership, on_delete=models.PROTECT, related_name="mentor_assignments")
    start_date = models.DateField(_("from"))
    end_date = models.DateField(_("until"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["enrollment", "start_date", "pk"]
        verbose_name = _("mentor assignment")
        verbose_name_plural = _("mentor assignments")
        constraints = [
            models.UniqueConstraint(
                fields=["enrollment", "mentor"], condition=Q(end_date__isnull=True),
                name="one_current_assignment_per_mentor_and_enrollment",
            ),
        ]
        indexes = [models.Index(fields=["mentor", "end_date"], name="assignment_mentor_idx")]

    def __str__(self):
        return f"{self.mentor_id} → {self.enrollment_id}"

    @property
    def is_current(self):
        return self.end_date is None
