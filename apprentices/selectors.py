"""Reads of apprentices' records: visibility, progress, hours by month, the mentor's queue, the roster.

Every function runs a fixed number of queries whatever the number of apprentices or entries: totals
are aggregated in SQL and related rows prefetched.  Hours and sign-offs are matched to the current
Job Book version by the stable keys of competencies and skills, so records made on an older
version count after a move.  Only approved hours count (an approved correction replaces the entry it
corrects); pending hours are shown beside them, credited hours (advanced standing) separately.
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.paginator import Paginator
from django.db.models import (
    Count,
    DecimalField,
    Exists,
    ExpressionWrapper,
    F,
    FloatField,
    Max,
    OuterRef,
    Prefetch,
    Q,
    Subquery,
    Sum,
    Value,
    Window,
)
from django.db.models.functions import Cast, Coalesce, TruncMonth
from django.utils import timezone

from apprentices.models import (
    AdvancedStanding,
    CreditedHours,
    CreditedSkill,
    Enrollment,
    MentorAssignment,
    OJTEntry,
    SignOffRequest,
    SignOffRevocation,
    SkillSignOff,
    StatusChange,
)
from imt import visibility
from imt.permissions import Role
from jobbook.models import Competency

ZERO = Decimal(0)
STALE_AFTER_DAYS = 14
HOURS = DecimalField(max_digits=10, decimal_places=2)


def _replaced():
    return OJTEntry._base_manager.filter(corrects=OuterRef("pk"), status=OJTEntry.Status.APPROVED)


def _live_entries():
    """Pending and approved entries that have not been replaced by an approved correction."""
    return OJTEntry.objects.filter(status__in=[OJTEntry.Status.PENDING, OJTEntry.Status.APPROVED]).exclude(
        Exists(_replaced())
    )


# --- Who sees which record ------------------------------------------------------------------
# One rule per kind of record a URL names (imt/visibility.py): the widest "may see" of each member.
# What a role may *do* with a record it sees (edit only a pending entry, answer only a pending
# request) stays a business check in the page or the service.


@visibility.rule("apprentice_enrollment", Enrollment)
def enrollments_visible_to(membership):
    """The enrollments `membership` may see: sponsor staff all of the sponsor's, an employer admin their
    employer's, a mentor those they are currently assigned to, an apprentice their own."""
    enrollments = Enrollment.objects.filter(sponsor=membership.sponsor_id).select_related(
        "program", "employer", "job_book_version__job_book", "apprentice__user"
    )
    if not membership.is_active:
        return enrollments.none()
    if membership.is_sponsor_staff:
        return enrollments
    if membership.role == Role.EMPLOYER_ADMIN:
        return enrollments.filter(employer=membership.employer_id)
    if membership.role == Role.MENTOR:
        return enrollments.filter(
            Exists(MentorAssignment.objects.filter(enrollment=OuterRef("pk"), mentor=membership, end_date__isnull=True))
        )
    if membership.role == Role.APPRENTICE:
        return enrollments.filter(apprentice=membership)
    return enrollments.none()


@visibility.rule("ojt_entry", OJTEntry)
def entries_visible_to(membership):
    """The OJT entries of the enrollments `membership` sees (an apprentice's own, a mentor's apprentices' …)."""
    return OJTEntry.objects.filter(enrollment__in=enrollments_visible_to(membership)).select_related(
        "enrollment", "competency"
    )


@visibility.rule("sign_off_request", SignOffRequest)
def sign_off_requests_visible_to(membership):
    """The sign-off requests of the enrollments `membership` sees, whoever they are addressed to."""
    return SignOffRequest.objects.filter(enrollment__in=enrollments_visible_to(membership)).select_related(
        "skill__competency", "enrollment"
    )


@visibility.rule("sign_off", SkillSignOff)
def sign_offs_visible_to(membership):
    """The skill sign-offs (active or revoked) of the enrollments `membership` sees."""
    return SkillSignOff.objects.filter(enrollment__in=enrollments_visible_to(membership)).select_related(
        "skill", "mentor__user", "revocation"
    )


