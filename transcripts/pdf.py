"""The transcript as a PDF, laid out by WeasyPrint through the project's network-closed renderer
(credentials/pdf.py).  An issued transcript prints its verification code, the hash of the record's
content and the verification address; a copy printed before any issue says it cannot be verified."""

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from credentials.pdf import render_pdf_pages
from transcripts import selectors


def verification_url(issue):
    return settings.SITE_URL.rstrip("/") + reverse("transcript_verify", kwargs={"code": issue.code})


def render_transcript(enrollment, issue=None):
    """(PDF bytes, page count) of the enrollment's transcript, for `issue` when given."""
    record = selectors.transcript_record(enrollment)
    current_hash = record.content_hash()
    context = {
        "record": record,
        "enrollment": enrollment,
        "sponsor": enrollment.sponsor,
        "generated_at": timezone.now(),
        "current_hash": current_hash,
        "issue": issue,
        "state": selectors.issue_state(issue, current_hash=current_hash) if issue else None,
        "verification_url": verification_url(issue) if issue else "",
    }
    return render_pdf_pages("transcripts/pdf/transcript.html", context, sponsor=enrollment.sponsor)
