"""The records of ratio compliance and probation outcomes.

`Journeyworker`: a person counted for the apprentice-to-journeyworker ratio at an employer.  An
employer's active mentors count without a row here; a row with `counts` off records that a mentor does
not (not yet a journeyworker, say), and rows without a membership are journeyworkers who do not sign in.
`RatioOverride` and `ProbationOutcome` are signed decisions, inserted once (compliance/protected.py).
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from apprentices.models import Enrollment, Signature, StatusChange
from apprentices.models.append_only import AppendOnlyModel
from programs.models import Employer, Membership, SponsorRecord, StandardsVersion


class Journeyworker(SponsorRecord):
    employer = models.ForeignKey(Employer, on_delete=models.PROTECT, related_name="journeyworkers")
    name = models.CharField(_("name"), max_length=150)
    worksite = models.CharField(_("worksite"), max_length=150, blank=True,
                                help_text=_("Leave empty for the employer's main site."))
    membership = models.ForeignKey(Membership, on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="journeyworker_records", verbose_name=_("mentor who signs in"))
    counts = models.BooleanField(_("counts for the ratio"), default=True)
    start_date = models.DateField(_("from"))
    end_date = models.DateField(_("until"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["employer", "name", "pk"]
        verbose_name = _("journeyworker")
        verbose_name_plural = _("journeyworkers")

    def __str__(self):
        return self.name


class RatioOverride(AppendOnlyModel):
    """A signed decision to go past the ratio of the standards, with its reason and the counts then."""

    class Action(models.TextChoices):
        ENROLLMENT = "enrollment", _("Enrollment")
        MENTOR = "mentor", _("Mentor assignment")
        ROSTER = "roster", _("Journeyworker roster change")

    class Scope(models.TextChoices):
        EMPLOYER = "employer", _("Employer")
        MENTOR = "mentor", _("Mentor")

    action = models.CharField(_("when"), max_length=12, choices=Action.choices)
    scope = models.CharField(_("ratio of"), max_length=10, choices=Scope.choices)
    employer = models.ForeignKey(Employer, on_delete=models.PROTECT, related_name="+")
    mentor = models.ForeignKey(Membership, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    enrollment = models.ForeignKey(Enrollment, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    standards_version = models.ForeignKey(StandardsVersion, on_delete=models.PROTECT, related_name="+")
    apprentices = models.PositiveIntegerField(_("apprentices"))
    journeyworkers = models.PositiveIntegerField(_("journeyworkers"))
    reason = models.TextField(_("reason"))
    signature = models.ForeignKey(Signature, on_delete=models.PROTECT, related_name="+")
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("ratio override")
        verbose_name_plural = _("ratio overrides")


class ProbationOutcome(AppendOnlyModel):
    """How an apprentice's probation ended (or was extended), recorded and signed by the employer."""

    class Outcome(models.TextChoices):
        PASSED = "passed", _("Passed")
        EXTENDED = "extended", _("Extended")
        CANCELLED = "cancelled", _("Cancelled during probation")

    enrollment = models.ForeignKey(Enrollment, on_delete=models.PROTECT, related_name="probation_outcomes")
    outcome = models.CharField(_("outcome"), max_length=10, choices=Outcome.choices)
    effective_date = models.DateField(_("effective date"))
    previous_end = models.DateField(_("probation end before"))
    new_end = models.DateField(_("new end of probation"), null=True, blank=True)
    reason = models.TextField(_("reason"))
    status_change = models.ForeignKey(StatusChange, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    signature = models.OneToOneField(Signature, on_delete=models.PROTECT, related_name="+")
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["enrollment", "created_at", "pk"]
        verbose_name = _("probation outcome")
        verbose_name_plural = _("probation outcomes")
