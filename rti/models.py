"""Related technical instruction: the course catalog, providers, sections, results and prior-course credit.

Results and credit belong to the apprentice's Membership (role apprentice) rather than to an
enrollment, so that this app does not depend on `apprentices`.  Changes go through `rti.services`.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from imt.evidence import evidence_path
from programs.models import Membership, Program, SponsorRecord


class Course(SponsorRecord):
    """A course of the sponsor's RTI catalog."""

    name = models.CharField(_("name"), max_length=200)
    hours = models.DecimalField(_("hours"), max_digits=6, decimal_places=1)
    description = models.TextField(_("description"), blank=True)
    retired_at = models.DateTimeField(_("retired"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("RTI course")
        verbose_name_plural = _("RTI courses")
        constraints = [
            models.UniqueConstraint(fields=["sponsor", "name"], name="course_name_unique_per_sponsor"),
            models.CheckConstraint(condition=Q(hours__gt=0), name="course_hours_positive"),
        ]

    def __str__(self):
        return self.name

    @property
    def is_retired(self):
        return self.retired_at is not None


class Provider(SponsorRecord):
    """Where RTI is given: a training center or a college."""

    class Kind(models.TextChoices):
        TRAINING_CENTER = "training_center", _("Training center")
        COLLEGE = "college", _("College")
        EMPLOYER = "employer", _("Employer (in-house)")

    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.TRAINING_CENTER)
    city = models.CharField(_("city"), max_length=100, blank=True)
    state = models.CharField(_("state"), max_length=2, blank=True)
    contact_name = models.CharField(_("contact name"), max_length=150, blank=True)
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=30, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("RTI provider")
        verbose_name_plural = _("RTI providers")
        constraints = [models.UniqueConstraint(fields=["sponsor", "name"], name="provider_name_unique_per_sponsor")]

    def __str__(self):
        return self.name


class Section(SponsorRecord):
    """One offering of a course: who teaches it, where, when, for how many."""

    class Mode(models.TextChoices):
        IN_PERSON = "in_person", _("In person")
        ONLINE = "online", _("Online")
        HYBRID = "hybrid", _("Hybrid")

    course = models.ForeignKey(Course, on_delete=models.PROTECT, related_name="sections", verbose_name=_("course"))
    provider = models.ForeignKey(
        Provider, on_delete=models.PROTECT, related_name="sections", verbose_name=_("provider")
    )
    mode = models.CharField(_("delivery"), max_length=10, choices=Mode.choices, default=Mode.IN_PERSON)
    starts_on = models.DateField(_("starts"))
    ends_on = models.DateField(_("ends"))
    schedule = models.CharField(_("schedule"), max_length=200, blank=True, help_text=_("E.g. Tue & Thu 6–9 pm"))
    instructor = models.ForeignKey(
        Membership, on_delete=models.PROTECT, related_name="rti_sections_taught", verbose_name=_("instructor"),
        limit_choices_to={"role": "instructor"},
    )
    capacity = models.PositiveSmallIntegerField(_("capacity"), default=16)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-starts_on", "course__name"]
        verbose_name = _("RTI section")
        verbose_name_plural = _("RTI sections")
        constraints = [
            models.CheckConstraint(condition=Q(ends_on__gte=F("starts_on")), name="section_ends_after_start"),
            models.CheckConstraint(condition=Q(capacity__gte=1), name="section_capacity_positive"),
        ]

    def __str__(self):
        return f"{self.course} · {self.starts_on:%b %Y}"


class Grade(models.TextChoices):
    A = "A", "A"
    B = "B", "B"
    C = "C", "C"
    D = "D", "D"
    F = "F", "F"
    PASS = "pass", _("Pass")
    FAIL = "fail", _("Fail")
    INCOMPLETE = "incomplete", _("Incomplete")


# C or better, or Pass: what an apprenticeship counts as having completed a course.
PASSING_GRADES = frozenset({Grade.A, Grade.B, Grade.C, Grade.PASS})


class SectionEnrollment(SponsorRecord):
    """An apprentice on a section's roster, with their result (empty until the instructor records it)."""

    section = models.ForeignKey(Section, on_delete=models.PROTECT, related_name="enrollments")
    apprentice = models.ForeignKey(Membership, on_delete=models.PROTECT, related_name="rti_enrollments")
    enrolled_at = models.DateTimeField(auto_now_add=True)
    enrolled_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    # The result.
    attended_hours = models.DecimalField(_("hours attended"), max_digits=6, decimal_places=1, null=True, blank=True)
    grade = models.CharField(_("grade"), max_length=10, choices=Grade.choices, blank=True)
    completed_on = models.DateField(_("completed on"), null=True, blank=True)
    hours_reason = models.CharField(
        _("reason for hours above the course"), max_length=300, blank=True,
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    recorded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["apprentice__user__full_name"]
        verbose_name = _("section enrollment")
        verbose_name_plural = _("section enrollments")
        constraints = [
            models.UniqueConstraint(fields=["section", "apprentice"], name="one_seat_per_apprentice_and_section"),
            models.CheckConstraint(
                condition=Q(attended_hours__isnull=True) | Q(attended_hours__gte=0), name="attended_hours_not_negative"
            ),
        ]

    def __str__(self):
        return f"{self.apprentice.user} in {self.section}"

    @property
    def is_completed(self):
        return self.completed_on is not None

    @property
    def is_passing(self):
        return self.grade in PASSING_GRADES


class ResultChange(SponsorRecord):
    """The history of results, append-only: every recorded result with the values it replaced.  The seat
    (SectionEnrollment) keeps a copy of the newest for reading; the database lets that copy change only
    to the values of a new ResultChange (rti/protected.py)."""

    enrollment = models.ForeignKey(SectionEnrollment, on_delete=models.PROTECT, related_name="changes")
    changed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    changed_at = models.DateTimeField(default=timezone.now)
    reason = models.CharField(_("reason"), max_length=300, blank=True)
    before = models.JSONField(default=dict)
    after = models.JSONField(default=dict)
    # The result recorded, as the seat must then hold it (empty on rows written before these columns).
    attended_hours = models.DecimalField(max_digits=6, decimal_places=1, null=True, blank=True)
    grade = models.CharField(max_length=10, choices=Grade.choices, blank=True)
    completed_on = models.DateField(null=True, blank=True)
    hours_reason = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["-changed_at", "-pk"]
        verbose_name = _("result change")
        verbose_name_plural = _("result changes")

    def __str__(self):
        return f"{self.enrollment} changed {self.changed_at:%Y-%m-%d}"


class PriorCourseCredit(SponsorRecord):
    """Credit for a course taken before the apprenticeship: requested with evidence, decided by sponsor staff."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for a decision")
        APPROVED = "approved", _("Credited")
        REJECTED = "rejected", _("Not credited")

    apprentice = models.ForeignKey(
        Membership, on_delete=models.PROTECT, related_name="rti_credits", verbose_name=_("apprentice")
    )
    course = models.ForeignKey(
        Course, on_delete=models.PROTECT, related_name="credits", verbose_name=_("course to credit")
    )
    institution = models.CharField(_("where it was taken"), max_length=200)
    taken_title = models.CharField(_("title of the course taken"), max_length=200)
    completed_on = models.DateField(_("completed on"))
    hours = models.DecimalField(_("hours requested"), max_digits=6, decimal_places=1)
    basis = models.TextField(_("basis"), blank=True, help_text=_("Why this course covers the catalog course."))
    evidence = models.FileField(_("evidence"), upload_to=evidence_path, max_length=200)
    evidence_name = models.CharField(max_length=200)
    evidence_content_type = models.CharField(max_length=40)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField(auto_now_add=True)
    credited_hours = models.DecimalField(
        _("hours credited"), max_digits=6, decimal_places=1, null=True, blank=True
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        ordering = ["-requested_at"]
        verbose_name = _("prior-course credit")
        verbose_name_plural = _("prior-course credits")
        constraints = [
            models.UniqueConstraint(
                fields=["apprentice", "course"], condition=~Q(status="rejected"),
                name="one_open_or_granted_credit_per_course",
            ),
            models.CheckConstraint(condition=Q(hours__gt=0), name="credit_hours_positive"),
        ]

    def __str__(self):
        return f"{self.course} for {self.apprentice.user}"

    @property
    def is_approved(self):
        return self.status == self.Status.APPROVED


class ProgramCourseRequirement(SponsorRecord):
    """A course the program requires (IMT: Industrial Math, Communication Skills, Transition to Trainer)."""

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="+")
    course = models.ForeignKey(Course, on_delete=models.PROTECT, related_name="requirements")

    class Meta:
        ordering = ["course__name"]
        verbose_name = _("required course")
        verbose_name_plural = _("required courses")
        constraints = [models.UniqueConstraint(fields=["program", "course"], name="course_required_once")]

    def __str__(self):
        return f"{self.program}: {self.course}"