@visibility.rule("standing", AdvancedStanding)
def standings_visible_to(membership):
    """The requests for advanced standing of the enrollments `membership` sees."""
    return AdvancedStanding.objects.filter(enrollment__in=enrollments_visible_to(membership)).select_related(
        "enrollment__employer", "requested_by", "decided_by"
    )


def current_enrollment(membership):
    """An apprentice's open enrollment (the most recent), or their latest one, or None."""
    enrollments = list(
        Enrollment.objects.filter(apprentice=membership)
        .select_related("program", "employer", "job_book_version")
        .order_by("-start_date", "-pk")
    )
    for enrollment in enrollments:
        enrollment.apprentice = membership  # known: spares a query for enrollment.apprentice
    return next((e for e in enrollments if e.is_open), enrollments[0] if enrollments else None)


def is_current_mentor(membership, enrollment):
    return MentorAssignment.objects.filter(enrollment=enrollment, mentor=membership, end_date__isnull=True).exists()


# --- Progress ------------------------------------------------------------------------------


@dataclass
class SkillProgress:
    skill: object
    sign_off: object = None  # the active SkillSignOff (with .mentor.user), or None
    credited: bool = False

    @property
    def signed_off(self):
        return self.sign_off is not None

    @property
    def mastered(self):
        return self.signed_off or self.credited


@dataclass
class CompetencyProgress:
    competency: object
    approved: Decimal = ZERO
    pending: Decimal = ZERO
    credited: Decimal = ZERO
    skills: list = field(default_factory=list)

    @property
    def target(self):
        return self.competency.target_hours

    @property
    def minimum(self):
        return self.competency.minimum_hours

    @property
    def counted(self):
        """Hours that count: approved plus credited."""
        return self.approved + self.credited

    @property
    def minimum_met(self):
        return self.minimum is None or self.counted >= self.minimum

    @property
    def skills_mastered(self):
        return sum(1 for s in self.skills if s.mastered)

    @property
    def mastered(self):
        """Every skill signed off or credited (a competency without skills is not mastered)."""
        return bool(self.skills) and all(s.mastered for s in self.skills)

    def percent(self, hours):
        return min(100.0, float(hours) * 100 / self.target) if self.target else 0.0

    @property
    def approved_percent(self):
        return self.percent(self.approved)

    @property
    def credited_percent(self):
        return min(self.percent(self.credited), 100.0 - self.approved_percent)

    @property
    def pending_percent(self):
        return min(self.percent(self.pending), 100.0 - self.approved_percent - self.credited_percent)


@dataclass
class Progress:
    enrollment: object
    competencies: list
    required_hours: int
    unmapped_hours: Decimal = ZERO  # hours on competencies the current version no longer has

    @property
    def approved(self):
        return sum((c.approved for c in self.competencies), ZERO)

    @property
    def pending(self):
        return sum((c.pending for c in self.competencies), ZERO)

    @property
    def credited(self):
        return sum((c.credited for c in self.competencies), ZERO)

    @property
    def counted(self):
        return self.approved + self.credited

    @property
    def skills_total(self):
        return sum(len(c.skills) for c in self.competencies)

    @property
    def skills_mastered(self):
        return sum(c.skills_mastered for c in self.competencies)

    @property
    def competencies_mastered(self):
        return sum(1 for c in self.competencies if c.mastered)

    @property
    def hours_percent(self):
        return min(100.0, float(self.counted) * 100 / self.required_hours) if self.required_hours else 0.0

    @property
    def skills_percent(self):
        return self.skills_mastered * 100.0 / self.skills_total if self.skills_total else 0.0


