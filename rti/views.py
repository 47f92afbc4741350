"""RTI pages.  The records a URL names arrive looked up among those the member may see (imt/visibility.py);
every write goes through rti.services, which checks the page's write permission again."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from imt.evidence import evidence_download_name, evidence_response
from imt.pages import apply_validation_error, form_page, paginate, post_action
from rti import selectors, services
from rti.forms import (
    CourseForm,
    CreditDecisionForm,
    CreditRequestForm,
    EnrollForm,
    ProviderForm,
    ResultRowForm,
    SectionForm,
)
from rti.models import PriorCourseCredit

FORM = "rti/form.html"

# --- Catalog ---------------------------------------------------------------


def course_list(request, sponsor_slug):
    show = request.GET.get("show", "current")
    courses = selectors.course_list(request.sponsor, retired=show == "retired")
    total = sum(c.hours for c in courses) if show != "retired" else None
    return render(request, "rti/course_list.html", {"courses": courses, "show": show, "total_hours": total})


def course_edit(request, sponsor_slug, course=None):
    """A new course of the catalog (no `course`) or the course's details."""
    if course is None:
        save = lambda data: services.course_create(by=request.membership, **data)  # noqa: E731
        done, title = _("Course “%(name)s” was added to the catalog."), _("New course")
    else:
        save = lambda data: services.course_update(course=course, by=request.membership, **data)  # noqa: E731
        done, title = _("Course “%(name)s” was saved."), course.name
    return form_page(
        request, CourseForm(request.POST or None, instance=course, sponsor=request.sponsor), save=save,
        message=lambda saved: done % {"name": saved.name},
        success_url=reverse("rti_course_list", args=[sponsor_slug]),
        template=FORM, context={"title": title, "back": "rti_course_list"},
    )


@require_POST
def course_retire(request, sponsor_slug, course):
    if course.is_retired:
        act, message = services.course_restore, _("Course “%(name)s” is back in the catalog.")
    else:
        act, message = services.course_retire, _("Course “%(name)s” was retired; transcripts keep it.")
    return post_action(
        request, lambda: act(course=course, by=request.membership),
        message=lambda course: message % {"name": course.name},
        success_url=reverse("rti_course_list", args=[sponsor_slug]),
    )


# --- Providers -------------------------------------------------------------


def provider_list(request, sponsor_slug):
    providers = selectors.provider_list(request.sponsor)
    return render(request, "rti/provider_list.html", {"page": paginate(request, providers)})


def provider_edit(request, sponsor_slug, provider=None):
    """A new provider (no `provider`) or the provider's details."""
    if provider is None:
        save = lambda data: services.provider_create(by=request.membership, **data)  # noqa: E731
        done, title = _("Provider “%(name)s” was added."), _("New provider")
    else:
        save = lambda data: services.provider_update(provider=provider, by=request.membership, **data)  # noqa: E731
        done, title = _("Provider “%(name)s” was saved."), provider.name
    return form_page(
        request, ProviderForm(request.POST or None, instance=provider, sponsor=request.sponsor), save=save,
        message=lambda saved: done % {"name": saved.name},
        success_url=reverse("rti_provider_list", args=[sponsor_slug]),
        template=FORM, context={"title": title, "back": "rti_provider_list"},
    )


# --- Sections --------------------------------------------------------------


def section_list(request, sponsor_slug):
    page = paginate(request, selectors.section_list(request.membership))
    return render(request, "rti/section_list.html", {"page": page})


def section_create(request, sponsor_slug):
    form = SectionForm(request.POST or None, sponsor=request.sponsor)
    if request.method == "POST" and form.is_valid():
        try:
            section = services.section_create(by=request.membership, **form.cleaned_data)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("Section of “%(course)s” was added; enroll apprentices now.")
                             % {"course": section.course})
            return redirect("rti_section_detail", sponsor_slug=sponsor_slug, section_pk=section.pk)
    return render(request, FORM, {"form": form, "title": _("New section"), "back": "rti_section_list"})


def section_update(request, sponsor_slug, section):
    return form_page(
        request, SectionForm(request.POST or None, instance=section, sponsor=request.sponsor),
        save=lambda data: services.section_update(section=section, by=request.membership, **data),
        message=lambda _section: _("The section was saved."),
        success_url=reverse("rti_section_detail", args=[sponsor_slug, section.pk]),
        template=FORM, context={"title": str(section), "back": "rti_section_list"},
    )


