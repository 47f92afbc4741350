import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from programs.models import Employer, Program, SponsorRecord


def new_key():
    return uuid.uuid4().hex[:12]


class JobBook(SponsorRecord):
    """An employer's Job Book for one program: the list of competencies and skills its apprentices
    work through.  Its content lives in versions; exactly one version at a time may be a draft."""

    program = models.ForeignKey(Program, on_delete=models.PROTECT, related_name="job_books")
    employer = models.ForeignKey(Employer, on_delete=models.PROTECT, related_name="job_books")
    name = models.CharField(_("name"), max_length=200)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["employer__name", "name"]
        verbose_name = _("Job Book")
        verbose_name_plural = _("Job Books")
        constraints = [
            models.UniqueConstraint(fields=["program", "employer"], name="one_job_book_per_employer_and_program"),
        ]

    def __str__(self):
        return self.name


class JobBookVersion(SponsorRecord):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")
        RETIRED = "retired", _("Retired")

    job_book = models.ForeignKey(JobBook, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    based_on = models.ForeignKey("self", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    note = models.CharField(_("what changed"), max_length=300, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    published_at = models.DateTimeField(null=True, blank=True)
    retired_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["job_book", "-number"]
        verbose_name = _("Job Book version")
        verbose_name_plural = _("Job Book versions")
        constraints = [
            models.UniqueConstraint(fields=["job_book", "number"], name="job_book_version_number_unique"),
            models.UniqueConstraint(
                fields=["job_book"], condition=Q(status="draft"), name="one_draft_per_job_book"
            ),
            models.UniqueConstraint(
                fields=["job_book"], condition=Q(status="published"), name="one_published_version_per_job_book"
            ),
        ]

    def __str__(self):
        return f"{self.job_book} v{self.number}"

    @property
    def is_editable(self):
        return self.status == self.Status.DRAFT


class Competency(SponsorRecord):
    """A work process of the Job Book with its target hours.  `key` stays the same across versions, so
    an apprentice's hours and sign-offs can follow the competency into a newer version."""

    version = models.ForeignKey(JobBookVersion, on_delete=models.CASCADE, related_name="competencies")
    key = models.CharField(max_length=32, default=new_key)
    position = models.PositiveIntegerField(default=0)
    name = models.CharField(_("name"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    target_hours = models.PositiveIntegerField(_("target hours"), default=0)
    minimum_hours = models.PositiveIntegerField(
        _("minimum hours"), null=True, blank=True, help_text=_("Hybrid programs: hours required before completion.")
    )

    class Meta:
        ordering = ["version", "position", "pk"]
        verbose_name = _("competency")
        verbose_name_plural = _("competencies")
        constraints = [models.UniqueConstraint(fields=["version", "key"], name="competency_key_unique_in_version")]

    def __str__(self):
        return self.name


class Skill(SponsorRecord):
    """A detailed skill under a competency, signed off by a mentor.  `key` is stable across versions."""

    competency = models.ForeignKey(Competency, on_delete=models.CASCADE, related_name="skills")
    key = models.CharField(max_length=32, default=new_key)
    position = models.PositiveIntegerField(default=0)
    name = models.CharField(_("name"), max_length=300, blank=True)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        ordering = ["competency", "position", "pk"]
        verbose_name = _("skill")
        verbose_name_plural = _("skills")
        constraints = [models.UniqueConstraint(fields=["competency", "key"], name="skill_key_unique_in_competency")]

    def __str__(self):
        return self.name
