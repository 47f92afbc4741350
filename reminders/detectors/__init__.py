"""The detectors: each `detect_<x>(sponsor, today) -> int` finds one condition at one sponsor and tells
whom it concerns once per key, returning how many it told.

EVENTS are things that happened (told within minutes); CONDITIONS hold over a period (a gap in hours, a
raise waiting, a probation ending) and are checked daily.  Both are safe to run any number of times."""

from __future__ import annotations

import datetime
from collections.abc import Callable

from programs.models import Sponsor
from reminders.detectors.apprentice import (
    detect_credentials_expiring,
    detect_entries_rejected,
    detect_no_hours,
    detect_requests_signed_off,
)
from reminders.detectors.employer import (
    detect_packets_returned,
    detect_probations_ending,
    detect_raises_due,
    detect_ratio_breaches,
)
from reminders.detectors.mentor import detect_mentor_queue, detect_sign_off_requests
from reminders.detectors.staff import detect_weekly_digest

Detector = Callable[[Sponsor, datetime.date], int]

EVENTS: list[Detector] = [
    detect_entries_rejected, detect_requests_signed_off, detect_sign_off_requests, detect_packets_returned,
]
CONDITIONS: list[Detector] = [
    detect_no_hours, detect_credentials_expiring, detect_mentor_queue, detect_raises_due,
    detect_probations_ending, detect_ratio_breaches, detect_weekly_digest,
]
GROUPS: dict[str, list[Detector]] = {"events": EVENTS, "daily": CONDITIONS, "all": EVENTS + CONDITIONS}
