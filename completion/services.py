"""Completion: recommend, build the packet, decide, issue the certificate.

Each function is one transaction and the only way to do its action.  Work for
the Celery workers is enqueued with transaction.on_commit, so a task never
starts before the rows it needs are committed.
"""

import datetime
import logging
import uuid
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django_scopes import scope

from apprentices.models import Enrollment, Signature
from apprentices.selectors import enrollments_visible_to
from apprentices.services import enrollment_complete, sign
from completion.eligibility import eligibility
from completion.models import Certificate, CompletionPacket, Recommendation, ReviewDecision
from imt import dispatch
from imt.models import User
from imt.permissions import require
from imt.text import clean_text
from programs.models import Membership, Sponsor

logger = logging.getLogger(__name__)

# A packet the broker took but no worker started after this long lost its message: hand it over again.
STUCK_AFTER = datetime.timedelta(minutes=10)
# Hand over again no sooner than this after a failed hand-over, so the request's own attempt and the
# periodic job's do not both publish a packet that was asked for a moment ago.
HANDOVER_RETRY_AFTER = datetime.timedelta(seconds=30)


class BuildSuperseded(Exception):
    """Another attempt took the packet over (a re-delivery of the task, or the periodic job after this
    attempt's lease ran out); this one stops without writing anything."""


def build_lease() -> datetime.timedelta:
    """How long a build counts as alive after it last reported a step (settings.PACKET_BUILD_LEASE_SECONDS).

    At least the build task's hard time limit, so a lease runs out only when its worker is gone."""
    return datetime.timedelta(seconds=settings.PACKET_BUILD_LEASE_SECONDS)


def _sign(
    *, sponsor: Sponsor, user: User, meaning: str, content: dict[str, Any], confirmed_at: datetime.datetime | None
) -> Signature:
    """A completion signature always follows a recent password confirmation."""
    if confirmed_at is None:
        raise ValidationError({"password": _("Confirm your password to sign.")})
    return sign(sponsor=sponsor, signer=user, meaning=meaning, content=content, password_confirmed_at=confirmed_at)


def _enqueue_build(packet: CompletionPacket) -> None:
    """Hand the build to the workers after the commit.  If the broker does not take it, the packet
    says so and stays queued; requeue_stuck_packets hands it over once the broker answers."""
    from completion.tasks import build_packet

    packet_id, sponsor_id = packet.pk, packet.sponsor_id

    def handed_over_or_not() -> None:
        with scope(sponsor=sponsor_id):  # after the commit, whoever runs the callbacks
            if dispatch.send(build_packet, packet_id, on_failure=lambda error: _handover_failed(packet_id)):
                CompletionPacket.objects.filter(pk=packet_id, handover_failed_at__isnull=False).update(
                    handover_failed_at=None
                )

    transaction.on_commit(handed_over_or_not)


def _handover_failed(packet_id: int) -> None:
    CompletionPacket.objects.filter(pk=packet_id, status=CompletionPacket.Status.QUEUED).update(
        handover_failed_at=timezone.now()
    )


def _new_packet(recommendation: Recommendation, user: User) -> CompletionPacket:
    last = recommendation.packets.order_by("-version").values_list("version", flat=True).first() or 0
    packet = CompletionPacket.objects.create(
        sponsor=recommendation.sponsor, recommendation=recommendation, version=last + 1,
        requested_by=user, requested_at=timezone.now(),
    )
    _enqueue_build(packet)
    return packet


def _require_enrollment(by: Membership, permission: str, enrollment: Enrollment) -> None:
    """`require` for an enrollment, held against the enrollments rule the pages use."""
    require(by, permission)
    if not enrollments_visible_to(by).filter(pk=enrollment.pk).exists():
        raise PermissionDenied(_("This record is not one of yours to change."))


