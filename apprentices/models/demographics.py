"""Demographics: voluntary registration and equal-opportunity answers, visible to sponsor staff and
the apprentice only."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from apprentices.models.enrollments import Enrollment
from programs.models import SponsorRecord

PREFER_NOT = "prefer_not", _("Prefer not to say")


class Demographics(SponsorRecord):
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
    # The apprentice's contact for the registration agency (RAPIDS asks for a mailing address and phone).
    address_line = models.CharField(_("street address"), max_length=200, blank=True)
    city = models.CharField(_("city"), max_length=100, blank=True)
    state = models.CharField(_("state"), max_length=2, blank=True, help_text=_("Two-letter code, e.g. PA."))
    postal_code = models.CharField(_("ZIP code"), max_length=10, blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("demographics")
        verbose_name_plural = _("demographics")

    def __str__(self):
        return f"Demographics of {self.enrollment_id}"
