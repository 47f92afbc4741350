"""State-changing actions on Job Books.

Each function is one transaction and the only way to perform its action.  Only a
draft version changes; a published or retired version is frozen, and every edit
function refuses it.  Competency and skill keys are kept by every copy, so that
records tied to a key follow it into newer versions.
"""

from typing import Any, TypeVar

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from imt.permissions import require
from imt.text import DESCRIPTION_MAX_LENGTH, clean_text
from jobbook import standard
from jobbook.models import Competency, JobBook, JobBookVersion, Skill, new_key
from programs.models import Employer, Membership, Program

MAX_HOURS = 3000


# --- Content as plain data -------------------------------------------------
#
# A book's content is a list of competency dicts:
#   {"key", "name", "description", "target_hours", "minimum_hours", "skills": [{"key", "name", "description"}]}
# It is what copies, imports and exports pass around.
Content = list[dict[str, Any]]


def standard_content() -> Content:
    """The IMT standard Job Book as content."""
    return [
        {
            "key": competency["key"],
            "name": competency["name"],
            "description": competency["description"],
            "target_hours": competency["hours"],
            "minimum_hours": None,
            "skills": [{"key": key, "name": name, "description": ""} for key, name in competency["skills"]],
        }
        for competency in standard.COMPETENCIES
    ]


def version_content(version: JobBookVersion) -> Content:
    """The content of `version`, in order, keys included."""
    competencies = Competency.objects.filter(version=version).prefetch_related("skills").order_by("position", "pk")
    return [
        {
            "key": c.key,
            "name": c.name,
            "description": c.description,
            "target_hours": c.target_hours,
            "minimum_hours": c.minimum_hours,
            "skills": [{"key": s.key, "name": s.name, "description": s.description} for s in c.skills.all()],
        }
        for c in competencies
    ]


def _write_content(version: JobBookVersion, content: Content) -> None:
    competencies = Competency.objects.bulk_create([
        Competency(
            sponsor_id=version.sponsor_id, version=version, key=item.get("key") or new_key(), position=position,
            name=item["name"], description=item.get("description", ""),
            target_hours=item.get("target_hours") or 0, minimum_hours=item.get("minimum_hours"),
        )
        for position, item in enumerate(content, start=1)
    ])
    Skill.objects.bulk_create([
        Skill(
            sponsor_id=version.sponsor_id, competency=competency, key=skill.get("key") or new_key(),
            position=position, name=skill.get("name", ""), description=skill.get("description", ""),
        )
        for competency, item in zip(competencies, content, strict=True)
        for position, skill in enumerate(item.get("skills", []), start=1)
    ])


# --- Job Books and versions ------------------------------------------------


def job_book_create(
    *, program: Program, employer: Employer, by: Membership, source_version: JobBookVersion | None = None,
    name: str = "",
) -> JobBook:
    """Create an employer's Job Book for a program, its version 1 a draft copied from `source_version`
    (a version of another Job Book of the same sponsor) or, without one, from the IMT standard.

    Refuses a member without `jobbook.edit` or of another sponsor, an employer admin's book for another
    employer, an employer or source of another sponsor and a second book for the same employer and program.
    """
    require(by, "jobbook.edit")
    if by.sponsor_id != program.sponsor_id or (by.employer_id and by.employer_id != employer.pk):
        raise PermissionDenied(_("This record is not one of yours to change."))
    if employer.sponsor_id != program.sponsor_id:
        raise ValidationError({"employer": _("That employer does not belong to this sponsor.")})
    if source_version is not None and source_version.sponsor_id != program.sponsor_id:
        raise ValidationError({"source": _("Choose a Job Book of this sponsor.")})
    with transaction.atomic():
        if JobBook.objects.filter(program=program, employer=employer).exists():
            raise ValidationError(
                {"employer": _("%(employer)s already has a Job Book for %(program)s.")
                 % {"employer": employer, "program": program}}
            )
        book = JobBook.objects.create(
            sponsor_id=program.sponsor_id, program=program, employer=employer,
            name=name or f"{employer.name} — {program.name}",
        )
        version = JobBookVersion.objects.create(
            sponsor_id=program.sponsor_id, job_book=book, number=1, created_by=by.user, based_on=source_version,
            note=_("Copied from %(source)s") % {"source": source_version.job_book if source_version
                                                 else standard.STANDARD_NAME},
        )
        content = version_content(source_version) if source_version is not None else standard_content()
        _write_content(version, content)
    return book