def recommend(*, enrollment: Enrollment, by: Membership, confirmed_at: datetime.datetime | None) -> Recommendation:
    """The employer admin's signed recommendation of an eligible apprentice, and the first packet build.

    Refuses a member who may not recommend this apprentice, an apprentice who is not eligible (the
    error lists what is missing) or who already has a recommendation waiting for review.
    """
    _require_enrollment(by, "completion.recommend", enrollment)
    with transaction.atomic():
        enrollment = Enrollment.objects.select_for_update().get(pk=enrollment.pk)
        if enrollment.status == Enrollment.Status.COMPLETED:
            raise ValidationError(_("This apprentice has already completed the program."))
        if Recommendation.objects.filter(enrollment=enrollment, status=Recommendation.Status.PENDING).exists():
            raise ValidationError(_("This apprentice's recommendation is already waiting for the sponsor's review."))
        checklist = eligibility(enrollment)
        if not checklist.eligible:
            raise ValidationError(
                [_("Not eligible yet:")] + [f"{line.label}: {line.detail}" for line in checklist.missing]
            )
        signature = _sign(
            sponsor=enrollment.sponsor, user=by.user, meaning=Recommendation.ATTESTATION, confirmed_at=confirmed_at,
            content={"action": "recommend_completion", "enrollment": enrollment.pk,
                     "apprentice": enrollment.full_name, "checklist": checklist.as_content()},
        )
        recommendation = Recommendation.objects.create(
            sponsor=enrollment.sponsor, enrollment=enrollment, recommended_by=by.user, signature=signature,
        )
        _new_packet(recommendation, by.user)
    return recommendation


def packet_regenerate(*, recommendation: Recommendation, by: Membership) -> CompletionPacket:
    """A new packet version from the records as they are now; earlier versions are kept.  Refuses a
    member who may not review the recommendation."""
    require(by, "completion.review", recommendation)
    with transaction.atomic():
        recommendation = Recommendation.objects.select_for_update().get(pk=recommendation.pk)
        if recommendation.status != Recommendation.Status.PENDING:
            raise ValidationError(_("Only a recommendation waiting for review gets new packets."))
        building = recommendation.packets.filter(
            status__in=[CompletionPacket.Status.QUEUED, CompletionPacket.Status.BUILDING]
        )
        already = building.first()
        if already is not None:
            return already  # a double click does not start a second build
        return _new_packet(recommendation, by.user)


def packet_retry(*, packet: CompletionPacket, by: Membership) -> CompletionPacket:
    """Queue a failed packet again.  Refuses a member who may not review its recommendation."""
    require(by, "completion.review", packet)
    with transaction.atomic():
        packet = CompletionPacket.objects.select_for_update().get(pk=packet.pk)
        if packet.status != CompletionPacket.Status.FAILED:
            return packet
        packet.status = CompletionPacket.Status.QUEUED
        packet.step = 0
        packet.error = ""
        packet.requested_at = timezone.now()
        packet.restarted_at = None
        packet.save(update_fields=["status", "step", "error", "requested_at", "restarted_at"])
        _enqueue_build(packet)
    return packet


PacketRenderer = Callable[[CompletionPacket, Callable[[int], None]], tuple[bytes, str, int]]


