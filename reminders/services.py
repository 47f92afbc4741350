"""Running the detectors: at one sponsor in one transaction, or at every sponsor, one failing sponsor
never stopping the others."""

from __future__ import annotations

import datetime
import logging

from django.db import transaction
from django.utils import timezone
from django_scopes import scope

from programs.models import Sponsor
from reminders.detectors import GROUPS
from reminders.detectors.base import dry_run

logger = logging.getLogger(__name__)


def reminders_send(
    *, sponsor: Sponsor, group: str = "all", today: datetime.date | None = None, dry: bool = False,
) -> dict[str, int]:
    """Run the detectors of `group` ("events", "daily" or "all") at `sponsor`: how many each told.  One
    transaction: the notifications of a run that fails half-way are not kept (nor delivered), and the
    next run tells them.  Safe to run again: what a key already told is not told twice."""
    today = today or timezone.localdate()
    told: dict[str, int] = {}
    with scope(sponsor=sponsor), transaction.atomic(), dry_run(dry):
        for detector in GROUPS[group]:
            told[detector.__name__.removeprefix("detect_")] = detector(sponsor, today)
    return told


def reminders_send_all(
    *, group: str = "all", today: datetime.date | None = None, sponsors: list[Sponsor] | None = None,
    dry: bool = False,
) -> dict[str, dict[str, int]]:
    """`reminders_send` at every sponsor (or those given): {sponsor slug: {detector: told}}.  A sponsor
    whose run fails is logged and left out; the others go on."""
    results: dict[str, dict[str, int]] = {}
    for sponsor in sponsors if sponsors is not None else Sponsor.objects.order_by("pk"):
        try:
            results[sponsor.slug] = reminders_send(sponsor=sponsor, group=group, today=today, dry=dry)
        except Exception:
            logger.exception("Reminders (%s) failed at sponsor %s", group, sponsor.slug)
    return results
