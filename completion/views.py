from csp.constants import SELF
from csp.decorators import csp_replace
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.decorators.http import require_POST

from completion import services
from completion.eligibility import eligibility
from completion.forms import DecisionForm, RecommendForm
from completion.models import Certificate, CompletionPacket, Recommendation
from completion.packet import is_stale
from imt.pages import apply_validation_error, paginate


def _tell_if_waiting_for_workers(request, packet):
    """The broker did not take the build (Redis down): say so on the page the employer goes back to,
    which does not show the packet (the review page does, in the packet's own status)."""
    if packet is not None and packet.status == CompletionPacket.Status.QUEUED and packet.handover_failed_at:
        messages.warning(request, _(
            "The packet is waiting to be handed to the background workers, which cannot be reached right now. "
            "It will start by itself as soon as they answer; nothing is lost and there is nothing to do."
        ))


def my_checklist(request, sponsor_slug):
    """The apprentice's own checklist, which their dashboard loads after the page (htmx) so that the
    dashboard itself stays within its query budget.  Without htmx: the full eligibility page."""
    from apprentices.selectors import current_enrollment

    enrollment = current_enrollment(request.membership)
    if enrollment is None:
        raise Http404
    if not request.htmx:
        return redirect("completion_eligibility", sponsor_slug, enrollment.pk)
    return render(request, "completion/partials/my_checklist.html", {
        "checklist": eligibility(enrollment), "enrollment": enrollment,
    })


def eligibility_page(request, sponsor_slug, apprentice_enrollment):
    """The checklist, the recommendation form for the employer admin, and the review history."""
    enrollment = apprentice_enrollment
    checklist = eligibility(enrollment)
    form = None
    can_recommend = request.membership.can("completion.recommend")
    pending = enrollment.recommendations.filter(status=Recommendation.Status.PENDING).first()
    if can_recommend and checklist.eligible and pending is None and enrollment.status != "completed":
        form = RecommendForm(request.POST or None, request=request)
        if request.method == "POST" and form.is_valid():
            try:
                recommendation = services.recommend(
                    enrollment=enrollment, by=request.membership, confirmed_at=form.confirmed_at
                )
            except ValidationError as error:
                apply_validation_error(form, error)
            else:
                messages.success(request, _("The recommendation was signed and sent to the sponsor."))
                _tell_if_waiting_for_workers(request, recommendation.packets.order_by("-version").first())
                return redirect("completion_eligibility", sponsor_slug, enrollment.pk)
    history = enrollment.recommendations.select_related("decision__decided_by", "signature").order_by("-created_at")
    certificate = Certificate.objects.filter(enrollment=enrollment).first()
    return render(request, "completion/eligibility.html", {
        "enrollment": enrollment, "checklist": checklist, "form": form, "pending": pending,
        "history": history, "certificate": certificate, "can_recommend": can_recommend,
    })


def review_queue(request, sponsor_slug):
    recommendations = (
        Recommendation.objects.filter(sponsor=request.sponsor, status=Recommendation.Status.PENDING)
        .select_related("enrollment__employer", "enrollment__program", "recommended_by")
        .order_by("created_at")
    )
    page = paginate(request, recommendations)
    latest = {}
    for packet in CompletionPacket.objects.filter(recommendation__in=[r.pk for r in page]).order_by("version"):
        latest[packet.recommendation_id] = packet
    rows = [(r, latest.get(r.pk)) for r in page]
    return render(request, "completion/review_queue.html", {"page": page, "rows": rows})


def completed_list(request, sponsor_slug):
    certificates = Certificate.objects.filter(sponsor=request.sponsor).select_related(
        "enrollment__employer", "enrollment__program"
    )
    page = paginate(request, certificates)
    # A worker issues the certificate just after the approval: the page refreshes itself until it has.
    being_issued = any(not certificate.file for certificate in page)
    return render(request, "completion/completed_list.html", {"page": page, "being_issued": being_issued})


# The packet PDF is shown in a frame beside the decision.  (django-csp annotates a view as taking the
# request alone, not a page's URL arguments too.)
@csp_replace({"frame-src": [SELF]})  # type: ignore[arg-type]
def review_page(request, sponsor_slug, recommendation):
    packets = list(recommendation.packets.select_related("requested_by").order_by("-version"))
    packet = packets[0] if packets else None
    form = None
    if request.membership.can("completion.review") and recommendation.status == Recommendation.Status.PENDING:
        form = DecisionForm(request.POST or None, request=request)
        if request.method == "POST" and form.is_valid():
            decide = services.review_approve if form.cleaned_data["decision"] == "approve" else services.review_return
            try:
                decide(recommendation=recommendation, by=request.membership, comment=form.cleaned_data["comment"],
                       confirmed_at=form.confirmed_at)
            except ValidationError as error:
                apply_validation_error(form, error)
            else:
                if form.cleaned_data["decision"] == "approve":
                    messages.success(request, _("Completion approved. The certificate is being issued."))
                else:
                    messages.success(request, _("The recommendation was returned to the employer."))
                return redirect("completion_review", sponsor_slug=sponsor_slug, recommendation_pk=recommendation.pk)
    return render(request, "completion/review.html", {
        "recommendation": recommendation, "enrollment": recommendation.enrollment, "packet": packet,
        "packets": packets, "form": form, "stale": packet is not None and is_stale(packet),
        "decision": getattr(recommendation, "decision", None) if recommendation.status != "pending" else None,
    })


def packet_progress(request, sponsor_slug, recommendation):
    """The htmx partial polled while a packet builds."""
    packet = recommendation.packets.order_by("-version").first()
    return render(request, "completion/partials/packet_status.html", {
        "recommendation": recommendation, "packet": packet, "stale": packet is not None and is_stale(packet),
    })


@require_POST
def packet_regenerate(request, sponsor_slug, recommendation):
    try:
        services.packet_regenerate(recommendation=recommendation, by=request.membership)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("completion_review", sponsor_slug=sponsor_slug, recommendation_pk=recommendation.pk)


@require_POST
def packet_retry(request, sponsor_slug, packet):
    services.packet_retry(packet=packet, by=request.membership)
    return redirect("completion_review", sponsor_slug=sponsor_slug, recommendation_pk=packet.recommendation_id)


@xframe_options_sameorigin
def packet_pdf(request, sponsor_slug, packet):
    if packet.status != CompletionPacket.Status.READY or not packet.file:
        raise Http404
    name = f"completion-packet-{packet.recommendation.enrollment_id}-v{packet.version}.pdf"
    return FileResponse(packet.file.open("rb"), content_type="application/pdf", filename=name,
                        as_attachment="download" in request.GET)


def certificate_pdf(request, sponsor_slug, certificate):
    if not certificate.file:
        raise Http404
    return FileResponse(certificate.file.open("rb"), content_type="application/pdf",
                        filename=f"certificate-{certificate.number}.pdf", as_attachment=True)
