"""Reads of Job Books: who sees which book and version, a version with its content, and diffs."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404

from imt import visibility
from imt.permissions import Role
from jobbook.models import Competency, JobBook, JobBookVersion, Skill

if TYPE_CHECKING:
    from programs.models import Membership, Program


@visibility.rule("job_book", JobBook)
def job_books_for(membership: Membership) -> QuerySet[JobBook]:
    """The Job Books a member may see: the sponsor's for sponsor staff and instructors, their employer's otherwise."""
    books = JobBook.objects.filter(sponsor=membership.sponsor_id).select_related("program", "employer")
    if membership.employer_id:
        books = books.filter(employer=membership.employer_id)
    return books


def _seen_versions(membership: Membership) -> Q:
    """The versions of the member's books they may see: every one for those who see drafts (`sees_drafts`),
    the published one for the rest."""
    visible = Q(job_book__in=job_books_for(membership))
    if membership.is_sponsor_staff:
        return visible
    published = Q(status=JobBookVersion.Status.PUBLISHED)
    if membership.can("jobbook.edit"):
        return visible & (published | Q(job_book__employer=membership.employer_id))
    return visible & published


@visibility.rule("version", JobBookVersion)
def versions_visible_to(membership: Membership) -> QuerySet[JobBookVersion]:
    return JobBookVersion.objects.filter(_seen_versions(membership)).select_related("job_book")


@visibility.rule("competency", Competency)
def competencies_visible_to(membership: Membership) -> QuerySet[Competency]:
    """The competencies of the versions the member may see."""
    versions = JobBookVersion.objects.filter(_seen_versions(membership))
    return Competency.objects.filter(version__in=versions).select_related("version")


@visibility.rule("skill", Skill)
def skills_visible_to(membership: Membership) -> QuerySet[Skill]:
    """The skills of the versions the member may see."""
    versions = JobBookVersion.objects.filter(_seen_versions(membership))
    return Skill.objects.filter(competency__version__in=versions).select_related("competency__version")


def can_edit(membership: Membership, job_book: JobBook) -> bool:
    if not membership.can("jobbook.edit"):
        return False
    return membership.role == Role.SPONSOR_ADMIN or membership.employer_id == job_book.employer_id


def sees_drafts(membership: Membership, job_book: JobBook) -> bool:
    """Editors and sponsor staff see drafts and retired versions; the shop floor sees the published book."""
    return can_edit(membership, job_book) or membership.is_sponsor_staff


def version_for(membership: Membership, job_book: JobBook, pk: int) -> JobBookVersion:
    """Version `pk` of `job_book` if the member may see it, else 404."""
    version = versions_visible_to(membership).filter(job_book=job_book, pk=pk).first()
    if version is None:
        raise Http404
    return version


def published_version(job_book: JobBook) -> JobBookVersion | None:
    return JobBookVersion.objects.filter(job_book=job_book, status=JobBookVersion.Status.PUBLISHED).first()


def draft_version(job_book: JobBook) -> JobBookVersion | None:
    return JobBookVersion.objects.filter(job_book=job_book, status=JobBookVersion.Status.DRAFT).first()


def competencies_of(version: JobBookVersion) -> list[Competency]:
    """The competencies of a version with their skills, in order: two queries whatever the size."""
    return list(
        Competency.objects.filter(version=version)
        .order_by("position", "pk")
        .prefetch_related(Prefetch("skills", queryset=Skill.objects.order_by("position", "pk")))
    )


def version_history(job_book: JobBook) -> QuerySet[JobBookVersion]:
    return JobBookVersion.objects.filter(job_book=job_book).select_related("published_by", "created_by")


@dataclass
class Totals:
    target: int
    minimum: int
    required: int
    skills: int

    @property
    def difference(self) -> int:
        return self.target - self.required

    @property
    def excess(self) -> int:
        return max(self.difference, 0)

    @property
    def shortfall(self) -> int:
        return max(-self.difference, 0)


def totals(competencies: list[Competency], program: Program) -> Totals:
    return Totals(
        target=sum(c.target_hours for c in competencies),
        minimum=sum(c.minimum_hours or 0 for c in competencies),
        required=program.ojt_hours_required,
        skills=sum(len(c.skills.all()) for c in competencies),
    )


# --- Diff ------------------------------------------------------------------


@dataclass
class Change:
    kind: str  # added, removed, renamed, hours
    what: str  # competency or skill
    name: str
    old: object = None
    new: object = None
    competency: str = ""


@dataclass
class Diff:
    old: JobBookVersion
    new: JobBookVersion
    changes: list[Change] = field(default_factory=list)

    def of(self, what: str, kind: str) -> list[Change]:
        return [c for c in self.changes if c.what == what and c.kind == kind]

    def __bool__(self) -> bool:
        return bool(self.changes)


def version_diff(old: JobBookVersion, new: JobBookVersion) -> Diff:
    """What changed from `old` to `new`, matched by key: competencies and skills added, removed and renamed;
    target and minimum hours changed."""
    diff = Diff(old=old, new=new)
    before = {c.key: c for c in competencies_of(old)}
    after = {c.key: c for c in competencies_of(new)}
    for key, competency in after.items():
        if key not in before:
            diff.changes.append(Change("added", "competency", competency.name, new=competency.target_hours))
    for key, competency in before.items():
        if key not in after:
            diff.changes.append(Change("removed", "competency", competency.name, old=competency.target_hours))
    for key in before.keys() & after.keys():
        was, now = before[key], after[key]
        if was.name != now.name:
            diff.changes.append(Change("renamed", "competency", now.name, old=was.name, new=now.name))
        if was.target_hours != now.target_hours:
            diff.changes.append(Change("hours", "competency", now.name, old=was.target_hours, new=now.target_hours))
        if (was.minimum_hours or 0) != (now.minimum_hours or 0):
            diff.changes.append(
                Change("minimum", "competency", now.name, old=was.minimum_hours, new=now.minimum_hours)
            )
    skills_before = {s.key: (s, c) for c in before.values() for s in c.skills.all()}
    skills_after = {s.key: (s, c) for c in after.values() for s in c.skills.all()}
    for key, (skill, competency) in skills_after.items():
        if key not in skills_before:
            diff.changes.append(Change("added", "skill", skill.name, competency=competency.name))
    for key, (skill, competency) in skills_before.items():
        if key not in skills_after:
            diff.changes.append(Change("removed", "skill", skill.name, competency=competency.name))
    for key in skills_before.keys() & skills_after.keys():
        (skill_was, _), (skill_now, competency) = skills_before[key], skills_after[key]
        if skill_was.name != skill_now.name:
            diff.changes.append(Change(
                "renamed", "skill", skill_now.name, old=skill_was.name, new=skill_now.name, competency=competency.name
            ))
    diff.changes.sort(key=lambda c: (c.what != "competency", c.kind, c.competency, c.name))
    return diff
