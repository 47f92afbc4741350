"""Reads of ratio compliance and probation: who counts as a journeyworker, how many apprentices an employer
and a mentor have, the breaches of the ratio now, and the probations that end soon or have ended.

The ratio is the one of the standards version an apprentice is registered under (ratio_apprentices per
ratio_journeyworkers).  An employer's ratio counts all its open enrollments against its journeyworkers; a
mentor's, their current apprentices against one journeyworker (themselves).  Where apprentices of one
employer or mentor are under versions with different ratios, the strictest of them applies.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from apprentices.models import Enrollment, MentorAssignment
from apprentices.selectors import enrollments_visible_to
from compliance.models import Journeyworker, RatioOverride
from imt import visibility
from imt.dates import add_months
from imt.permissions import SPONSOR_STAFF, Role
from programs.models import Employer, Membership, StandardsVersion

OPEN = Enrollment.OPEN_STATUSES
PROBATION_NOTICE_DAYS = 14


@visibility.rule("journeyworker", Journeyworker)
def journeyworkers_visible_to(membership: Membership) -> QuerySet[Journeyworker]:
    """Sponsor staff see every employer's roster; an employer admin their employer's."""
    rows = Journeyworker.objects.filter(sponsor=membership.sponsor_id).select_related("employer", "membership__user")
    if not membership.is_active:
        return rows.none()
    if membership.role in SPONSOR_STAFF:
        return rows
    if membership.role == Role.EMPLOYER_ADMIN and membership.employer_id:
        return rows.filter(employer=membership.employer_id)
    return rows.none()


@dataclass(frozen=True)
class Ratio:
    apprentices: int
    journeyworkers: int
    policy: str

    @property
    def value(self) -> Fraction:
        return Fraction(self.apprentices, max(self.journeyworkers, 1))

    def allows(self, apprentices: int, journeyworkers: int) -> bool:
        return apprentices * max(self.journeyworkers, 1) <= journeyworkers * self.apprentices

    def allowed(self, journeyworkers: int) -> int:
        return journeyworkers * self.apprentices // max(self.journeyworkers, 1)

    def __str__(self) -> str:
        return f"{self.apprentices}:{self.journeyworkers}"


def ratio_of(version: StandardsVersion) -> Ratio:
    return Ratio(version.ratio_apprentices, version.ratio_journeyworkers, version.ratio_policy)


def strictest(ratios: Iterable[Ratio]) -> Ratio:
    """The ratio allowing the fewest apprentices per journeyworker; a refusing one before an equal overriding one."""
    return min(ratios, key=lambda r: (r.value, r.policy != "refuse"))


@dataclass
class Breach:
    """An employer or a mentor over the ratio: `apprentices` against `journeyworkers` (1 for a mentor)."""

    scope: str  # RatioOverride.Scope
    employer: Employer
    ratio: Ratio
    apprentices: int
    journeyworkers: int
    mentor: Membership | None = None
    override: RatioOverride | None = None
    now: bool = False  # a breach that exists now (the listing), not one a change would make

    @property
    def allowed(self) -> int:
        return self.ratio.allowed(self.journeyworkers)

    @property
    def who(self) -> str:
        return str(self.mentor.user) if self.mentor else str(self.employer)

    def describe(self) -> str:
        values = {"who": self.who, "count": self.apprentices, "journeyworkers": self.journeyworkers,
                  "ratio": self.ratio, "allowed": self.allowed}
        if self.mentor is not None and self.now:
            text = _("%(who)s mentors %(count)s apprentices; the ratio %(ratio)s allows %(allowed)s per journeyworker.")
        elif self.mentor is not None:
            text = _("%(who)s would mentor %(count)s apprentices; the ratio %(ratio)s allows %(allowed)s per "
                     "journeyworker.")
        elif self.now:
            text = _("%(who)s has %(count)s apprentices for %(journeyworkers)s journeyworkers; the ratio %(ratio)s "
                     "allows %(allowed)s.")
        else:
            text = _("%(who)s would have %(count)s apprentices for %(journeyworkers)s journeyworkers; the ratio "
                     "%(ratio)s allows %(allowed)s.")
        return text % values


def _current(on: datetime.date) -> Q:
    return Q(start_date__lte=on) & (Q(end_date__isnull=True) | Q(end_date__gt=on))


def journeyworker_counts(
    sponsor_id: int, employer_ids: Collection[int] | None = None, on: datetime.date | None = None,
) -> dict[int, int]:
    """Journeyworkers per employer on `on` (today): the active mentors not recorded as not counting, and the
    recorded journeyworkers without a sign-in.  Two queries, whatever the number of employers."""
    on = on or timezone.localdate()
    mentors = Membership.objects.filter(sponsor=sponsor_id, role=Role.MENTOR, is_active=True)
    rows = Journeyworker.objects.filter(_current(on), sponsor=sponsor_id)
    if employer_ids is not None:
        mentors, rows = mentors.filter(employer__in=employer_ids), rows.filter(employer__in=employer_ids)
    counts: dict[int, int] = defaultdict(int)
    excluded: set[int] = set()
    for employer_id, membership_id, counts_for_ratio in rows.values_list("employer_id", "membership_id", "counts"):
        if membership_id is None and counts_for_ratio:
            counts[employer_id] += 1
        elif membership_id is not None and not counts_for_ratio:
            excluded.add(membership_id)
    for pk, employer_id in mentors.values_list("pk", "employer_id"):
        if pk not in excluded and employer_id is not None:
            counts[employer_id] += 1
    return dict(counts)


def journeyworkers_at(employer: Employer, on: datetime.date | None = None) -> int:
    return journeyworker_counts(employer.sponsor_id, [employer.pk], on).get(employer.pk, 0)


def employer_load(employer_id: int) -> tuple[int, list[Ratio]]:
    """How many open enrollments an employer has, and the ratios of their standards versions."""
    rows = (
        Enrollment.objects.filter(employer=employer_id, status__in=OPEN)
        .values("standards_version__ratio_apprentices", "standards_version__ratio_journeyworkers",
                "standards_version__ratio_policy")
        .annotate(n=Count("pk"))
    )
    return sum(r["n"] for r in rows), [_ratio(r) for r in rows]


def mentor_load(mentor_id: int) -> int:
    """How many open enrollments a mentor is currently assigned to."""
    return MentorAssignment.objects.filter(
        mentor=mentor_id, end_date__isnull=True, enrollment__status__in=OPEN
    ).values("enrollment").distinct().count()


def _ratio(row: dict[str, Any]) -> Ratio:
    return Ratio(row["standards_version__ratio_apprentices"], row["standards_version__ratio_journeyworkers"],
                 row["standards_version__ratio_policy"])


def ratio_breaches(membership: Membership) -> list[Breach]:
    """Every employer and mentor over their ratio now, among those `membership` sees, each with its latest
    override.  A fixed number of queries, whatever the number of apprentices, employers and mentors."""
    employers = {e.pk: e for e in Employer.objects.filter(sponsor=membership.sponsor_id)}
    if membership.role not in SPONSOR_STAFF:
        employers = {pk: e for pk, e in employers.items() if pk == membership.employer_id}
    enrollments = Enrollment.objects.filter(sponsor=membership.sponsor_id, employer__in=list(employers),
                                            status__in=OPEN)
    load: dict[int, int] = defaultdict(int)
    ratios: dict[int, list[Ratio]] = defaultdict(list)
    ratio_fields = ("standards_version__ratio_apprentices", "standards_version__ratio_journeyworkers",
                    "standards_version__ratio_policy")
    for row in enrollments.values("employer_id", *ratio_fields).annotate(n=Count("pk")):
        load[row["employer_id"]] += row["n"]
        ratios[row["employer_id"]].append(_ratio(row))
    journeyworkers = journeyworker_counts(membership.sponsor_id, list(employers))
    breaches = []
    for employer_id, count in load.items():
        ratio, present = strictest(ratios[employer_id]), journeyworkers.get(employer_id, 0)
        if not ratio.allows(count, present):
            breaches.append(Breach("employer", employers[employer_id], ratio, count, present, now=True))
    mentor_load_: dict[int, int] = defaultdict(int)
    mentor_ratios: dict[int, list[Ratio]] = defaultdict(list)
    assignments = MentorAssignment.objects.filter(end_date__isnull=True, enrollment__in=enrollments)
    for row in assignments.values("mentor_id", *(f"enrollment__{f}" for f in ratio_fields)).annotate(
        n=Count("enrollment", distinct=True)
    ):
        mentor_load_[row["mentor_id"]] += row["n"]
        mentor_ratios[row["mentor_id"]].append(_ratio({k.removeprefix("enrollment__"): v for k, v in row.items()}))
    over = {pk: n for pk, n in mentor_load_.items() if not strictest(mentor_ratios[pk]).allows(n, 1)}
    mentors = Membership.objects.filter(pk__in=list(over)).select_related("user")
    for mentor in mentors:
        if mentor.employer_id in employers:
            breaches.append(Breach("mentor", employers[mentor.employer_id], strictest(mentor_ratios[mentor.pk]),
                                   over[mentor.pk], 1, mentor=mentor, now=True))
    _attach_overrides(membership.sponsor_id, breaches)
    return sorted(breaches, key=lambda b: (b.employer.name, b.mentor is not None, b.who))


def _attach_overrides(sponsor_id: int, breaches: list[Breach]) -> None:
    """The latest override of each breach's employer (or mentor): one query."""
    if not breaches:
        return
    overrides = RatioOverride.objects.filter(
        sponsor=sponsor_id, employer__in={b.employer.pk for b in breaches}
    ).select_related("by").order_by("-created_at", "-pk")
    latest: dict[tuple[str, int, int | None], RatioOverride] = {}
    for override in overrides:
        latest.setdefault((override.scope, override.employer_id, override.mentor_id), override)
    for breach in breaches:
        key = (breach.scope, breach.employer.pk, breach.mentor.pk if breach.mentor else None)
        breach.override = latest.get(key)


# --- Probation -------------------------------------------------------------------------------------


def probation_limit(enrollment: Enrollment) -> datetime.date:
    """The latest end of probation the law allows (29 CFR 29.5(b)(20)): 25% of the term or one year from
    the start, whichever is less, from the enrollment's standards version."""
    start = enrollment.start_date
    term_end = add_months(start, enrollment.standards_version.term_months)
    quarter = start + datetime.timedelta(days=(term_end - start).days // 4)
    return min(quarter, add_months(start, 12))


def probations_due(membership: Membership, today: datetime.date | None = None) -> QuerySet[Enrollment]:
    """Enrollments still on probation whose probation ends within 14 days or has ended (overdue first)."""
    today = today or timezone.localdate()
    return (
        enrollments_visible_to(membership)
        .filter(status=Enrollment.Status.PROBATION, probation_end__lte=today + datetime.timedelta(
            days=PROBATION_NOTICE_DAYS))
        .order_by("probation_end", "full_name", "pk")
    )