def enrollment_progress(enrollment):
    """Per competency of the enrollment's Job Book version: approved, pending and credited hours
    against the target (and minimum), and each skill's active sign-off or credit.  Six queries."""
    competencies = list(
        Competency.objects.filter(version=enrollment.job_book_version_id).prefetch_related("skills")
        .order_by("position", "pk")
    )
    rows = {c.key: CompetencyProgress(competency=c) for c in competencies}
    unmapped = ZERO
    hours = (
        _live_entries().filter(enrollment=enrollment).values("competency__key", "status")
        .annotate(total=Sum("hours")).order_by()
    )
    for row in hours:
        target = rows.get(row["competency__key"])
        if target is None:
            unmapped += row["total"] if row["status"] == OJTEntry.Status.APPROVED else ZERO
        elif row["status"] == OJTEntry.Status.APPROVED:
            target.approved += row["total"]
        else:
            target.pending += row["total"]
    credited = (
        CreditedHours.objects.filter(standing__enrollment=enrollment, standing__status=AdvancedStanding.Status.APPROVED)
        .values("competency_key").annotate(total=Sum("hours")).order_by()
    )
    for row in credited:
        if row["competency_key"] in rows:
            rows[row["competency_key"]].credited += row["total"]
    sign_offs = {
        s.skill_key: s
        for s in SkillSignOff.objects.filter(enrollment=enrollment, revocation__isnull=True)
        .select_related("mentor__user")
    }
    credited_skills = set(
        CreditedSkill.objects.filter(
            standing__enrollment=enrollment, standing__status=AdvancedStanding.Status.APPROVED
        ).values_list("skill_key", flat=True)
    )
    for competency in competencies:
        rows[competency.key].skills = [
            SkillProgress(skill=s, sign_off=sign_offs.get(s.key), credited=s.key in credited_skills)
            for s in competency.skills.all()
        ]
    return Progress(
        enrollment=enrollment, competencies=list(rows.values()),
        required_hours=enrollment.program.ojt_hours_required, unmapped_hours=unmapped,
    )


def hours_by_month(enrollment, *, until=None):
    """[(first day of month, approved hours, pending hours)] from the start month to `until` (today),
    months without hours included.  One query."""
    until = until or timezone.localdate()
    totals = {
        (row["month"].date() if isinstance(row["month"], datetime.datetime) else row["month"], row["status"]):
            row["total"]
        for row in _live_entries().filter(enrollment=enrollment).annotate(month=TruncMonth("date"))
        .values("month", "status").annotate(total=Sum("hours")).order_by()
    }
    months = []
    month = enrollment.start_date.replace(day=1)
    last = max(until, max((m for m, _s in totals), default=until)).replace(day=1)
    while month <= last:
        months.append((month, totals.get((month, OJTEntry.Status.APPROVED), ZERO),
                       totals.get((month, OJTEntry.Status.PENDING), ZERO)))
        month = (month + datetime.timedelta(days=32)).replace(day=1)
    return months


# --- The mentor's queue --------------------------------------------------------------------


@dataclass
class MentorQueue:
    entries: list  # pending OJT entries, oldest first
    requests: list  # pending sign-off requests, oldest first
    totals: dict  # enrollment id → {"approved": Decimal, "pending": Decimal, "entries": int}
    entries_waiting: int = 0  # all pending entries, of which `entries` holds the oldest QUEUE_LIMIT
    hours_waiting: Decimal = ZERO

    @property
    def size(self):
        return self.entries_waiting + len(self.requests)

    @property
    def pending_hours(self):
        return self.hours_waiting

    @property
    def more_entries(self):
        return self.entries_waiting - len(self.entries)


def _assigned(mentor):
    return MentorAssignment.objects.filter(mentor=mentor, end_date__isnull=True).values("enrollment_id")


def _hours_sum(condition):
    return Coalesce(Sum("hours", filter=condition), Value(ZERO), output_field=HOURS)


QUEUE_LIMIT = 50  # entries shown at once (a screenful on a phone); deciding them brings the next ones