def packet_build(
    packet_id: int, *, attempt: str | None = None, render: PacketRenderer | None = None
) -> CompletionPacket:
    """Build one packet; exactly one attempt ever finishes it, into one file.

    Each attempt takes the packet over under its row lock with a token of its own and a lease, which
    every step renews.  The latest attempt wins: an earlier one (a task Redis delivered again, or one
    whose worker was thought dead) finds its token gone at its next step, or when it comes to save,
    and stops with BuildSuperseded without writing anything.  A ready packet is left alone.
    """
    from completion import packet as packet_module

    render = render or packet_module.render_packet
    token = attempt or uuid.uuid4().hex
    with transaction.atomic():
        packet = CompletionPacket.objects.select_for_update().select_related(
            "recommendation__enrollment", "sponsor"
        ).get(pk=packet_id)
        if packet.status == CompletionPacket.Status.READY:
            return packet
        now = timezone.now()
        if packet.status == CompletionPacket.Status.BUILDING:
            packet.restarted_at = now  # an earlier attempt never finished: its worker died, or it failed and is retried
        packet.status = CompletionPacket.Status.BUILDING
        packet.attempts += 1
        packet.step = 0
        packet.started_at = now
        packet.handover_failed_at = None
        packet.lease_token = token
        packet.lease_expires_at = now + build_lease()
        packet.save(update_fields=["status", "attempts", "step", "started_at", "handover_failed_at", "lease_token",
                                   "lease_expires_at", "restarted_at"])

    def progress(step: int) -> None:
        renewed = CompletionPacket.objects.filter(pk=packet.pk, lease_token=token).update(
            step=step, lease_expires_at=timezone.now() + build_lease()
        )
        if not renewed:
            raise BuildSuperseded(packet_id)

    pdf, records_hash, pages = render(packet, progress)
    with transaction.atomic():
        packet = CompletionPacket.objects.select_for_update().get(pk=packet_id)
        if packet.status == CompletionPacket.Status.READY:
            return packet  # another attempt finished first
        if packet.lease_token != token:
            raise BuildSuperseded(packet_id)
        packet.file.save(f"packet-{packet.sponsor_id}-{packet.recommendation_id}-v{packet.version}.pdf",
                         ContentFile(pdf), save=False)
        packet.status = CompletionPacket.Status.READY
        packet.step = len(CompletionPacket.STEPS)
        packet.content_hash = records_hash
        packet.page_count = pages
        packet.generated_at = timezone.now()
        packet.error = ""
        packet.lease_token = ""
        packet.lease_expires_at = None
        packet.save()
    return packet


def packet_fail(packet_id: int, error: object, *, attempt: str | None = None) -> None:
    """Mark the packet failed, unless it is ready or (given the attempt) another attempt owns it now."""
    packets = CompletionPacket.objects.filter(pk=packet_id).exclude(status=CompletionPacket.Status.READY)
    if attempt is not None:
        packets = packets.filter(lease_token=attempt)
    packets.update(status=CompletionPacket.Status.FAILED, error=str(error)[:2000], lease_token="",
                   lease_expires_at=None)


