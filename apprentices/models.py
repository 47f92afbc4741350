"""Apprentices' records: enrollments and their history, OJT entries, signatures, sign-offs and
advanced standing.

State changes go through `apprentices.services`.  The records that are signed or that make up the
history (approved OJT entries, decisions, signatures, sign-offs, revocations, status changes) are
append-only: `save()` of an existing row, `delete()`, and `QuerySet.update()/.delete()` refuse, and
database triggers (apprentices/protected.py) refuse a stray UPDATE or DELETE in SQL as well.
"""

import hashlib
import json
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _
from django_scopes import ScopedManager

from imt.evidence import evidence_path
from jobbook.models import Competency, JobBookVersion, Skill
from programs.models import Employer, Invitation, Membership, Program, Sponsor


class ImmutableRecordError(Exception):
    """Raised on an attempt to change or delete a record that is kept as signed history."""


# --- Append-only machinery ---------------------------------------------------


class AppendOnlyQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise ImmutableRecordError(f"{self.model._meta.verbose_name_plural} are append-only and are never updated.")

    def delete(self):
        raise ImmutableRecordError(f"{self.model._meta.verbose_name_plural} are append-only and are never deleted.")


class AppendOnlyModel(models.Model):
    """A record that is inserted once and then never changes."""

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise ImmutableRecordError(f"A {self._meta.verbose_name} is append-only and is never updated.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ImmutableRecordError(f"A {self._meta.verbose_name} is append-only and is never deleted.")


def scoped(queryset_class=models.QuerySet):
    return ScopedManager(_manager_class=models.Manager.from_queryset(queryset_class), sponsor="sponsor")


# --- Enrollment --------------------------------------------------------------


class Enrollment(models.Model):
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

    sponsor = models.ForeignKey(Sponsor, on_delete=models.PROTECT, related_name="+")
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

    objects = scoped()

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

    sponsor = models.ForeignKey(Sponsor, on_delete=models.PROTECT, related_name="+")
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
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = scoped(AppendOnlyQuerySet)

    class Meta:
        ordering = ["enrollment", "effective_date", "pk"]
        verbose_name = _("status change")
        verbose_name_plural = _("status changes")
        indexes = [models.Index(fields=["enrollment", "effective_date"], name="statuschange_enrollment_idx")]

    def __str__(self):
        return f"{self.get_kind_display()} {self.effective_date}"


class MentorAssignment(models.Model):
    """A mentor assigned to an enrollment from `start_date`; current while `end_date` is empty."""

    sponsor = models.ForeignKey(Sponsor, on_delete=models.PROTECT, related_name="+")
    enrollment = models.ForeignKey(Enrollment, on_delete=models.PROTECT, related_name="mentor_assignments")
    mentor = models.ForeignKey(Membership, on_delete=models.PROTECT, related_name="mentor_assignments")
    start_date = models.DateField(_("from"))
    end_date = models.DateField(_("until"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = scoped()

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


# --- Demographics (voluntary; visible to sponsor staff and the apprentice only) --------------

PREFER_NOT = "prefer_not", _("Prefer not to say")


class Demographics(models.Model):
    """Registration and equal-opportunity data (29 CFR 30) of one enrollment.  Every answer is
    voluntary and has a "prefer not to say" choice.  There is deliberately no social security number."""

    class Sex(models.TextChoices):
        FEMALE = "female", _("Female")
        MALE = "male", _("Male")
        PREFER_NOT = PREFER_NOT

    class Race(models.TextChoices):
        AMERICAN_INDIAN = "american_indian", _("American Indian or Alaska Native")
        ASIAN = "asian", _("Asian")
        BLACK = "black", _("Black or African American")
        PACIFIC_ISLANDER = "pacific_islander", _("Native Hawaiian or Other Pacific Islander")
        WHITE = "white", _("White")
        PREFER_NOT = PREFER_NOT

    class Ethnicity(models.TextChoices):
        HISPANIC = "hispanic", _("Hispanic or Latino")
        NOT_HISPANIC = "not_hispanic", _("Not Hispanic or Latino")
        PREFER_NOT = PREFER_NOT

    class Veteran(models.TextChoices):
        NON_VETERAN = "non_veteran", _("Not a veteran")
        VETERAN = "veteran", _("Veteran")
        ELIGIBLE_PERSON = "eligible_person", _("Other eligible person (spouse of a veteran)")
        PREFER_NOT = PREFER_NOT

    class Education(models.TextChoices):
        BELOW_HIGH_SCHOOL = "below_high_school", _("Less than high school")
        HIGH_SCHOOL = "high_school", _("High school diploma or equivalent (GED)")
        SOME_COLLEGE = "some_college", _("Some college, no degree")
        VOCATIONAL = "vocational", _("Post-secondary vocational certificate")
        ASSOCIATE = "associate", _("Associate degree")
        BACHELOR = "bachelor", _("Bachelor's degree")
        GRADUATE = "graduate", _("Master's degree or higher")
        PREFER_NOT = PREFER_NOT

    class Disability(models.TextChoices):
        YES = "yes", _("Yes, I have a disability (or previously had one)")
        NO = "no", _("No, I do not have a disability")
        PREFER_NOT = PREFER_NOT

    class Employment(models.TextChoices):
        NEW = "new", _("New employee")
        EXISTING = "existing", _("Existing employee (incumbent worker)")
        PREFER_NOT = PREFER_NOT

    sponsor = models.ForeignKey(Sponsor, on_delete=models.PROTECT, related_name="+")
    enrollment = models.OneToOneField(Enrollment, on_delete=models.PROTECT, related_name="demographics")
    date_of_birth = models.DateField(_("date of birth"), null=True, blank=True)
    date_of_birth_declined = models.BooleanField(_("prefer not to give date of birth"), default=False)
    sex = models.CharField(_("sex"), max_length=12, choices=Sex.choices, blank=True)
    races = models.JSONField(_("race"), default=list, blank=True, help_text=_("One or more."))
    ethnicity = models.CharField(_("ethnicity"), max_length=14, choices=Ethnicity.choices, blank=True)
    veteran_status = models.CharField(_("veteran status"), max_length=16, choices=Veteran.choices, blank=True)
    education_level = models.CharField(_("education level"), max_length=20, choices=Education.choices, blank=True)
    disability = models.CharField(_("disability"), max_length=12, choices=Disability.choices, blank=True)
    employment_status = models.CharField(
        _("new or existing employee"), max_length=12, choices=Employment.choices, blank=True
    )
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    objects = scoped()

    class Meta:
        verbose_name = _("demographics")
        verbose_name_plural = _("demographics")

    def __str__(self):
        return f"Demographics of {self.enrollment_id}"


# --- Signatures --------------------------------------------------------------


def content_hash(content):
    """SHA-256 of the canonical JSON of `content` (sorted keys, no whitespace)."""
    canonical = json.dumps(content, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(canonical.encode()).hexdigest()


class Signature(AppendOnlyModel):
    """An electronic signature (SPEC §6): who, when (server time, UTC), what it means, and a hash of
    what was signed.  Used by hour approvals, skill sign-offs, advanced standing decisions and completion."""

    sponsor = models.ForeignKey(Sponsor, on_delete=models.PROTECT, related_name="+")
    signer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="signatures")
    printed_name = models.CharField(_("printed name"), max_length=150)
    signed_at = models.DateTimeField(_("signed at"))
    meaning = models.CharField(_("meaning"), max_length=300)
    content = models.JSONField(_("signed content"))
    content_hash = models.CharField(_("content hash (SHA-256)"), max_length=64)
    password_confirmed_at = models.DateTimeField(null=True, blank=True)

    objects = scoped(AppendOnlyQuerySet)

    class Meta:
        ordering = ["signed_at", "pk"]
        verbose_name = _("signature")
        verbose_name_plural = _("signatures")

    def __str__(self):
        return f"{self.printed_name}, {self.signed_at:%Y-%m-%d %H:%M} UTC — {self.meaning}"

    def verify(self):
        """True when the stored content still matches its hash."""
        return content_hash(self.content) == self.content_hash


# --- OJT entries ---------------------------------------------------------------


class OJTEntryQuerySet(models.QuerySet):
    def counting(self):
        """Entries whose hours count: approved, and not replaced by an approved correction."""
        replaced = OJTEntry._base_manager.filter(corrects=OuterRef("pk"), status=OJTEntry.Status.APPROVED)
        return self.filter(status=OJTEntry.Status.APPROVED).exclude(Exists(replaced))

    def _refuse_unless_all_pending(self, verb):
        if self.exclude(status=OJTEntry.Status.PENDING).exists():
            raise ImmutableRecordError(f"Only pending OJT entries can be {verb}.")

    def update(self, **kwargs):
        self._refuse_unless_all_pending("updated")
        return super().update(**kwargs)

    def delete(self):
        self._refuse_unless_all_pending("deleted")
        return super().delete()


class OJTEntry(models.Model):
    """Hours of on-the-job training on one day against one competency.

    Pending entries may be edited or withdrawn by the apprentice; a mentor approves (signed) or rejects
    (with a reason) them; once no longer pending an entry is frozen, in the ORM and in the database.
    A correction of an approved entry is a new entry (`corrects`) that replaces it once approved.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for approval")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    sponsor = models.ForeignKey(Sponsor, on_delete=models.PROTECT, related_name="+")
    enrollment = models.ForeignKey(Enrollment, on_delete=models.PROTECT, related_name="ojt_entries")
    date = models.DateField(_("date"))
    competency = models.ForeignKey(Competency, on_delete=models.PROTECT, related_name="+", verbose_name=_("competency"))
    hours = models.DecimalField(_("hours"), max_digits=4, decimal_places=2)
    note = models.TextField(_("note"), blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    corrects = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="corrections",
        verbose_name=_("corrects"),
    )
    correction_reason = models.TextField(_("reason for the correction"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # The mentor's decision.  An approval is signed; several entries approved at once share one signature
    # whose content lists each of them.  A rejection carries the reason the apprentice sees.
    decided_by = models.ForeignKey(Membership, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_reason = models.TextField(_("reason"), blank=True)
    signature = models.ForeignKey(
        "Signature", on_delete=models.PROTECT, null=True, blank=True, related_name="ojt_entries"
    )

    objects = scoped(OJTEntryQuerySet)

    class Meta:
        ordering = ["-date", "-pk"]
        verbose_name = _("OJT entry")
        verbose_name_plural = _("OJT entries")
        constraints = [
            models.CheckConstraint(condition=Q(hours__gt=0) & Q(hours__lte=24), name="ojt_hours_between_0_and_24"),
            models.UniqueConstraint(
                fields=["corrects"], condition=Q(status="pending"), name="one_pending_correction_per_entry"
            ),
            models.CheckConstraint(
                condition=~Q(status="approved") | Q(signature__isnull=False), name="approved_entry_is_signed"
            ),
        ]
        indexes = [
            models.Index(fields=["enrollment", "status", "date"], name="ojt_enrollment_status_idx"),
            models.Index(fields=["enrollment", "date"], name="ojt_enrollment_date_idx"),
        ]

    def __str__(self):
        return f"{self.date} {self.hours} h"

    def save(self, *args, **kwargs):
        stored = getattr(self, "_stored_status", None)
        if not self._state.adding and stored not in (None, self.Status.PENDING):
            raise ImmutableRecordError(f"An OJT entry that is {stored} never changes; enter a correction instead.")
        super().save(*args, **kwargs)
        self._stored_status = self.status

    def delete(self, *args, **kwargs):
        if getattr(self, "_stored_status", self.status) != self.Status.PENDING:
            raise ImmutableRecordError("Only a pending OJT entry can be deleted.")
        return super().delete(*args, **kwargs)

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        instance._stored_status = instance.__dict__.get("status")
        return instance


QUARTER = Decimal("0.25")


# --- Skill sign-off --------------------------------------------------------------


class SignOffLevel(models.IntegerChoices):
    """The proficiency scale of a sign-off.  Level 3 is the standard a journeyworker works to."""

    ASSISTED = 1, _("1 — Performs with close supervision")
    DEVELOPING = 2, _("2 — Performs with some help")
    PROFICIENT = 3, _("3 — Performs independently to the standard")
    EXPERT = 4, _("4 — Can teach the skill to others")


class SkillSignOff(AppendOnlyModel):
    """A mentor's signed statement that the apprentice mastered a skill.

    `skill_key` is the skill's stable key, so the sign-off follows the skill into newer Job Book
    versions.  `attempt` counts earlier revoked sign-offs of the same skill: the unique constraint on
    (enrollment, skill_key, attempt) makes two simultaneous sign-offs of one skill produce one.
    """

    MEANING = "I observed the apprentice perform this skill to the standard."

    sponsor = models.ForeignKey(Sponsor, on_delete=models.PROTECT, related_name="+")
    enrollment = models.ForeignKey(Enrollment, on_delete=models.PROTECT, related_name="sign_offs")
    skill = models.ForeignKey(Skill, on_delete=models.PROTECT, related_name="+")
    skill_key = models.CharField(max_length=32)
    attempt = models.PositiveIntegerField(default=0)
    mentor = models.ForeignKey(Membership, on_delete=models.PROTECT, related_name="+")
    level = models.PositiveSmallIntegerField(_("level"), choices=SignOffLevel.choices)
    comment = models.TextField(_("comment"), blank=True)
    observed_on = models.DateField(_("date observed"))
    signature = models.OneToOneField(Signature, on_delete=models.PROTECT, related_name="sign_off")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = scoped(AppendOnlyQuerySet)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("skill sign-off")
        verbose_name_plural = _("skill sign-offs")
        constraints = [
            models.UniqueConstraint(fields=["enrollment", "skill_key", "attempt"], name="one_sign_off_per_attempt"),
        ]
        indexes = [models.Index(fields=["enrollment", "skill_key"], name="signoff_enrollment_key_idx")]

    def __str__(self):
        return f"Sign-off {self.skill_key} ({self.level})"


class SignOffRevocation(AppendOnlyModel):
    """Withdraws a sign-off; the sign-off itself stays in the record."""

    sponsor = models.ForeignKey(Sponsor, on_delete=models.PROTECT, related_name="+")
    sign_off = models.OneToOneField(SkillSignOff, on_delete=models.PROTECT, related_name="revocation")
    reason = models.TextField(_("reason"))
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    signature = models.OneToOneField(Signature, on_delete=models.PROTECT, related_name="revocation")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = scoped(AppendOnlyQuerySet)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("sign-off revocation")
        verbose_name_plural = _("sign-off revocations")

    def __str__(self):
        return f"Revocation of {self.sign_off_id}"


class SignOffRequest(models.Model):
    """An apprentice asking a mentor to observe and sign off a skill."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting")
        FULFILLED = "fulfilled", _("Signed off")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    sponsor = models.ForeignKey(Sponsor, on_delete=models.PROTECT, related_name="+")
    enrollment = models.ForeignKey(Enrollment, on_delete=models.PROTECT, related_name="sign_off_requests")
    skill = models.ForeignKey(Skill, on_delete=models.PROTECT, related_name="+")
    skill_key = models.CharField(max_length=32)
    mentor = models.ForeignKey(
        Membership, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        help_text=_("Empty: any of the apprentice's mentors."),
    )
    note = models.TextField(_("note"), blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    sign_off = models.ForeignKey(SkillSignOff, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    resolved_at = models.DateTimeField(null=True, blank=True)

    objects = scoped()

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("sign-off request")
        verbose_name_plural = _("sign-off requests")
        constraints = [
            models.UniqueConstraint(
                fields=["enrollment", "skill_key"], condition=Q(status="pending"),
                name="one_pending_request_per_skill",
            ),
        ]
        indexes = [models.Index(fields=["enrollment", "status"], name="signoffrequest_queue_idx")]

    def __str__(self):
        return f"Request {self.skill_key}"


# --- Advanced standing -------------------------------------------------------------


class AdvancedStanding(models.Model):
    """Credit for prior learning: hours per competency and/or skills, requested by the employer and
    decided by sponsor staff.  Approved credit counts in progress as credited, never as signed off."""

    class Basis(models.TextChoices):
        EXPERIENCE = "experience", _("Prior work experience")
        COURSE = "course", _("Prior course")
        CREDENTIAL = "credential", _("Credential")

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for the sponsor")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")

    sponsor = models.ForeignKey(Sponsor, on_delete=models.PROTECT, related_name="+")
    enrollment = models.ForeignKey(Enrollment, on_delete=models.PROTECT, related_name="advanced_standings")
    basis = models.CharField(_("basis"), max_length=12, choices=Basis.choices)
    description = models.TextField(_("description"))
    evidence = models.FileField(_("evidence"), upload_to=evidence_path, blank=True, max_length=200)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField(auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_note = models.TextField(_("note"), blank=True)
    signature = models.OneToOneField(
        Signature, on_delete=models.PROTECT, null=True, blank=True, related_name="advanced_standing"
    )

    objects = scoped()

    class Meta:
        ordering = ["-requested_at", "pk"]
        verbose_name = _("advanced standing")
        verbose_name_plural = _("advanced standing requests")
        indexes = [models.Index(fields=["enrollment", "status"], name="standing_enrollment_idx")]

    def __str__(self):
        return f"{self.get_basis_display()} ({self.get_status_display()})"


class CreditedHours(models.Model):
    sponsor = models.ForeignKey(Sponsor, on_delete=models.PROTECT, related_name="+")
    standing = models.ForeignKey(AdvancedStanding, on_delete=models.CASCADE, related_name="hours")
    competency = models.ForeignKey(Competency, on_delete=models.PROTECT, related_name="+")
    competency_key = models.CharField(max_length=32)
    hours = models.DecimalField(_("hours"), max_digits=6, decimal_places=2)

    objects = scoped()

    class Meta:
        verbose_name = _("credited hours")
        verbose_name_plural = _("credited hours")
        constraints = [
            models.CheckConstraint(condition=Q(hours__gt=0), name="credited_hours_positive"),
            models.UniqueConstraint(fields=["standing", "competency_key"], name="credited_hours_once_per_competency"),
        ]

    def __str__(self):
        return f"{self.hours} h credited"


class CreditedSkill(models.Model):
    sponsor = models.ForeignKey(Sponsor, on_delete=models.PROTECT, related_name="+")
    standing = models.ForeignKey(AdvancedStanding, on_delete=models.CASCADE, related_name="skills")
    skill = models.ForeignKey(Skill, on_delete=models.PROTECT, related_name="+")
    skill_key = models.CharField(max_length=32)

    objects = scoped()

    class Meta:
        verbose_name = _("credited skill")
        verbose_name_plural = _("credited skills")
        constraints = [
            models.UniqueConstraint(fields=["standing", "skill_key"], name="credited_skill_once_per_request"),
        ]

    def __str__(self):
        return f"Skill {self.skill_key} credited"
