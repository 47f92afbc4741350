"""A program's registered standards (29 CFR 29.5): the editable draft (`Program`, with its wage schedule)
and the versions published from it (`StandardsVersion`), under which apprentices are registered."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_scopes import ScopedManager

from programs.models.tenancy import Sponsor, SponsorRecord


class RatioPolicy(models.TextChoices):
    REFUSE = "refuse", _("Refuse the enrollment or assignment")
    OVERRIDE = "override", _("Allow it with a signed override and a reason")


class Program(models.Model):
    """A sponsor's registered standards for an occupation (29 CFR 29.5)."""

    class Approach(models.TextChoices):
        TIME_BASED = "time", _("Time-based")
        COMPETENCY_BASED = "competency", _("Competency-based")
        HYBRID = "hybrid", _("Hybrid")

    MAX_OJT_HOURS = 3000

    sponsor = models.ForeignKey(Sponsor, on_delete=models.PROTECT, related_name="programs")
    name = models.CharField(_("name"), max_length=200)
    occupation = models.CharField(_("occupation"), max_length=200, default="Industrial Manufacturing Technician")
    onet_code = models.CharField(_("O*NET-SOC code"), max_length=20, default="17-3029.09")
    rapids_code = models.CharField(_("RAPIDS occupation code"), max_length=20, blank=True)
    approach = models.CharField(_("approach"), max_length=12, choices=Approach.choices, default=Approach.HYBRID)
    term_months = models.PositiveSmallIntegerField(_("term (months)"), default=18)
    ojt_hours_required = models.PositiveIntegerField(_("OJT hours required"), default=2736)
    rti_hours_required = models.PositiveIntegerField(_("RTI hours required"), default=264)
    probation_months = models.PositiveSmallIntegerField(_("probation (months)"), default=4)
    ratio_apprentices = models.PositiveSmallIntegerField(_("apprentices"), default=1)
    ratio_journeyworkers = models.PositiveSmallIntegerField(_("per journeyworkers"), default=1)
    journeyworker_wage = models.DecimalField(
        _("journeyworker hourly wage (USD)"), max_digits=7, decimal_places=2, null=True, blank=True
    )
    ratio_policy = models.CharField(
        _("when the ratio would be exceeded"), max_length=10, choices=RatioPolicy.choices,
        default=RatioPolicy.REFUSE,
    )
    registration_number = models.CharField(_("registration number of the standards"), max_length=40, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedManager(sponsor="sponsor")

    class Meta:
        ordering = ["name"]
        verbose_name = _("program")
        verbose_name_plural = _("programs")
        constraints = [models.UniqueConstraint(fields=["sponsor", "name"], name="program_name_unique_per_sponsor")]

    def __str__(self):
        return self.name

    MAX_PROBATION_MONTHS = 12

    def clean(self):
        """The limits of 29 CFR 29.5 and the IMT standard, each reported on its field."""
        errors = {}
        if self.ojt_hours_required is not None and not 1 <= self.ojt_hours_required <= self.MAX_OJT_HOURS:
            errors["ojt_hours_required"] = _("Enter between 1 and %(max)s OJT hours.") % {"max": self.MAX_OJT_HOURS}
        if self.term_months is not None and not 1 <= self.term_months <= 60:
            errors["term_months"] = _("Enter a term between 1 and 60 months.")
        elif self.probation_months is not None and self.term_months:  # within bounds: safe to divide
            limit = min(self.term_months / 4, self.MAX_PROBATION_MONTHS)
            if self.probation_months > limit:
                errors["probation_months"] = _(
                    "Probation may be at most 25%% of the term and at most one year: %(limit)s months or less "
                    "for a %(term)s-month term."
                ) % {"limit": int(limit), "term": self.term_months}
        for field in ("ratio_apprentices", "ratio_journeyworkers"):
            if getattr(self, field) is not None and getattr(self, field) < 1:
                errors[field] = _("Enter a number of at least 1.")
        if self.journeyworker_wage is not None and self.journeyworker_wage <= 0:
            errors["journeyworker_wage"] = _("Enter a wage above zero, or leave it empty.")
        if errors:
            raise ValidationError(errors)


class WageStep(SponsorRecord):
    """One step of a program's progressively increasing wage schedule."""

    class Basis(models.TextChoices):
        HOURS = "hours", _("after approved OJT hours")
        MONTHS = "months", _("after months in the program")
        COMPETENCIES = "competencies", _("after competencies mastered")

    class Kind(models.TextChoices):
        PERCENT = "percent", _("% of the journeyworker wage")
        HOURLY = "hourly", _("USD per hour")

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="wage_steps")
    basis = models.CharField(_("when"), max_length=12, choices=Basis.choices, default=Basis.HOURS)
    threshold = models.PositiveIntegerField(_("after"))
    kind = models.CharField(_("wage as"), max_length=8, choices=Kind.choices, default=Kind.PERCENT)
    amount = models.DecimalField(_("wage"), max_digits=7, decimal_places=2)

    class Meta:
        ordering = ["program", "threshold"]
        verbose_name = _("wage step")
        verbose_name_plural = _("wage steps")

    def __str__(self):
        unit = "%" if self.kind == self.Kind.PERCENT else " USD/h"
        return f"after {self.threshold} {self.basis}: {self.amount}{unit}"