def requeue_stuck_packets(*, now: datetime.datetime | None = None) -> list[int]:
    """Hand over again every packet that would otherwise never be built; returns their ids.

    - queued, and the broker did not take it (it was down): as soon as the broker answers again;
    - queued for more than 10 minutes after the broker took it: the message was lost;
    - building, and its lease ran out: the worker died (killed, out of memory) mid-build.  The
      packet goes back to queued, marked restarted; should the dead worker's task come back from
      Redis later, packet_build lets only one attempt finish.
    """
    now = now or timezone.now()
    queued, building = CompletionPacket.Status.QUEUED, CompletionPacket.Status.BUILDING
    stuck = list(
        CompletionPacket.objects.filter(
            Q(status=queued, handover_failed_at__lt=now - HANDOVER_RETRY_AFTER)
            | Q(status=queued, requested_at__lt=now - STUCK_AFTER)
            | Q(status=building, lease_expires_at__lt=now)
            # built before leases existed: counted from the start
            | Q(status=building, lease_expires_at__isnull=True, started_at__lt=now - build_lease())
        )
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    requeued = []
    for packet_id in stuck:
        with transaction.atomic():
            packet = CompletionPacket.objects.select_for_update().get(pk=packet_id)
            if packet.status == building:
                if packet.lease_expires_at and packet.lease_expires_at >= now:
                    continue  # it reported a step since we looked
                logger.warning("Packet %s: the build's lease ran out (worker gone); building it again", packet_id)
                packet.status = queued
                packet.step = 0
                packet.restarted_at = now
                packet.lease_token = ""
                packet.lease_expires_at = None
            elif packet.status != queued:
                continue
            packet.requested_at = now
            packet.save(update_fields=["status", "step", "restarted_at", "lease_token", "lease_expires_at",
                                       "requested_at"])
            _enqueue_build(packet)
        requeued.append(packet_id)
    return requeued


def review_return(
    *, recommendation: Recommendation, by: Membership, comment: str, confirmed_at: datetime.datetime | None
) -> Recommendation:
    """Send a recommendation back to the employer with comments; the employer may recommend again."""
    require(by, "completion.review", recommendation)
    comment = clean_text(comment, field="comment")
    if not comment:
        raise ValidationError({"comment": _("Say what the employer needs to fix.")})
    return _decide(recommendation, by, ReviewDecision.Decision.RETURN, comment, confirmed_at)


def review_approve(
    *, recommendation: Recommendation, by: Membership, comment: str = "", confirmed_at: datetime.datetime | None
) -> Recommendation:
    """Approve completion: the enrollment becomes completed (irreversible) and the certificate is issued.
    Refuses a member who may not review the recommendation."""
    require(by, "completion.review", recommendation)
    comment = clean_text(comment, field="comment")
    return _decide(recommendation, by, ReviewDecision.Decision.APPROVE, comment, confirmed_at)


def _decide(
    recommendation: Recommendation, by: Membership, decision: str, comment: str,
    confirmed_at: datetime.datetime | None,
) -> Recommendation:
    from completion.tasks import issue_certificate, notify_completion

    with transaction.atomic():
        recommendation = Recommendation.objects.select_for_update().select_related("enrollment").get(
            pk=recommendation.pk
        )
        if recommendation.status != Recommendation.Status.PENDING:
            raise ValidationError(_("This recommendation has already been decided."))
        meaning = (
            _("I approve the completion of this apprenticeship on behalf of the sponsor.")
            if decision == ReviewDecision.Decision.APPROVE
            else _("I return this completion recommendation to the employer.")
        )
        signature = _sign(
            sponsor=recommendation.sponsor, user=by.user, meaning=meaning, confirmed_at=confirmed_at,
            content={"action": f"completion_{decision}", "recommendation": recommendation.pk,
                     "enrollment": recommendation.enrollment_id, "comment": comment},
        )
        ReviewDecision.objects.create(
            sponsor=recommendation.sponsor, recommendation=recommendation, decision=decision,
            comment=comment, decided_by=by.user, signature=signature,
        )
        if decision == ReviewDecision.Decision.APPROVE:
            recommendation.status = Recommendation.Status.APPROVED
            enrollment_complete(
                enrollment=recommendation.enrollment, effective_date=timezone.localdate(),
                reason=_("Completion approved by the sponsor."), by=by.user, signature=signature,
            )
            certificate = Certificate.objects.create(
                sponsor=recommendation.sponsor, enrollment=recommendation.enrollment,
                number=f"IMT-{recommendation.sponsor.slug.upper()}-{recommendation.enrollment_id:06d}",
                completed_on=timezone.localdate(),
            )
            dispatch.send_on_commit(issue_certificate, certificate.pk)
        else:
            recommendation.status = Recommendation.Status.RETURNED
        recommendation.save(update_fields=["status"])
        dispatch.send_on_commit(notify_completion, recommendation.pk)
    return recommendation


def certificate_render(
    certificate_id: int, *, render: Callable[[Certificate], bytes] | None = None
) -> Certificate:
    """Render the certificate PDF once; running again leaves the existing file."""
    from completion import packet as packet_module

    render = render or packet_module.render_certificate
    with transaction.atomic():
        certificate = Certificate.objects.select_for_update().select_related("enrollment", "sponsor").get(
            pk=certificate_id
        )
        if certificate.file:
            return certificate
        pdf = render(certificate)
        certificate.file.save(f"certificate-{certificate.number}.pdf", ContentFile(pdf), save=False)
        certificate.issued_at = timezone.now()
        certificate.save(update_fields=["file", "issued_at"])
    return certificate
