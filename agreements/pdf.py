"""The agreement as a PDF (WeasyPrint, closed to the network: credentials/pdf.py)."""

from django.utils import timezone

from agreements.selectors import AgreementStatus
from credentials.pdf import render_pdf_pages


def render_agreement(status: AgreementStatus) -> tuple[bytes, int]:
    """(PDF bytes, page count) of one agreement with the signatures it has."""
    agreement = status.agreement
    enrollment = agreement.enrollment
    return render_pdf_pages("agreements/pdf/agreement.html", {
        "status": status, "agreement": agreement, "terms": agreement.content, "enrollment": enrollment,
        "sponsor": enrollment.sponsor, "generated_at": timezone.now(),
    }, sponsor=enrollment.sponsor)
