"""The completion packet (SPEC §8) and the journeyworker certificate as PDFs.

`packet_data()` gathers every record the packet shows; `records_hash()` is the
SHA-256 of a canonical summary of those records, printed on every page and kept
with the packet, so a reviewer can tell when the records changed after the
packet was built.
"""

from django.conf import settings
from django.db.models import Q
from django.utils import timezone
from django.utils.module_loading import import_string

from apprentices.charts import hours_by_month_svg
from apprentices.models import AdvancedStanding, Signature, content_hash
from apprentices.selectors import enrollment_progress, hours_by_month
from completion.eligibility import eligibility
from completion.models import CompletionPacket, Recommendation
from credentials.pdf import render_pdf, render_pdf_pages
from credentials.selectors import credentials_of
from rti.selectors import course_credits, course_results


def signatures_of(enrollment):
    """Every signature over this apprentice's records, oldest first."""
    return (
        Signature.objects.filter(
            Q(ojt_entries__enrollment=enrollment)
            | Q(sign_off__enrollment=enrollment)
            | Q(revocation__sign_off__enrollment=enrollment)
            | Q(advanced_standing__enrollment=enrollment)
            | Q(pk__in=Recommendation.objects.filter(enrollment=enrollment).values("signature"))
            | Q(pk__in=Recommendation.objects.filter(enrollment=enrollment, decision__isnull=False)
                .values("decision__signature"))
        )
        .distinct()
        .select_related("signer")
        .order_by("signed_at", "pk")
    )


def wage_history(enrollment):
    """The enrollment's confirmed raises, from the app named by settings.WAGE_HISTORY (empty without one)."""
    return list(import_string(settings.WAGE_HISTORY)(enrollment)) if settings.WAGE_HISTORY else []


def packet_data(enrollment, progress_callback=lambda step: None):
    progress_callback(0)
    progress = enrollment_progress(enrollment)
    apprentice = enrollment.apprentice
    results = list(course_results(apprentice)) if apprentice else []
    credits = [c for c in course_credits(apprentice) if c.status == "approved"] if apprentice else []
    credentials = list(credentials_of(apprentice)) if apprentice else []
    standings = list(
        AdvancedStanding.objects.filter(enrollment=enrollment, status=AdvancedStanding.Status.APPROVED)
        .prefetch_related("hours__competency", "skills__skill").select_related("decided_by")
    )
    signatures = list(signatures_of(enrollment))
    progress_callback(1)
    checklist = eligibility(enrollment, progress=progress)
    progress_callback(2)
    months = hours_by_month(enrollment)
    progress_callback(3)
    return {
        "enrollment": enrollment,
        "sponsor": enrollment.sponsor,
        "program": enrollment.program,
        "standards": enrollment.standards_version,  # what the apprentice is registered under
        "employer": enrollment.employer,
        "progress": progress,
        "checklist": checklist,
        "months": months,
        "chart_svg": hours_by_month_svg(months, title="Approved OJT hours by month"),
        "results": results,
        "credits": credits,
        "credentials": credentials,
        "standings": standings,
        "signatures": signatures,
        "wages": wage_history(enrollment),
    }


def records_summary(data):
    """What the packet was built from, as plain values: the input of the records hash."""
    progress = data["progress"]
    return {
        "enrollment": [data["enrollment"].pk, data["enrollment"].status, str(data["enrollment"].start_date),
                       data["enrollment"].job_book_version_id],
        "competencies": [
            [row.competency.key, str(row.approved), str(row.pending), str(row.credited),
             [[s.skill.key, s.sign_off.pk if s.sign_off else None, s.credited] for s in row.skills]]
            for row in progress.competencies
        ],
        "results": [[r.pk, str(r.attended_hours), r.grade, str(r.completed_on)] for r in data["results"]],
        "credits": [[c.pk, str(c.credited_hours)] for c in data["credits"]],
        "credentials": [[c.pk, str(c.earned_on), str(c.expires_on), bool(c.verified_at)] for c in data["credentials"]],
        "standings": [s.pk for s in data["standings"]],
        "signatures": [s.content_hash for s in data["signatures"]],
        # Only with raises confirmed, so that the hash of a packet without any stays what it was.
        **({"wages": [[str(w.effective_date), str(w.hourly_rate), w.step] for w in data["wages"]]}
           if data.get("wages") else {}),
    }


def records_hash(enrollment):
    """The hash of the enrollment's records now, to compare with a packet's."""
    return content_hash(records_summary(packet_data(enrollment)))


def render_packet(packet, progress_callback):
    """(pdf bytes, records hash, page count) for `packet`."""
    enrollment = packet.recommendation.enrollment
    data = packet_data(enrollment, progress_callback)
    summary_hash = content_hash(records_summary(data))
    data.update(packet=packet, records_hash=summary_hash, generated_at=timezone.now(),
                recommendation=packet.recommendation)
    progress_callback(4)
    pdf, pages = render_pdf_pages("completion/pdf/packet.html", data, sponsor=enrollment.sponsor)
    progress_callback(5)
    return pdf, summary_hash, pages


def render_certificate(certificate):
    enrollment = certificate.enrollment
    return render_pdf(
        "completion/pdf/certificate.html",
        {"certificate": certificate, "enrollment": enrollment, "sponsor": enrollment.sponsor,
         "program": enrollment.program, "standards": enrollment.standards_version,
         "employer": enrollment.employer},
        sponsor=enrollment.sponsor,
    )


def is_stale(packet):
    """True when the records changed after this packet was built."""
    if packet.status != CompletionPacket.Status.READY:
        return False
    return records_hash(packet.recommendation.enrollment) != packet.content_hash