def version_start_draft(*, job_book: JobBook, by: Membership) -> JobBookVersion:
    """The Job Book's draft, created as a copy of its newest version (keys kept) when there is none.

    Safe to call twice: a second call returns the same draft.  Refuses a member who may not edit the book.
    """
    require(by, "jobbook.edit", job_book)
    with transaction.atomic():
        JobBook.objects.select_for_update().filter(pk=job_book.pk).first()
        draft = JobBookVersion.objects.filter(job_book=job_book, status=JobBookVersion.Status.DRAFT).first()
        if draft is not None:
            return draft
        source = JobBookVersion.objects.filter(job_book=job_book).order_by("-number").first()
        draft = JobBookVersion.objects.create(
            sponsor_id=job_book.sponsor_id, job_book=job_book, number=(source.number + 1) if source else 1,
            based_on=source, created_by=by.user,
        )
        if source is not None:
            _write_content(draft, version_content(source))
    return draft


def publication_problems(version: JobBookVersion) -> list[str]:
    """Why `version` cannot be published: a list of sentences, empty when it can."""
    problems = []
    competencies = list(Competency.objects.filter(version=version).prefetch_related("skills"))
    if not competencies:
        problems.append(_("The Job Book has no competencies."))
    for number, competency in enumerate(competencies, start=1):
        label = competency.name.strip() or _("Competency %(n)s") % {"n": number}
        if not competency.name.strip():
            problems.append(_("Competency %(n)s has no name.") % {"n": number})
        skills = list(competency.skills.all())
        if not skills:
            problems.append(_("“%(competency)s” has no skills; add at least one.") % {"competency": label})
        for position, skill in enumerate(skills, start=1):
            if not skill.name.strip():
                problems.append(
                    _("Skill %(n)s of “%(competency)s” has no name.") % {"n": position, "competency": label}
                )
    return problems


def version_publish(*, version: JobBookVersion, by: Membership, note: str = "") -> JobBookVersion:
    """Publish a draft: it becomes frozen and the book's current version; the previously published one
    is retired.  Refuses a member who may not edit the book, a non-draft, and a book with an empty
    competency or an unnamed skill (saying which).
    """
    require(by, "jobbook.edit", version)
    with transaction.atomic():
        version = JobBookVersion.objects.select_for_update().get(pk=version.pk)
        _check_draft(version)
        problems = publication_problems(version)
        if problems:
            raise ValidationError(problems)
        now = timezone.now()
        JobBookVersion.objects.filter(job_book=version.job_book_id, status=JobBookVersion.Status.PUBLISHED).update(
            status=JobBookVersion.Status.RETIRED, retired_at=now
        )
        version.status = JobBookVersion.Status.PUBLISHED
        version.published_by = by.user
        version.published_at = now
        if note:
            version.note = note[:300]
        version.save(update_fields=["status", "published_by", "published_at", "note"])
    return version


def version_discard(*, version: JobBookVersion, by: Membership) -> None:
    """Delete a draft that was never published; the published version stays as it is."""
    require(by, "jobbook.edit", version)
    with transaction.atomic():
        version = JobBookVersion.objects.select_for_update().get(pk=version.pk)
        _check_draft(version)
        if version.number == 1:
            raise ValidationError(_("The first version of a Job Book cannot be discarded; publish it or edit it."))
        version.delete()


def version_replace_content(*, version: JobBookVersion, content: Content, by: Membership) -> JobBookVersion:
    """Replace everything in a draft with `content` (an import).  All or nothing."""
    require(by, "jobbook.edit", version)
    with transaction.atomic():
        version = _locked_draft(version)
        Competency.objects.filter(version=version).delete()
        _write_content(version, content)
    return version


# --- Editing a draft -------------------------------------------------------


def _check_draft(version: JobBookVersion) -> None:
    if version.status != JobBookVersion.Status.DRAFT:
        raise ValidationError(
            _("Version %(n)s is %(status)s and cannot be changed; start a new draft to edit the Job Book.")
            % {"n": version.number, "status": version.get_status_display().lower()}
        )


def _locked_draft(version: JobBookVersion) -> JobBookVersion:
    """Lock the version row so that concurrent edits of one draft run one after another."""
    version = JobBookVersion.objects.select_for_update().get(pk=version.pk)
    _check_draft(version)
    return version


def _clean_name(name: str | None, field: str = "name") -> str:
    name = (name or "").strip()
    if not name:
        raise ValidationError({field: _("Give it a name.")})
    if len(name) > 300:
        raise ValidationError({field: _("Keep the name under 300 characters.")})
    return name


def _clean_description(description: str | None) -> str:
    return clean_text(description, field="description", limit=DESCRIPTION_MAX_LENGTH)


def _clean_hours(target_hours: int | None, minimum_hours: int | None) -> None:
    errors = {}
    if target_hours is None or not 0 <= target_hours <= MAX_HOURS:
        errors["target_hours"] = _("Enter whole hours between 0 and %(max)s.") % {"max": MAX_HOURS}
    if minimum_hours is not None:
        if minimum_hours < 0:
            errors["minimum_hours"] = _("Minimum hours cannot be negative.")
        elif target_hours is not None and minimum_hours > target_hours:
            errors["minimum_hours"] = _("The minimum cannot be more than the target hours.")
    if errors:
        raise ValidationError(errors)


