"""Completion review: the employer's recommendation, the packet PDFs built for it, the sponsor's
decision and the journeyworker certificate."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from apprentices.models import Enrollment, Signature
from programs.models import SponsorRecord


class Recommendation(SponsorRecord):
    """The employer's signed attestation that an apprentice mastered the Job Book, sent to the sponsor."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Awaiting sponsor review")
        RETURNED = "returned", _("Returned to the employer")
        APPROVED = "approved", _("Approved")

    ATTESTATION = (
        "The employer has determined the apprentice has mastered all skills and competencies in the Job Book."
    )

    enrollment = models.ForeignKey(Enrollment, on_delete=models.PROTECT, related_name="recommendations")
    recommended_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    signature = models.OneToOneField(Signature, on_delete=models.PROTECT, related_name="+")
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("completion recommendation")
        verbose_name_plural = _("completion recommendations")
        constraints = [
            models.UniqueConstraint(
                fields=["enrollment"], condition=Q(status="pending"), name="one_pending_recommendation_per_enrollment"
            ),
        ]
        indexes = [models.Index(fields=["sponsor", "status", "created_at"], name="recommendation_queue_idx")]

    def __str__(self):
        return f"{self.enrollment.full_name} ({self.get_status_display()})"


class ReviewDecision(SponsorRecord):
    """The sponsor's signed decision on a recommendation: approve, or return with comments."""

    class Decision(models.TextChoices):
        APPROVE = "approve", _("Approved for completion")
        RETURN = "return", _("Returned to the employer")

    recommendation = models.OneToOneField(Recommendation, on_delete=models.PROTECT, related_name="decision")
    decision = models.CharField(_("decision"), max_length=8, choices=Decision.choices)
    comment = models.TextField(_("comments"), blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    signature = models.OneToOneField(Signature, on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField(auto_now_add=True)
    notified_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("review decision")
        verbose_name_plural = _("review decisions")

    def __str__(self):
        return self.get_decision_display()


class CompletionPacket(SponsorRecord):
    """One generated version of the completion packet PDF.  Every version is kept."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        BUILDING = "building", _("Building")
        READY = "ready", _("Ready")
        FAILED = "failed", _("Failed")

    STEPS = [
        _("Collecting the records"),
        _("Checking eligibility"),
        _("Laying out the competencies and sign-offs"),
        _("Drawing the hours chart"),
        _("Rendering the PDF"),
        _("Saving"),
    ]

    recommendation = models.ForeignKey(Recommendation, on_delete=models.PROTECT, related_name="packets")
    version = models.PositiveIntegerField(_("version"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.QUEUED)
    step = models.PositiveSmallIntegerField(default=0)
    attempts = models.PositiveSmallIntegerField(default=0)
    error = models.TextField(_("error"), blank=True)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField()
    started_at = models.DateTimeField(null=True, blank=True)
    generated_at = models.DateTimeField(null=True, blank=True)
    content_hash = models.CharField(_("records hash (SHA-256)"), max_length=64, blank=True)
    page_count = models.PositiveIntegerField(null=True, blank=True)
    file = models.FileField(upload_to="private/packets/", blank=True)
    # Set when the broker did not take the build (Redis down); the periodic job hands it over later.
    handover_failed_at = models.DateTimeField(null=True, blank=True)
    # The build under way: its attempt's token and when it stops counting as alive unless the build
    # reports a step.  A worker that died leaves a lease that runs out; see services.packet_build.
    lease_token = models.CharField(max_length=32, blank=True)
    lease_expires_at = models.DateTimeField(null=True, blank=True)
    restarted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["recommendation", "-version"]
        verbose_name = _("completion packet")
        verbose_name_plural = _("completion packets")
        constraints = [
            models.UniqueConstraint(fields=["recommendation", "version"], name="packet_version_unique"),
        ]
        indexes = [models.Index(fields=["status", "requested_at"], name="packet_stuck_idx")]

    def __str__(self):
        return f"Packet v{self.version} for {self.recommendation_id}"

    @property
    def progress_percent(self):
        if self.status == self.Status.READY:
            return 100
        return int(100 * self.step / len(self.STEPS))

    @property
    def step_label(self):
        return self.STEPS[min(self.step, len(self.STEPS) - 1)]


class Certificate(SponsorRecord):
    """The journeyworker completion certificate, issued once per enrollment."""

    enrollment = models.OneToOneField(Enrollment, on_delete=models.PROTECT, related_name="certificate")
    number = models.CharField(_("certificate number"), max_length=40, unique=True)
    completed_on = models.DateField(_("completed on"))
    issued_at = models.DateTimeField(null=True, blank=True)
    file = models.FileField(upload_to="private/certificates/", blank=True)

    class Meta:
        ordering = ["-completed_on", "pk"]
        verbose_name = _("completion certificate")
        verbose_name_plural = _("completion certificates")

    def __str__(self):
        return self.number
