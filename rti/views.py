from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from imt.evidence import evidence_download_name, evidence_response
from imt.pages import apply_validation_error, paginate
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
from rti.models import Course, PriorCourseCredit, Provider, ResultChange, SectionEnrollment

# --- Catalog ---------------------------------------------------------------


def course_list(request, sponsor_slug):
    show = request.GET.get("show", "current")
    courses = Course.objects.filter(sponsor=request.sponsor, retired_at__isnull=(show != "retired"))
    courses = courses.annotate(section_count=Count("sections")).order_by("name")
    total = sum(c.hours for c in courses) if show != "retired" else None
    return render(request, "rti/course_list.html", {"courses": courses, "show": show, "total_hours": total})


def course_create(request, sponsor_slug):
    form = CourseForm(request.POST or None, sponsor=request.sponsor)
    if request.method == "POST" and form.is_valid():
        course = form.save()
        messages.success(request, _("Course “%(name)s” was added to the catalog.") % {"name": course.name})
        return redirect("rti_course_list", sponsor_slug=sponsor_slug)
    return render(request, "rti/form.html", {"form": form, "title": _("New course"), "back": "rti_course_list"})


def course_update(request, sponsor_slug, course_pk):
    course = get_object_or_404(Course, sponsor=request.sponsor, pk=course_pk)
    form = CourseForm(request.POST or None, instance=course, sponsor=request.sponsor)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Course “%(name)s” was saved.") % {"name": course.name})
        return redirect("rti_course_list", sponsor_slug=sponsor_slug)
    return render(request, "rti/form.html", {"form": form, "title": course.name, "back": "rti_course_list"})


@require_POST
def course_retire(request, sponsor_slug, course_pk):
    course = get_object_or_404(Course, sponsor=request.sponsor, pk=course_pk)
    if course.is_retired:
        services.course_restore(course=course)
        messages.success(request, _("Course “%(name)s” is back in the catalog.") % {"name": course.name})
    else:
        services.course_retire(course=course)
        messages.success(request, _("Course “%(name)s” was retired; transcripts keep it.") % {"name": course.name})
    return redirect("rti_course_list", sponsor_slug=sponsor_slug)


# --- Providers -------------------------------------------------------------


def provider_list(request, sponsor_slug):
    providers = Provider.objects.filter(sponsor=request.sponsor).annotate(section_count=Count("sections"))
    return render(request, "rti/provider_list.html", {"providers": providers})


def provider_create(request, sponsor_slug):
    form = ProviderForm(request.POST or None, sponsor=request.sponsor)
    if request.method == "POST" and form.is_valid():
        provider = form.save()
        messages.success(request, _("Provider “%(name)s” was added.") % {"name": provider.name})
        return redirect("rti_provider_list", sponsor_slug=sponsor_slug)
    return render(request, "rti/form.html", {"form": form, "title": _("New provider"), "back": "rti_provider_list"})


def provider_update(request, sponsor_slug, provider_pk):
    provider = get_object_or_404(Provider, sponsor=request.sponsor, pk=provider_pk)
    form = ProviderForm(request.POST or None, instance=provider, sponsor=request.sponsor)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Provider “%(name)s” was saved.") % {"name": provider.name})
        return redirect("rti_provider_list", sponsor_slug=sponsor_slug)
    return render(request, "rti/form.html", {"form": form, "title": provider.name, "back": "rti_provider_list"})


# --- Sections --------------------------------------------------------------


def _section(request, section_pk):
    """A section the member may open (an instructor only the ones they teach); 404 otherwise."""
    sections = selectors.sections_for(request.membership).select_related("course", "provider", "instructor__user")
    return get_object_or_404(sections, pk=section_pk)


def section_list(request, sponsor_slug):
    sections = selectors.section_list(request.membership)
    page = paginate(request, sections)
    return render(request, "rti/section_list.html", {"page": page})


def section_create(request, sponsor_slug):
    form = SectionForm(request.POST or None, sponsor=request.sponsor)
    if request.method == "POST" and form.is_valid():
        section = form.save()
        messages.success(request, _("Section of “%(course)s” was added; enroll apprentices now.")
                         % {"course": section.course})
        return redirect("rti_section_detail", sponsor_slug=sponsor_slug, section_pk=section.pk)
    return render(request, "rti/form.html", {"form": form, "title": _("New section"), "back": "rti_section_list"})