def mentor_queue(mentor):
    """Everything waiting for `mentor` across the apprentices currently assigned to them — pending
    hour entries (the oldest QUEUE_LIMIT, with the count and hours of all) and sign-off requests
    (addressed to them or to any mentor) — oldest first, with each apprentice's approved and pending
    totals.  Three queries."""
    enrollments = _assigned(mentor)
    entries = list(
        OJTEntry.objects.filter(enrollment__in=enrollments, status=OJTEntry.Status.PENDING)
        .select_related("enrollment", "competency", "corrects")
        .annotate(waiting=Window(Count("pk")), waiting_hours=Window(Sum("hours")))  # over all, before the limit
        .order_by("date", "created_at", "pk")[:QUEUE_LIMIT]
    )
    requests = list(
        SignOffRequest.objects.filter(enrollment__in=enrollments, status=SignOffRequest.Status.PENDING)
        .filter(Q(mentor__isnull=True) | Q(mentor=mentor))
        .select_related("enrollment", "skill__competency").order_by("created_at", "pk")
    )
    waiting = {e.enrollment_id for e in entries} | {r.enrollment_id for r in requests}
    totals = {pk: {"approved": ZERO, "pending": ZERO, "entries": 0} for pk in waiting}
    if waiting:
        rows = (
            _live_entries().filter(enrollment__in=waiting).values("enrollment_id")
            .annotate(
                approved=_hours_sum(Q(status=OJTEntry.Status.APPROVED)),
                pending=_hours_sum(Q(status=OJTEntry.Status.PENDING)),
                entries=Count("pk", filter=Q(status=OJTEntry.Status.PENDING)),
            ).order_by()
        )
        for row in rows:
            totals[row["enrollment_id"]] = {k: row[k] for k in ("approved", "pending", "entries")}
    return MentorQueue(entries=entries, requests=requests, totals=totals,
                       entries_waiting=entries[0].waiting if entries else 0,
                       hours_waiting=entries[0].waiting_hours if entries else ZERO)


def mentor_queue_size(mentor):
    """How many items wait for `mentor` (two queries), for dashboards and menus."""
    enrollments = _assigned(mentor)
    return (
        OJTEntry.objects.filter(enrollment__in=enrollments, status=OJTEntry.Status.PENDING).count()
        + SignOffRequest.objects.filter(enrollment__in=enrollments, status=SignOffRequest.Status.PENDING)
        .filter(Q(mentor__isnull=True) | Q(mentor=mentor)).count()
    )


# --- The roster ----------------------------------------------------------------------------

ROSTER_ORDERS = {
    "name": ("full_name", "pk"),
    "-name": ("-full_name", "-pk"),
    "progress": ("progress", "full_name"),
    "-progress": ("-progress", "full_name"),
    "last_logged": (F("last_logged").asc(nulls_first=True), "full_name"),
    "-last_logged": (F("last_logged").desc(nulls_last=True), "full_name"),
    "start": ("start_date", "full_name"),
    "-start": ("-start_date", "full_name"),
    "status": ("status", "full_name"),
}


def roster_key_values():
    """What Enrollment.counted_hours and .last_logged should hold, as expressions on an enrollment:
    the approved live hours plus the approved credit, and the last day of a live entry."""
    live = _live_entries().filter(enrollment=OuterRef("pk")).order_by().values("enrollment")
    approved = live.filter(status=OJTEntry.Status.APPROVED).annotate(total=Sum("hours")).values("total")[:1]
    last = live.annotate(last=Max("date")).values("last")[:1]
    credited = (
        CreditedHours.objects.filter(
            standing__enrollment=OuterRef("pk"), standing__status=AdvancedStanding.Status.APPROVED
        )
        .order_by().values("standing__enrollment").annotate(total=Sum("hours")).values("total")[:1]
    )
    return {
        "counted_hours": ExpressionWrapper(
            Coalesce(Subquery(approved, output_field=HOURS), Value(ZERO), output_field=HOURS)
            + Coalesce(Subquery(credited, output_field=HOURS), Value(ZERO), output_field=HOURS),
            output_field=HOURS,
        ),
        "last_logged": Subquery(last),
    }


