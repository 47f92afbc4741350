"""Completion: recommend, build the packet, decide, issue the certificate.

Each function is one transaction and the only way to do its action.  Work for
the Celery workers is enqueued with transaction.on_commit, so a task never
starts before the rows it needs are committed.
"""

import logging

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from apprentices.models import Enrollment
from apprentices.services import enrollment_change_status, sign
from completion.eligibility import eligibility
from completion.models import Certificate, CompletionPacket, Recommendation, ReviewDecision
from imt import dispatch

logger = logging.getLogger(__name__)

STUCK_AFTER = timezone.timedelta(minutes=10)


def _sign(*, sponsor, user, meaning, content, confirmed_at):
    """A completion signature always follows a recent password confirmation."""
    if confirmed_at is None:
        raise ValidationError({"password": _("Confirm your password to sign.")})
    return sign(sponsor=sponsor, signer=user, meaning=meaning, content=content, password_confirmed_at=confirmed_at)


def _enqueue_build(packet):
    from completion.tasks import build_packet

    transaction.on_commit(lambda: build_packet.delay(packet.pk))


def _new_packet(recommendation, user):
    last = recommendation.packets.order_by("-version").values_list("version", flat=True).first() or 0
    packet = CompletionPacket.objects.create(
        sponsor=recommendation.sponsor, recommendation=recommendation, version=last + 1,
        requested_by=user, requested_at=timezone.now(),
    )
    _enqueue_build(packet)
    return packet


def recommend(*, enrollment, by, confirmed_at):
    """The employer admin's signed recommendation of an eligible apprentice, and the first packet build.

    Refuses an apprentice who is not eligible (the error lists what is missing) or who already
    has a recommendation waiting for review.
    """
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
            sponsor=enrollment.sponsor, user=by, meaning=Recommendation.ATTESTATION, confirmed_at=confirmed_at,
            content={"action": "recommend_completion", "enrollment": enrollment.pk,
                     "apprentice": enrollment.full_name, "checklist": checklist.as_content()},
        )
        recommendation = Recommendation.objects.create(
            sponsor=enrollment.sponsor, enrollment=enrollment, recommended_by=by, signature=signature,
        )
        _new_packet(recommendation, by)
    return recommendation


def packet_regenerate(*, recommendation, by):
    """A new packet version from the records as they are now; earlier versions are kept."""
    with transaction.atomic():
        recommendation = Recommendation.objects.select_for_update().get(pk=recommendation.pk)
        if recommendation.status != Recommendation.Status.PENDING:
            raise ValidationError(_("Only a recommendation waiting for review gets new packets."))
        building = recommendation.packets.filter(
            status__in=[CompletionPacket.Status.QUEUED, CompletionPacket.Status.BUILDING]
        )
        if building.exists():
            return building.first()  # a double click does not start a second build
        return _new_packet(recommendation, by)


def packet_retry(*, packet):
    """Queue a failed packet again."""
    with transaction.atomic():
        packet = CompletionPacket.objects.select_for_update().get(pk=packet.pk)
        if packet.status != CompletionPacket.Status.FAILED:
            return packet
        packet.status = CompletionPacket.Status.QUEUED
        packet.step = 0
        packet.error = ""
        packet.requested_at = timezone.now()
        packet.save(update_fields=["status", "step", "error", "requested_at"])
        _enqueue_build(packet)
    return packet


def packet_build(packet_id, *, render=None):
    """Build one packet.  Safe to run twice or after a worker died mid-build: a ready packet is left
    alone, anything else is (re)built into the same row and the same file name."""
    from completion import packet as packet_module

    render = render or packet_module.render_packet
    with transaction.atomic():
        packet = CompletionPacket.objects.select_for_update().select_related(
            "recommendation__enrollment", "sponsor"
        ).get(pk=packet_id)
        if packet.status == CompletionPacket.Status.READY:
            return packet
        packet.status = CompletionPacket.Status.BUILDING
        packet.attempts += 1
        packet.step = 0
        packet.started_at = timezone.now()
        packet.save(update_fields=["status", "attempts", "step", "started_at"])

    def progress(step):
        CompletionPacket.objects.filter(pk=packet.pk).update(step=step)

    pdf, records_hash, pages = render(packet, progress)
    with transaction.atomic():
        packet = CompletionPacket.objects.select_for_update().get(pk=packet_id)
        if packet.status == CompletionPacket.Status.READY:
            return packet  # another delivery of the same task finished first
        packet.file.save(f"packet-{packet.sponsor_id}-{packet.recommendation_id}-v{packet.version}.pdf",
                         ContentFile(pdf), save=False)
        packet.status = CompletionPacket.Status.READY
        packet.step = len(CompletionPacket.STEPS)
        packet.content_hash = records_hash
        packet.page_count = pages
        packet.generated_at = timezone.now()
        packet.error = ""
        packet.save()
    return packet


def packet_fail(packet_id, error):
    CompletionPacket.objects.filter(pk=packet_id).exclude(status=CompletionPacket.Status.READY).update(
        status=CompletionPacket.Status.FAILED, error=str(error)[:2000]
    )


def requeue_stuck_packets(*, now=None):
    """Re-queue packets still waiting in "queued" 10 minutes after they were asked for (a lost message)."""
    now = now or timezone.now()
    stuck = list(
        CompletionPacket.objects.filter(status=CompletionPacket.Status.QUEUED, requested_at__lt=now - STUCK_AFTER)
        .values_list("pk", flat=True)
    )
    for packet_id in stuck:
        with transaction.atomic():
            CompletionPacket.objects.filter(pk=packet_id).update(requested_at=now)
            _enqueue_build(CompletionPacket(pk=packet_id))
    return stuck


def review_return(*, recommendation, by, comment, confirmed_at):
    """Send a recommendation back to the employer with comments; the employer may recommend again."""
    if not comment.strip():
        raise ValidationError({"comment": _("Say what the employer needs to fix.")})
    return _decide(recommendation, by, ReviewDecision.Decision.RETURN, comment, confirmed_at)


def review_approve(*, recommendation, by, comment="", confirmed_at):
    """Approve completion: the enrollment becomes completed (irreversible) and the certificate is issued."""
    return _decide(recommendation, by, ReviewDecision.Decision.APPROVE, comment, confirmed_at)


def _decide(recommendation, by, decision, comment, confirmed_at):
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
            sponsor=recommendation.sponsor, user=by, meaning=meaning, confirmed_at=confirmed_at,
            content={"action": f"completion_{decision}", "recommendation": recommendation.pk,
                     "enrollment": recommendation.enrollment_id, "comment": comment},
        )
        ReviewDecision.objects.create(
            sponsor=recommendation.sponsor, recommendation=recommendation, decision=decision,
            comment=comment, decided_by=by, signature=signature,
        )
        if decision == ReviewDecision.Decision.APPROVE:
            recommendation.status = Recommendation.Status.APPROVED
            enrollment_change_status(
                enrollment=recommendation.enrollment, to_status=Enrollment.Status.COMPLETED,
                effective_date=timezone.localdate(), reason=_("Completion approved by the sponsor."), by=by,
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


def certificate_render(certificate_id, *, render=None):
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