def section_detail(request, sponsor_slug, section):
    roster = list(selectors.section_roster(section))
    context = {"section": section, "roster": roster, "seats_left": section.capacity - len(roster),
               "changes": selectors.section_changes(section)}
    if request.membership.can("rti.manage"):
        context["enroll_form"] = EnrollForm(candidates=selectors.enrollable_apprentices(section))
    return render(request, "rti/section_detail.html", context)


@require_POST
def section_enroll(request, sponsor_slug, section):
    form = EnrollForm(request.POST, candidates=selectors.apprentices_of(request.sponsor))
    if form.is_valid():
        try:
            enrolled = services.section_enroll(section=section, apprentices=form.cleaned_data["apprentices"],
                                               by=request.membership)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("%(n)d apprentice(s) enrolled.") % {"n": len(enrolled)})
    else:
        messages.error(request, " ".join(m for errors in form.errors.values() for m in errors))
    return redirect("rti_section_detail", sponsor_slug=sponsor_slug, section_pk=section.pk)


@require_POST
def section_unenroll(request, sponsor_slug, section, section_enrollment):
    if section_enrollment.section_id != section.pk:  # a seat of another section, under this one's address
        raise Http404
    return post_action(
        request, lambda: services.section_unenroll(enrollment=section_enrollment, by=request.membership),
        message=lambda seat: _("%(name)s was taken off the roster.") % {"name": seat.apprentice.user},
        success_url=reverse("rti_section_detail", args=[sponsor_slug, section.pk]),
    )


def section_results(request, sponsor_slug, section):
    """The results grid: one row per apprentice of the section, saved all at once."""
    roster = list(selectors.section_roster(section))
    rows = []
    for enrollment in roster:
        initial = {
            "attended_hours": enrollment.attended_hours, "grade": enrollment.grade,
            "completed_on": enrollment.completed_on, "hours_reason": enrollment.hours_reason,
        }
        form = ResultRowForm(request.POST or None, prefix=f"r{enrollment.pk}", initial=initial)
        rows.append((enrollment, form))
    if request.method == "POST":
        if all(form.is_valid() for _enrollment, form in rows):
            try:
                changed = services.section_results_record(
                    section=section, by=request.membership,
                    results={enrollment.pk: form.cleaned_data for enrollment, form in rows},
                )
            except services.SectionResultsError as error:
                for enrollment, form in rows:
                    for field, message in error.row_errors.get(enrollment.pk, {}).items():
                        form.add_error(field, message)
                messages.error(request, error.messages[0])
            else:
                if changed:
                    messages.success(request, _("Results saved for %(n)d apprentice(s).") % {"n": changed})
                else:
                    messages.info(request, _("Nothing had changed."))
                return redirect("rti_section_results", sponsor_slug=sponsor_slug, section_pk=section.pk)
        else:
            messages.error(request, _("Nothing was saved: correct the rows marked below."))
    return render(request, "rti/section_results.html", {"section": section, "rows": rows})


# --- Prior-course credit ---------------------------------------------------


def credit_list(request, sponsor_slug):
    status = request.GET.get("status", "pending" if request.membership.is_sponsor_staff else "")
    page = paginate(request, selectors.credit_list(request.membership, status=status))
    return render(request, "rti/credit_list.html", {
        "page": page, "status": status, "statuses": PriorCourseCredit.Status.choices,
    })


def credit_request(request, sponsor_slug):
    apprentices = selectors.apprentices_visible_to(request.membership).filter(is_active=True)
    return form_page(
        request, CreditRequestForm(request.POST or None, request.FILES or None, sponsor=request.sponsor,
                                   apprentices=apprentices),
        save=lambda data: services.credit_request(by=request.membership, **data),
        message=lambda _credit: _("The request for credit was sent to the sponsor."),
        success_url=reverse("rti_credit_list", args=[sponsor_slug]),
        template=FORM, context={
            "title": _("Request credit for a prior course"), "back": "rti_credit_list", "multipart": True,
        },
    )


def credit_decide(request, sponsor_slug, credit):
    return form_page(
        request, CreditDecisionForm(request.POST or None),
        save=lambda data: services.credit_decide(
            credit=credit, approve=data["decision"] == "approve", by=request.membership,
            credited_hours=data["credited_hours"], note=data["decision_note"],
        ),
        message=lambda _credit: _("The decision was recorded."),
        success_url=reverse("rti_credit_list", args=[sponsor_slug]),
        template="rti/credit_decide.html", context={"credit": credit},
    )


def credit_evidence(request, sponsor_slug, credit):
    if not credit.evidence:
        raise Http404
    return evidence_response(
        credit.evidence, content_type=credit.evidence_content_type,
        download_name=evidence_download_name("course-credit-evidence", credit.pk, credit.evidence_content_type),
    )