# The columns of a program that a published version keeps, in the order the version shows them.
STANDARDS_FIELDS = (
    "occupation", "onet_code", "rapids_code", "approach", "term_months", "ojt_hours_required",
    "rti_hours_required", "probation_months", "ratio_apprentices", "ratio_journeyworkers", "ratio_policy",
    "journeyworker_wage", "registration_number",
)


class StandardsVersion(SponsorRecord):
    """One published version of a program's registered standards.  Frozen from the moment it is
    written (programs/protected.py): an enrollment is registered under one and is held to it; a later
    version applies to an enrollment only through an explicit, recorded move.

    Its fields repeat the program's at the time of publishing; `wage_schedule` is the list of the
    program's wage steps then (`basis`, `threshold`, `kind`, `amount` as text), and `registration_agency`
    the sponsor's agency then."""

    program = models.ForeignKey(Program, on_delete=models.PROTECT, related_name="standards_versions")
    number = models.PositiveIntegerField(_("version"))
    occupation = models.CharField(_("occupation"), max_length=200)
    onet_code = models.CharField(_("O*NET-SOC code"), max_length=20)
    rapids_code = models.CharField(_("RAPIDS occupation code"), max_length=20, blank=True)
    approach = models.CharField(_("approach"), max_length=12, choices=Program.Approach.choices)
    term_months = models.PositiveSmallIntegerField(_("term (months)"))
    ojt_hours_required = models.PositiveIntegerField(_("OJT hours required"))
    rti_hours_required = models.PositiveIntegerField(_("RTI hours required"))
    probation_months = models.PositiveSmallIntegerField(_("probation (months)"))
    ratio_apprentices = models.PositiveSmallIntegerField(_("apprentices"))
    ratio_journeyworkers = models.PositiveSmallIntegerField(_("per journeyworkers"))
    ratio_policy = models.CharField(_("when the ratio would be exceeded"), max_length=10, choices=RatioPolicy.choices)
    journeyworker_wage = models.DecimalField(
        _("journeyworker hourly wage (USD)"), max_digits=7, decimal_places=2, null=True, blank=True
    )
    wage_schedule = models.JSONField(_("wage schedule"), default=list)
    registration_agency = models.CharField(_("registration agency"), max_length=200, blank=True)
    registration_number = models.CharField(_("registration number of the standards"), max_length=40, blank=True)
    note = models.TextField(_("what changed"), blank=True)
    published_at = models.DateTimeField(_("published"))
    published_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")

    class Meta:
        ordering = ["program", "-number"]
        verbose_name = _("standards version")
        verbose_name_plural = _("standards versions")
        constraints = [
            models.UniqueConstraint(fields=["program", "number"], name="standards_version_number_unique"),
        ]

    def __str__(self):
        return _("%(program)s, standards version %(number)s") % {"program": self.program, "number": self.number}


class StandardsMove(SponsorRecord):
    """One enrollment moved from the standards version it was registered under to a later one: an explicit,
    signed act of the sponsor admin, kept for good (programs/protected.py refuses any change or deletion).

    The enrollment and the signature live in the apprentices app, named here by string so that this app
    does not import it; the move itself is made by completion.standards_moves, which can read eligibility."""

    enrollment = models.ForeignKey("apprentices.Enrollment", on_delete=models.PROTECT, related_name="standards_moves")
    from_version = models.ForeignKey(StandardsVersion, on_delete=models.PROTECT, related_name="+")
    to_version = models.ForeignKey(StandardsVersion, on_delete=models.PROTECT, related_name="moves_in")
    reason = models.TextField(_("reason"))
    signature = models.ForeignKey("apprentices.Signature", on_delete=models.PROTECT, related_name="+")
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["enrollment", "created_at", "pk"]
        verbose_name = _("standards move")
        verbose_name_plural = _("standards moves")

    def __str__(self):
        return f"{self.enrollment_id}: v{self.from_version_id} → v{self.to_version_id}"
