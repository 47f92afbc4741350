"""The transcript's pages: the full record of an enrollment (and its PDF), issuing and revoking verifiable
copies, and the public verification page.

The sponsor pages get their records already looked up by visibility (transcripts.selectors, the
apprentices' rules); the public pages find an issue by its code alone, outside any sponsor's scope, then
enter that sponsor's scope to compare the record's hash.
"""

from django import forms
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_scopes import scope, scopes_disabled

from apprentices.models import Enrollment
from imt.forms import CrispyMixin
from imt.pages import form_page, post_action
from transcripts import selectors, services, throttle
from transcripts.models import TranscriptIssue, grouped, normalise_code
from transcripts.pdf import render_transcript, verification_url


def record(request, sponsor_slug, apprentice_enrollment):
    """The enrollment's whole record; a POST issues a verifiable transcript of it."""
    enrollment = apprentice_enrollment
    if request.method == "POST":
        return post_action(
            request, lambda: services.transcript_issue(enrollment=enrollment, by=request.membership),
            message=lambda issue: _("Transcript issued. Its verification code is %(code)s.")
            % {"code": issue.grouped_code},
            success_url=request.path,
        )
    transcript = selectors.transcript_record(enrollment)
    current_hash = transcript.content_hash()
    issues = [selectors.issue_state(issue, current_hash=current_hash) for issue in selectors.issues_of(enrollment)]
    return render(request, "transcripts/record.html", {
        "record": transcript,
        "enrollment": enrollment,
        "current_hash": current_hash,
        "issues": issues,
        "can_issue": request.membership.can("transcripts.issue"),
        "can_revoke": request.membership.can("transcripts.revoke"),
    })


def _pdf_response(enrollment, issue=None):
    pdf, _pages = render_transcript(enrollment, issue)
    name = f"transcript-{slugify(enrollment.full_name)}"
    name += f"-{issue.code}.pdf" if issue else ".pdf"
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def record_pdf(request, sponsor_slug, apprentice_enrollment):
    """The record as a PDF, not issued: no verification code."""
    return _pdf_response(apprentice_enrollment)


def issue_pdf(request, sponsor_slug, transcript_issue):
    """An issued transcript as a PDF, with its code, hash and verification address."""
    return _pdf_response(transcript_issue.enrollment, transcript_issue)


class RevokeForm(CrispyMixin, forms.Form):
    reason = forms.CharField(label=gettext_lazy("Reason"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000,
                             help_text=gettext_lazy("Shown to the sponsor's staff; the public page says only that "
                                                    "the transcript was revoked."))


def issue_revoke(request, sponsor_slug, transcript_issue):
    issue = transcript_issue
    enrollment = issue.enrollment
    return form_page(
        request, RevokeForm(request.POST or None),
        save=lambda data: services.transcript_revoke(issue=issue, by=request.membership, reason=data["reason"]),
        message=lambda _revocation: _("Transcript %(code)s was revoked.") % {"code": issue.grouped_code},
        success_url=_record_url(request, enrollment),
        template="transcripts/revoke.html",
        context={"issue": issue, "enrollment": enrollment, "revocation": selectors.revocation_of(issue),
                 "cancel_url": _record_url(request, enrollment)},
    )


def _record_url(request, enrollment):
    return reverse("transcript_record", kwargs={"sponsor_slug": request.sponsor.slug,
                                                "apprentice_enrollment_pk": enrollment.pk})


# --- Public ---------------------------------------------------------------------------------------


class VerifyForm(CrispyMixin, forms.Form):
    code = forms.CharField(label=gettext_lazy("Verification code"), max_length=40,
                           help_text=gettext_lazy("The sixteen letters and digits printed on the transcript, "
                                                  "e.g. ABCD-EFGH-JK23-LM45."))


def verify_form(request):
    """Type a code to check a transcript."""
    form = VerifyForm(request.GET or None)
    if request.GET and form.is_valid():
        code = normalise_code(form.cleaned_data["code"]) or "-"
        return redirect("transcript_verify", code=code)
    return render(request, "transcripts/verify_form.html", {"form": form})


def verify(request, code):
    """What a transcript's reader may know: name, program, totals, status, issue date and the hash — and
    whether the transcript was revoked or the record changed since."""
    if throttle.limited(request):
        response = render(request, "transcripts/verify_limited.html", status=429)
        response["Retry-After"] = str(throttle.WINDOW_SECONDS)
        return response
    with scopes_disabled():
        issue = selectors.issue_by_code(code)
    if issue is None:
        throttle.count_unknown(request)
        response = render(request, "transcripts/verify_unknown.html", {"code": code[:40]}, status=404)
    else:
        with scope(sponsor=issue.sponsor):
            issue = TranscriptIssue.objects.select_related("enrollment__standards_version").get(pk=issue.pk)
            state = selectors.issue_state(issue)
        response = render(request, "transcripts/verify.html", {
            "issue": issue, "state": state, "summary": issue.summary,
            "status_label": dict(Enrollment.Status.choices).get(issue.summary.get("status"), ""),
            "code": grouped(issue.code), "verification_url": verification_url(issue),
        })
    response["X-Robots-Tag"] = "noindex, nofollow"
    response["Cache-Control"] = "no-store"
    return response