def _next_position(queryset: QuerySet[Competency] | QuerySet[Skill]) -> int:
    return (queryset.aggregate(top=Max("position"))["top"] or 0) + 1


def competency_add(
    *, version: JobBookVersion, by: Membership, name: str, description: str = "", target_hours: int = 0,
    minimum_hours: int | None = None,
) -> Competency:
    """Add a competency at the end of a draft."""
    require(by, "jobbook.edit", version)
    name = _clean_name(name)
    description = _clean_description(description)
    _clean_hours(target_hours, minimum_hours)
    with transaction.atomic():
        version = _locked_draft(version)
        return Competency.objects.create(
            sponsor_id=version.sponsor_id, version=version, name=name, description=description,
            target_hours=target_hours, minimum_hours=minimum_hours,
            position=_next_position(Competency.objects.filter(version=version)),
        )


def competency_update(
    *, competency: Competency, by: Membership, name: str, description: str = "", target_hours: int = 0,
    minimum_hours: int | None = None,
) -> Competency:
    """Rename, describe or change the hours of a competency of a draft; its key stays."""
    require(by, "jobbook.edit", competency)
    name = _clean_name(name)
    description = _clean_description(description)
    _clean_hours(target_hours, minimum_hours)
    with transaction.atomic():
        _locked_draft(competency.version)
        competency.name = name
        competency.description = description
        competency.target_hours = target_hours
        competency.minimum_hours = minimum_hours
        competency.save(update_fields=["name", "description", "target_hours", "minimum_hours"])
    return competency


def competency_remove(*, competency: Competency, by: Membership) -> None:
    """Remove a competency and its skills from a draft (earlier versions keep theirs)."""
    require(by, "jobbook.edit", competency)
    with transaction.atomic():
        _locked_draft(competency.version)
        competency.delete()


Ordered = TypeVar("Ordered", Competency, Skill)


def _move(item: Ordered, siblings: QuerySet[Ordered], offset: int) -> None:
    """Swap `item` with its neighbour `offset` places away (-1 up, +1 down) and renumber the siblings."""
    ordered = list(siblings.order_by("position", "pk"))
    index = next(i for i, sibling in enumerate(ordered) if sibling.pk == item.pk)
    target = index + offset
    if not 0 <= target < len(ordered):
        return
    ordered[index], ordered[target] = ordered[target], ordered[index]
    for position, sibling in enumerate(ordered, start=1):
        sibling.position = position
    type(item).objects.bulk_update(ordered, ["position"])


def competency_move(*, competency: Competency, by: Membership, offset: int) -> None:
    """Move a competency of a draft up (offset -1) or down (+1); at either end nothing changes."""
    require(by, "jobbook.edit", competency)
    with transaction.atomic():
        _locked_draft(competency.version)
        _move(competency, Competency.objects.filter(version=competency.version_id), offset)


def skill_add(*, competency: Competency, by: Membership, name: str, description: str = "") -> Skill:
    """Add a skill at the end of a competency of a draft."""
    require(by, "jobbook.edit", competency)
    name = _clean_name(name)
    description = _clean_description(description)
    with transaction.atomic():
        _locked_draft(competency.version)
        return Skill.objects.create(
            sponsor_id=competency.sponsor_id, competency=competency, name=name, description=description,
            position=_next_position(Skill.objects.filter(competency=competency)),
        )


def skill_update(*, skill: Skill, by: Membership, name: str, description: str = "") -> Skill:
    """Rename or describe a skill of a draft; its key stays."""
    require(by, "jobbook.edit", skill)
    name = _clean_name(name)
    description = _clean_description(description)
    with transaction.atomic():
        _locked_draft(skill.competency.version)
        skill.name = name
        skill.description = description
        skill.save(update_fields=["name", "description"])
    return skill


def skill_remove(*, skill: Skill, by: Membership) -> None:
    """Remove a skill from a draft (earlier versions keep theirs)."""
    require(by, "jobbook.edit", skill)
    with transaction.atomic():
        _locked_draft(skill.competency.version)
        skill.delete()


def skill_move(*, skill: Skill, by: Membership, offset: int) -> None:
    """Move a skill up (-1) or down (+1) within its competency."""
    require(by, "jobbook.edit", skill)
    with transaction.atomic():
        _locked_draft(skill.competency.version)
        _move(skill, Skill.objects.filter(competency=skill.competency_id), offset)


def version_import(*, job_book: JobBook, content: Content, by: Membership) -> JobBookVersion:
    """Replace the Job Book's draft (started from the newest version when there is none) with imported
    `content`.  All or nothing: on any error the book is as it was."""
    with transaction.atomic():
        draft = version_start_draft(job_book=job_book, by=by)
        return version_replace_content(version=draft, content=content, by=by)