def _progress():
    return (Cast(F("counted_hours"), FloatField()) * 100.0
            / Cast(F("program__ojt_hours_required"), FloatField()))


def _stale():
    cutoff = timezone.localdate() - datetime.timedelta(days=STALE_AFTER_DAYS)
    return (Q(status__in=Enrollment.LOGGING_STATUSES)
            & (Q(last_logged__lt=cutoff) | Q(last_logged__isnull=True, start_date__lt=cutoff)))


def _roster_filter(rows, *, status="", employer=None, mentor=None, query="", stale_only=False):
    if status:
        rows = rows.filter(status=status)
    if employer is not None:
        rows = rows.filter(employer=employer)
    if mentor is not None:
        rows = rows.filter(Exists(_assigned(mentor).filter(enrollment=OuterRef("pk"))))
    if query:
        rows = rows.filter(Q(full_name__icontains=query) | Q(email__icontains=query))
    if stale_only:
        rows = rows.filter(stale=True)
    return rows


def roster_page(enrollments, number, *, per_page, order="name", **filters):
    """One page of a roster (employer's, mentor's or sponsor's) of `enrollments` (usually from
    enrollments_visible_to): each row with approved_hours, pending_hours, credited_hours, progress
    (percent of the program's OJT hours), skills_signed, last_logged, `stale` (open, and no hours
    logged for 14 days) and its current mentor assignments as `current_mentors`.  Filter by status,
    employer, mentor, name/e-mail `query` or stale; sort by a ROSTER_ORDERS key.

    The filters and the sort read only the enrollment rows: progress and the last day logged come
    from the roster keys the services keep on each enrollment, never from summing its entries.  The
    page's rows get the figures they show from three grouped queries over those rows alone
    (`_add_figures`)."""
    sort = order if order in ROSTER_ORDERS else "name"
    keys = enrollments
    if sort.lstrip("-") == "progress":
        keys = keys.alias(progress=_progress())
    if filters.get("stale_only"):
        keys = keys.alias(stale=_stale())
    keys = _roster_filter(keys, **filters).order_by(*ROSTER_ORDERS[sort])
    page = Paginator(keys.values_list("pk", flat=True), per_page).get_page(number)
    ids = list(page.object_list)
    rows = {}
    if ids:
        rows = {row.pk: row for row in Enrollment.objects.filter(pk__in=ids).select_related(
            "employer", "program", "apprentice__user").prefetch_related(_current_mentors())}
        _add_figures(list(rows.values()))
    page.object_list = [rows[pk] for pk in ids]
    return page


def _current_mentors():
    return Prefetch(
        "mentor_assignments",
        queryset=MentorAssignment.objects.filter(end_date__isnull=True).select_related("mentor__user"),
        to_attr="current_mentors",
    )


def _add_figures(enrollments):
    """Set the roster's figures on `enrollments` (a page of them): three queries."""
    ids = [e.pk for e in enrollments]
    hours = {
        row["enrollment"]: row for row in _live_entries().filter(enrollment__in=ids).values("enrollment").annotate(
            approved=Sum("hours", filter=Q(status=OJTEntry.Status.APPROVED)),
            pending=Sum("hours", filter=Q(status=OJTEntry.Status.PENDING)),
            last=Max("date"),
        ).order_by()
    }
    credited = dict(
        CreditedHours.objects.filter(standing__enrollment__in=ids, standing__status=AdvancedStanding.Status.APPROVED)
        .values("standing__enrollment").annotate(total=Sum("hours")).values_list("standing__enrollment", "total")
        .order_by()
    )
    signed = dict(
        SkillSignOff.objects.filter(enrollment__in=ids, revocation__isnull=True).values("enrollment")
        .annotate(n=Count("pk")).values_list("enrollment", "n").order_by()
    )
    cutoff = timezone.localdate() - datetime.timedelta(days=STALE_AFTER_DAYS)
    for e in enrollments:
        row = hours.get(e.pk, {})
        e.approved_hours = row.get("approved") or ZERO
        e.pending_hours = row.get("pending") or ZERO
        e.last_logged = row.get("last")
        e.credited_hours = credited.get(e.pk) or ZERO
        e.skills_signed = signed.get(e.pk, 0)
        required = e.program.ojt_hours_required
        e.progress = float(e.approved_hours + e.credited_hours) * 100.0 / required if required else 0.0
        e.stale = e.status in Enrollment.LOGGING_STATUSES and (
            e.last_logged < cutoff if e.last_logged else e.start_date < cutoff)


