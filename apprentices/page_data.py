"""Small reads the apprentices' pages need beyond `apprentices.selectors`: each is one query."""

from django.db.models import Sum

from apprentices.models import OJTEntry, SignOffRequest
from jobbook.models import Competency


def competencies_of(enrollment):
    return list(Competency.objects.filter(version=enrollment.job_book_version_id).order_by("position", "pk"))


def week_hours(enrollment, days):
    """{(competency key, day): hours} of the pending and approved entries on `days`."""
    rows = (
        OJTEntry.objects.filter(
            enrollment=enrollment, date__in=days, status__in=[OJTEntry.Status.PENDING, OJTEntry.Status.APPROVED]
        )
        .values("competency__key", "date").annotate(total=Sum("hours")).order_by()
    )
    return {(row["competency__key"], row["date"]): row["total"] for row in rows}


def corrected_entry_ids(entry_ids):
    """Of `entry_ids`, those with a correction waiting or approved (they cannot be corrected again)."""
    return set(
        OJTEntry.objects.filter(
            corrects__in=entry_ids, status__in=[OJTEntry.Status.PENDING, OJTEntry.Status.APPROVED]
        ).values_list("corrects_id", flat=True)
    )


def requested_skill_keys(enrollment):
    """Keys of the skills the apprentice has asked to be signed off and that are still waiting."""
    return set(
        SignOffRequest.objects.filter(enrollment=enrollment, status=SignOffRequest.Status.PENDING)
        .values_list("skill_key", flat=True)
    )


def last_competency_id(enrollment):
    """The competency of the apprentice's latest entry on their current Job Book version, or None."""
    return (
        OJTEntry.objects.filter(enrollment=enrollment, competency__version=enrollment.job_book_version_id)
        .order_by("-created_at", "-pk").values_list("competency_id", flat=True).first()
    )
