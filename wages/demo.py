"""Demo wage progression: every step the demo apprentices' approved hours or months have reached is a
raise due, dated the day it was reached; the employer admins have confirmed the earlier ones.

At keystone, apprentice@keystone.example (Penn Precision Plastics) has the raise their latest approved
hours crossed waiting for a decision now, and another Penn apprentice has one overdue (reached more
than 30 days ago).  Idempotent: a sponsor that already has wage decisions is left alone.
"""

import datetime
from decimal import Decimal

from django.utils import timezone

from apprentices.models import Enrollment, OJTEntry
from apprentices.selectors import live_entries
from imt.permissions import Role
from programs.models import Membership, Sponsor
from wages import selectors, services
from wages.models import RaiseDue, WageDecision
from wages.schedule import OVERDUE_AFTER_DAYS, add_months, steps_of

PENN = "Penn Precision Plastics"
DEMO_APPRENTICE = "apprentice@keystone.example"


def _hours_reached_on(enrollment, threshold, today):
    """The day the enrollment's approved hours, in the order they were approved, reached `threshold`."""
    total = Decimal(0)
    entries = (live_entries().filter(enrollment=enrollment, status=OJTEntry.Status.APPROVED)
               .order_by("decided_at", "date", "pk").values_list("hours", "decided_at", "date"))
    for hours, decided_at, day in entries:
        total += hours
        if total >= threshold:
            return min(timezone.localdate(decided_at) if decided_at else day, today)
    return today


def _raises_of(enrollment, today):
    steps = steps_of(enrollment.standards_version.wage_schedule)
    metrics = selectors.metrics_of(enrollment, steps, today)
    rows = []
    for step in steps:
        if not metrics.reached(step):
            continue
        if step.basis == "hours":
            reached = _hours_reached_on(enrollment, step.threshold, today)
        elif step.basis == "months":
            reached = min(add_months(enrollment.start_date, step.threshold), today)
        else:
            reached = today
        rows.append(RaiseDue(sponsor_id=enrollment.sponsor_id, enrollment=enrollment, step=step.index,
                             basis=step.basis, reached_on=max(reached, enrollment.start_date)))
    return rows


def seed(command, options):
    today = timezone.localdate()
    for sponsor in Sponsor.objects.filter(slug__in=["keystone", "lakeshore"]):
        # (Raises found by approvals other apps' demo data made through the services may exist already.)
        if WageDecision.objects.filter(sponsor=sponsor).exists():
            continue
        enrollments = list(
            Enrollment.objects.filter(sponsor=sponsor, status__in=Enrollment.OPEN_STATUSES)
            .exclude(email__startswith="load-apprentice-")
            .select_related("standards_version", "employer").order_by("pk")
        )
        admins = {m.employer_id: m for m in Membership.objects.filter(
            sponsor=sponsor, role=Role.EMPLOYER_ADMIN, is_active=True).select_related("user")}
        raises = {enrollment.pk: _raises_of(enrollment, today) for enrollment in enrollments}
        RaiseDue.objects.bulk_create([r for rows in raises.values() for r in rows], ignore_conflicts=True)
        pending = _left_pending(sponsor, enrollments, raises, today)
        confirmed = 0
        for enrollment in enrollments:
            admin = admins.get(enrollment.employer_id)
            if admin is None:
                continue
            for row in raises[enrollment.pk]:
                if (enrollment.pk, row.step) in pending:
                    continue
                raise_due = RaiseDue.objects.get(enrollment=enrollment, step=row.step)
                services.raise_confirm(
                    raise_due=raise_due, by=admin, confirmed_at=timezone.now(),
                    effective_date=min(raise_due.reached_on + datetime.timedelta(days=7), today),
                )
                confirmed += 1
        command.stdout.write(
            f"Wages {sponsor.slug}: {sum(map(len, raises.values()))} raises reached, {confirmed} confirmed, "
            f"{len(pending)} waiting"
        )


def _left_pending(sponsor, enrollments, raises, today):
    """At keystone: the demo apprentice's latest raise (due) and the latest of another Penn apprentice whose
    raise is past the 30 days (overdue).  Every other raise is confirmed."""
    if sponsor.slug != "keystone":
        return set()
    late = today - datetime.timedelta(days=OVERDUE_AFTER_DAYS)
    pending = set()
    penn = [e for e in enrollments if e.employer.name == PENN and raises[e.pk]]
    # Due now: the demo apprentice when their latest step was reached within the 30 days, else the Penn
    # apprentice who reached one most lately.
    recent = sorted((e for e in penn if raises[e.pk][-1].reached_on >= late),
                    key=lambda e: (e.email != DEMO_APPRENTICE, -raises[e.pk][-1].reached_on.toordinal()))
    demo = recent[0] if recent else None
    if demo is not None:
        pending.add((demo.pk, raises[demo.pk][-1].step))
    overdue = next((e for e in penn if e is not demo and raises[e.pk][-1].reached_on < late), None)
    if overdue is not None:
        pending.add((overdue.pk, raises[overdue.pk][-1].step))
    return pending