# --- History -------------------------------------------------------------------------------


@dataclass
class AuditEvent:
    when: datetime.datetime
    who: str
    what: str
    detail: str = ""


def audit_trail(enrollment):
    """Who did what, when, for one enrollment, newest first: history lines, hour decisions, sign-offs,
    revocations, advanced standing and mentor assignments.  Seven queries."""
    events = []
    for c in StatusChange.objects.filter(enrollment=enrollment).select_related("by", "from_employer", "to_employer"):
        detail = {
            StatusChange.Kind.TRANSFER: f"{c.from_employer} → {c.to_employer}",
            StatusChange.Kind.STATUS: f"{c.get_from_status_display()} → {c.get_to_status_display()}",
            StatusChange.Kind.START_DATE: f"{c.from_value} → {c.to_value}",
            StatusChange.Kind.VERSION: f"{c.from_value} → {c.to_value}",
        }.get(c.kind, c.get_to_status_display())
        events.append(AuditEvent(c.created_at, str(c.by), c.get_kind_display(),
                                 f"{detail} (effective {c.effective_date}): {c.reason}"))
    entries = OJTEntry.objects.filter(enrollment=enrollment).select_related(
        "created_by", "decided_by__user", "competency"
    )
    for e in entries:
        events.append(AuditEvent(e.created_at, str(e.created_by),
                                 "Logged a correction" if e.corrects_id else "Logged hours",
                                 f"{e.date} {e.hours} h — {e.competency.name}"))
        if e.decided_at:
            events.append(AuditEvent(e.decided_at, str(e.decided_by.user), f"OJT entry {e.get_status_display()}",
                                     f"{e.date} {e.hours} h" + (f": {e.decision_reason}" if e.decision_reason else "")))
    for s in SkillSignOff.objects.filter(enrollment=enrollment).select_related("mentor__user", "skill"):
        events.append(AuditEvent(s.created_at, str(s.mentor.user), "Signed off a skill",
                                 f"{s.skill.name} (level {s.level})"))
    revocations = SignOffRevocation.objects.filter(sign_off__enrollment=enrollment).select_related(
        "by", "sign_off__skill"
    )
    for r in revocations:
        events.append(AuditEvent(r.created_at, str(r.by), "Revoked a sign-off", f"{r.sign_off.skill.name}: {r.reason}"))
    for a in AdvancedStanding.objects.filter(enrollment=enrollment).select_related("requested_by", "decided_by"):
        events.append(AuditEvent(a.requested_at, str(a.requested_by), "Requested advanced standing", a.description))
        if a.decided_at:
            events.append(AuditEvent(a.decided_at, str(a.decided_by), f"Advanced standing {a.get_status_display()}",
                                     a.decision_note))
    for m in MentorAssignment.objects.filter(enrollment=enrollment).select_related("mentor__user", "created_by"):
        events.append(AuditEvent(m.created_at, str(m.created_by), "Assigned a mentor",
                                 f"{m.mentor.user} from {m.start_date}"
                                 + (f" until {m.end_date}" if m.end_date else "")))
    return sorted(events, key=lambda e: e.when, reverse=True)
