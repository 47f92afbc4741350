"""What an apprentice is reminded of: no hours lately, an entry rejected, a sign-off they asked for
signed by the mentor, a credential expiring.  Told to the enrollment's apprentice while their membership
and account are active."""

from __future__ import annotations

import datetime

from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from apprentices.models import Enrollment, OJTEntry, SignOffRequest
from credentials.models import Credential
from credentials.selectors import expiring
from programs.models import Sponsor
from reminders import kinds
from reminders.detectors.base import EVENT_WINDOW, Message, page, sponsor_view, tell

CREDENTIAL_NOTICES = (30, 7)  # days before expiry; one notification at each


def _enrolled(prefix: str = "") -> Q:
    return Q(**{f"{prefix}apprentice__is_active": True, f"{prefix}apprentice__user__is_active": True})


def detect_no_hours(sponsor: Sponsor, today: datetime.date) -> int:
    """Apprentices who may log hours and have logged none for the sponsor's number of days since their
    last day logged (or their start).  Key: the enrollment and that day — a later gap is a new key, the
    same gap is never told twice, and logging hours ends it."""
    days = sponsor.reminder_no_hours_days
    cutoff = today - datetime.timedelta(days=days)
    enrollments = (
        Enrollment.objects.filter(sponsor=sponsor, status__in=Enrollment.LOGGING_STATUSES, start_date__lte=cutoff)
        .filter(_enrolled())
        .filter(Q(last_logged__isnull=True) | Q(last_logged__lte=cutoff))
        .select_related("apprentice__user", "program")
        .order_by("pk")
    )
    messages = []
    for enrollment in enrollments:
        since = enrollment.last_logged or enrollment.start_date
        messages.append(Message(
            enrollment.apprentice, f"no-hours:{enrollment.pk}:{since.isoformat()}", page("hours_log", sponsor),
            {"enrollment": enrollment, "since": since, "days": (today - since).days,
             "never": enrollment.last_logged is None},
        ))
    return tell(sponsor, kinds.NO_HOURS.code, messages)


def detect_entries_rejected(sponsor: Sponsor, today: datetime.date) -> int:
    """Each entry a mentor rejected in the last days, with the reason.  Key: the entry."""
    entries = (
        OJTEntry.objects.filter(sponsor=sponsor, status=OJTEntry.Status.REJECTED,
                                decided_at__gte=timezone.now() - EVENT_WINDOW)
        .filter(_enrolled("enrollment__"))
        .select_related("enrollment__apprentice__user", "competency", "decided_by__user")
        .order_by("pk")
    )
    return tell(sponsor, kinds.ENTRY_REJECTED.code, [
        Message(entry.enrollment.apprentice, f"rejected:{entry.pk}", page("hours_list", sponsor) + "?status=rejected",
                {"entry": entry, "mentor": entry.decided_by.user if entry.decided_by else None})
        for entry in entries
    ])


def detect_requests_signed_off(sponsor: Sponsor, today: datetime.date) -> int:
    """Each sign-off the apprentice asked for that a mentor signed in the last days and has not revoked
    since.  Key: the request."""
    requests = (
        SignOffRequest.objects.filter(sponsor=sponsor, status=SignOffRequest.Status.FULFILLED,
                                      resolved_at__gte=timezone.now() - EVENT_WINDOW,
                                      sign_off__revocation__isnull=True)
        .filter(_enrolled("enrollment__"))
        .select_related("enrollment__apprentice__user", "skill__competency", "sign_off__mentor__user")
        .order_by("pk")
    )
    messages = []
    for request in requests:
        sign_off = request.sign_off
        assert sign_off is not None
        messages.append(Message(
            request.enrollment.apprentice, f"request-signed:{request.pk}",
            page("enrollment_detail", sponsor, request.enrollment_id),
            {"sign_off": sign_off, "skill": request.skill, "mentor": sign_off.mentor.user,
             "level": sign_off.get_level_display()},
        ))
    return tell(sponsor, kinds.REQUEST_SIGNED_OFF.code, messages)


def detect_credentials_expiring(sponsor: Sponsor, today: datetime.date) -> int:
    """Credentials that expire within 30 days and within 7 days, not renewed (a later credential of the
    same type held by the same apprentice).  Keys: the credential and the notice (30 or 7)."""
    renewed = Credential.objects.current().filter(
        apprentice=OuterRef("apprentice"), credential_type=OuterRef("credential_type"),
    ).exclude(pk=OuterRef("pk")).filter(Q(expires_on__isnull=True) | Q(expires_on__gt=OuterRef("expires_on")))
    credentials = (
        expiring(sponsor_view(sponsor), days=max(CREDENTIAL_NOTICES), today=today)
        .filter(expires_on__gte=today).filter(_enrolled()).exclude(Exists(renewed))
    )
    messages = []
    for credential in credentials:
        assert credential.expires_on is not None
        left = (credential.expires_on - today).days
        notice = min(n for n in CREDENTIAL_NOTICES if left <= n)
        messages.append(Message(
            credential.apprentice, f"credential-{notice}:{credential.pk}", page("credential_list", sponsor),
            {"credential": credential, "days": left, "expires_on": credential.expires_on},
        ))
    return tell(sponsor, kinds.CREDENTIAL_EXPIRING.code, messages)