def section_update(request, sponsor_slug, section_pk):
    section = _section(request, section_pk)
    form = SectionForm(request.POST or None, instance=section, sponsor=request.sponsor)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("The section was saved."))
        return redirect("rti_section_detail", sponsor_slug=sponsor_slug, section_pk=section.pk)
    return render(request, "rti/form.html", {"form": form, "title": str(section), "back": "rti_section_list"})


def section_detail(request, sponsor_slug, section_pk):
    section = _section(request, section_pk)
    roster = list(selectors.section_roster(section))
    context = {"section": section, "roster": roster, "seats_left": section.capacity - len(roster)}
    if request.membership.can("rti.manage"):
        context["enroll_form"] = EnrollForm(candidates=selectors.enrollable_apprentices(section))
    context["changes"] = (
        ResultChange.objects.filter(enrollment__section=section)
        .select_related("changed_by", "enrollment__apprentice__user")[:50]
    )
    return render(request, "rti/section_detail.html", context)


@require_POST
def section_enroll(request, sponsor_slug, section_pk):
    section = _section(request, section_pk)
    form = EnrollForm(request.POST, candidates=selectors.apprentices_of(request.sponsor))
    if form.is_valid():
        try:
            enrolled = services.section_enroll(section=section, apprentices=form.cleaned_data["apprentices"],
                                               by=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("%(n)d apprentice(s) enrolled.") % {"n": len(enrolled)})
    else:
        messages.error(request, " ".join(m for errors in form.errors.values() for m in errors))
    return redirect("rti_section_detail", sponsor_slug=sponsor_slug, section_pk=section.pk)


@require_POST
def section_unenroll(request, sponsor_slug, section_pk, enrollment_pk):
    section = _section(request, section_pk)
    enrollment = get_object_or_404(SectionEnrollment.objects.select_related("apprentice__user"),
                                   section=section, pk=enrollment_pk)
    try:
        services.section_unenroll(enrollment=enrollment)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("%(name)s was taken off the roster.") % {"name": enrollment.apprentice.user})
    return redirect("rti_section_detail", sponsor_slug=sponsor_slug, section_pk=section.pk)


def section_results(request, sponsor_slug, section_pk):
    """The results grid: one row per apprentice of the section, saved all at once."""
    section = _section(request, section_pk)
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
                    section=section, by=request.user,
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


def _credits_for(membership):
    return PriorCourseCredit.objects.filter(apprentice__in=selectors.apprentices_visible_to(membership))


def credit_list(request, sponsor_slug):
    status = request.GET.get("status", "pending" if request.membership.is_sponsor_staff else "")
    credits = _credits_for(request.membership).select_related("apprentice__user", "apprentice__employer", "course")
    if status:
        credits = credits.filter(status=status)
    page = paginate(request, credits.order_by("-requested_at"))
    return render(request, "rti/credit_list.html", {
        "page": page, "status": status, "statuses": PriorCourseCredit.Status.choices,
    })


def credit_request(request, sponsor_slug):
    apprentices = selectors.apprentices_visible_to(request.membership).filter(is_active=True)
    form = CreditRequestForm(request.POST or None, request.FILES or None, sponsor=request.sponsor,
                             apprentices=apprentices)
    if request.method == "POST" and form.is_valid():
        try:
            services.credit_request(by=request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("The request for credit was sent to the sponsor."))
            return redirect("rti_credit_list", sponsor_slug=sponsor_slug)
    return render(request, "rti/form.html", {
        "form": form, "title": _("Request credit for a prior course"), "back": "rti_credit_list", "multipart": True,
    })


def credit_decide(request, sponsor_slug, credit_pk):
    credit = get_object_or_404(
        PriorCourseCredit.objects.select_related("apprentice__user", "course", "requested_by", "decided_by"),
        sponsor=request.sponsor, pk=credit_pk,
    )
    form = CreditDecisionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.credit_decide(
                credit=credit, approve=form.cleaned_data["decision"] == "approve", by=request.user,
                credited_hours=form.cleaned_data["credited_hours"], note=form.cleaned_data["decision_note"],
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("The decision was recorded."))
            return redirect("rti_credit_list", sponsor_slug=sponsor_slug)
    return render(request, "rti/credit_decide.html", {"credit": credit, "form": form})


def credit_evidence(request, sponsor_slug, credit_pk):
    credit = get_object_or_404(_credits_for(request.membership), pk=credit_pk)
    if not credit.evidence:
        raise Http404
    return evidence_response(
        credit.evidence, content_type=credit.evidence_content_type,
        download_name=evidence_download_name("course-credit-evidence", credit.pk, credit.evidence_content_type),
    )
