"""Apprentices' pages: hours (quick-add, weekly timesheet, my entries), the mentor's queue and sign-offs,
the roster, enrollment and the apprentice's record, demographics, advanced standing and the audit trail.

Views validate, call one service and redirect; every rule is the services'.  Which enrollments a
member sees is `selectors.enrollments_visible_to`: anything else answers 404.
"""

import datetime

from django.contrib import messages
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from apprentices import forms, selectors, services
from apprentices.charts import hours_by_month_svg
from apprentices.models import (
    AdvancedStanding,
    OJTEntry,
    SignOffRequest,
)
from imt.evidence import evidence_download_name, evidence_response, stored_content_type
from imt.permissions import Role
from programs.views import apply_validation_error

PAGE_SIZE = 25


def _own_enrollment(request):
    enrollment = selectors.current_enrollment(request.membership)
    if enrollment is None:
        raise Http404
    return enrollment


def _messages_of(error):
    return error.messages if hasattr(error, "messages") else [str(error)]


# --- Apprentice: hours ---------------------------------------------------------------------


def quick_add_form(request, enrollment, data=None):
    # The last competency preselects the choice of an empty form; a submitted form shows what was sent.
    last = None if data else selectors.last_competency_id(enrollment)
    initial = {"date": timezone.localdate()}
    if last:
        initial["competency"] = last
    form = forms.HoursForm(data, enrollment=enrollment, initial=initial, prefix="quick")
    for name in ("date", "competency", "hours"):  # big touch targets on a phone
        form.fields[name].widget.attrs["class"] = "form-control-lg" if name != "competency" else "form-select-lg"
    return form


def hours_log(request, sponsor_slug):
    """The quick-add form: a day's hours against a competency, in a few taps."""
    enrollment = _own_enrollment(request)
    form = quick_add_form(request, enrollment, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            entry = services.hours_log(enrollment=enrollment, by=request.user, **form.entry_values())
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("%(hours)s h logged for %(date)s; your mentor will review them.") % {
                "hours": f"{entry.hours.normalize():f}", "date": date_format(entry.date, "M j")})
            next_url = request.POST.get("next", "")
            if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
                next_url = reverse("hours_log", args=[sponsor_slug])
            return redirect(next_url)
    return render(request, "apprentices/hours_log.html", {
        "form": forms.with_choices_read(form), "enrollment": enrollment, "recent": selectors.recent_entries(enrollment),
    })


def _week_start(value):
    try:
        day = datetime.date.fromisoformat(value) if value else timezone.localdate()
    except ValueError:
        day = timezone.localdate()
    return day - datetime.timedelta(days=day.weekday())


def hours_week(request, sponsor_slug):
    """A weekly timesheet: competencies × days.  All filled cells are saved, or none (each error next to its cell)."""
    enrollment = _own_enrollment(request)
    monday = _week_start(request.GET.get("week"))
    days = [monday + datetime.timedelta(days=n) for n in range(7)]
    competencies = selectors.enrollment_competencies(enrollment)
    form = forms.TimesheetForm(request.POST or None, competencies=competencies, days=days)
    if request.method == "POST" and form.is_valid():
        cells = form.filled_cells()
        if not cells:
            form.add_error(None, _("Type hours in at least one cell."))
        else:
            saved = _save_timesheet(request, enrollment, form, cells)
            if saved:
                messages.success(request, _("%(n)s entries logged; your mentor will review them.") % {"n": saved})
                return redirect(f"{reverse('hours_week', args=[sponsor_slug])}?week={monday.isoformat()}")
    logged = selectors.week_hours(enrollment, days)
    rows = [
        (competency, [(form[form.cell_name(competency, day)], logged.get((competency.key, day))) for day in days])
        for competency in competencies
    ]
    return render(request, "apprentices/hours_week.html", {
        "form": form, "rows": rows, "days": days, "enrollment": enrollment,
        "previous_week": monday - datetime.timedelta(days=7), "next_week": monday + datetime.timedelta(days=7),
        "is_current_week": monday == _week_start(None),
        "day_totals": [sum((logged.get((c.key, d)) or 0 for c in competencies), 0) for d in days],
    })


def _save_timesheet(request, enrollment, form, cells):
    """Log every filled cell through the service in one transaction; on any refusal keep none of them."""
    with transaction.atomic():
        for name, competency, day, hours in cells:
            try:
                services.hours_log(enrollment=enrollment, by=request.user, date=day, competency=competency,
                                   hours=hours)
            except ValidationError as error:
                if hasattr(error, "error_dict"):
                    for key, problems in error.error_dict.items():
                        form.add_error(None if key == NON_FIELD_ERRORS else name, problems)
                else:
                    form.add_error(name, error.messages)
        if form.errors:
            transaction.set_rollback(True)
            return 0
    return len(cells)


def hours_list(request, sponsor_slug):
    """My entries: pending ones to edit or withdraw, approved ones to correct, rejections with the reason."""
    enrollment = _own_enrollment(request)
    status = request.GET.get("status", "")
    page = Paginator(selectors.entries_of(enrollment, status=status), PAGE_SIZE).get_page(request.GET.get("page"))
    corrected = selectors.corrected_entry_ids([e.pk for e in page])
    return render(request, "apprentices/hours_list.html", {
        "page": page, "status": status, "statuses": OJTEntry.Status.choices, "enrollment": enrollment,
        "corrected": corrected,
    })


def hours_edit(request, sponsor_slug, ojt_entry):
    entry = ojt_entry
    if entry.status != OJTEntry.Status.PENDING:
        messages.info(request, _("This entry is %(status)s and can no longer change.")
                      % {"status": entry.get_status_display().lower()})
        return redirect("hours_list", sponsor_slug=sponsor_slug)
    form = forms.HoursForm(request.POST or None, enrollment=entry.enrollment, initial={
        "date": entry.date, "competency": entry.competency_id, "hours": f"{entry.hours.normalize():f}",
        "note": entry.note,
    })
    if request.method == "POST" and form.is_valid():
        try:
            services.hours_update(entry=entry, by=request.user, **form.entry_values())
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("The entry was changed."))
            return redirect("hours_list", sponsor_slug=sponsor_slug)
    return render(request, "apprentices/hours_form.html", {"form": form, "entry": entry, "title": _("Edit hours")})


@require_POST
def hours_withdraw(request, sponsor_slug, ojt_entry):
    entry = ojt_entry
    try:
        services.hours_withdraw(entry=entry, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The entry was withdrawn."))
    return redirect("hours_list", sponsor_slug=sponsor_slug)


def hours_correct(request, sponsor_slug, ojt_entry):
    """Ask for a correction of an approved entry: a new entry, linked, with a reason."""
    entry = ojt_entry
    if entry.status != OJTEntry.Status.APPROVED:
        messages.info(request, _("Only an approved entry is corrected; edit or withdraw a pending one."))
        return redirect("hours_list", sponsor_slug=sponsor_slug)
    form = forms.CorrectionForm(request.POST or None, enrollment=entry.enrollment, initial={
        "date": entry.date, "competency": entry.competency_id, "hours": f"{entry.hours.normalize():f}",
        "note": entry.note,
    })
    if request.method == "POST" and form.is_valid():
        try:
            services.hours_correct(entry=entry, by=request.user, reason=form.cleaned_data["reason"],
                                   **form.entry_values())
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("The correction was sent to your mentor."))
            return redirect("hours_list", sponsor_slug=sponsor_slug)
    return render(request, "apprentices/hours_form.html", {
        "form": form, "entry": entry, "title": _("Correct approved hours"), "correcting": True,
    })


# --- Apprentice: sign-off requests --------------------------------------------------------


def sign_off_request_create(request, sponsor_slug):
    enrollment = _own_enrollment(request)
    form = forms.SignOffRequestForm(request.POST or None, enrollment=enrollment,
                                    initial={"skill": request.GET.get("skill")})
    if request.method == "POST" and form.is_valid():
        try:
            services.sign_off_request(enrollment=enrollment, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("Your mentor was asked to sign off “%(skill)s”.")
                             % {"skill": form.cleaned_data["skill"].name})
            return redirect("enrollment_detail", sponsor_slug=sponsor_slug, apprentice_enrollment_pk=enrollment.pk)
    return render(request, "apprentices/sign_off_request_form.html", {"form": form, "enrollment": enrollment})


# --- Mentor: the queue and sign-offs ------------------------------------------------------


def mentor_queue(request, sponsor_slug):
    """Everything waiting for the mentor, oldest first; approve many at once or reject with a reason."""
    queue = selectors.mentor_queue(request.membership)
    form = forms.QueueDecisionForm(request.POST or None, entry_ids=[e.pk for e in queue.entries])
    if request.method == "POST" and form.is_valid():
        entries, action = form.cleaned_data["entries"], form.cleaned_data["action"]
        try:
            if action == "approve":
                done = services.hours_approve(mentor=request.membership, entries=entries)
                message = _("%(n)s entries approved and signed.") % {"n": len(done)}
            else:
                done = services.hours_reject(mentor=request.membership, entries=entries,
                                             reason=form.cleaned_data["reason"])
                message = _("%(n)s entries rejected; the apprentice sees your reason.") % {"n": len(done)}
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, message)
            return redirect("mentor_queue", sponsor_slug=sponsor_slug)
    selected = set(request.POST.getlist("entries"))
    for entry in queue.entries:
        entry.totals = queue.totals.get(entry.enrollment_id)
    for sign_off_request in queue.requests:
        sign_off_request.totals = queue.totals.get(sign_off_request.enrollment_id)
    return render(request, "apprentices/mentor_queue.html", {
        "queue": queue, "form": form, "selected": selected,
    })


def _sign_off(request, enrollment, form, success_url):
    try:
        services.skill_sign_off(
            enrollment=enrollment, skill=form.cleaned_data["skill"], mentor=request.membership,
            level=form.cleaned_data["level"], observed_on=form.cleaned_data["observed_on"],
            comment=form.cleaned_data["comment"], password_confirmed_at=form.confirmed_at,
        )
    except ValidationError as error:
        apply_validation_error(form, error)
        return None
    messages.success(request, _("“%(skill)s” is signed off.") % {"skill": form.cleaned_data["skill"].name})
    return redirect(success_url)


def skill_sign_off(request, sponsor_slug, apprentice_enrollment):
    """Sign off a skill of an assigned apprentice (?skill=<pk> preselects it), with password confirmation."""
    enrollment = apprentice_enrollment
    initial = {"skill": request.GET.get("skill")} if (request.GET.get("skill") or "").isdigit() else {}
    form = forms.SignOffForm(request.POST or None, enrollment=enrollment, request=request, initial=initial)
    if request.method == "POST" and form.is_valid():
        success_url = reverse("enrollment_detail", args=[sponsor_slug, enrollment.pk])
        response = _sign_off(request, enrollment, form, success_url)
        if response:
            return response
    return render(request, "apprentices/sign_off_form.html", {"form": form, "enrollment": enrollment})


def sign_off_from_request(request, sponsor_slug, sign_off_request):
    if sign_off_request.status != SignOffRequest.Status.PENDING:
        messages.info(request, _("This request was already answered."))
        return redirect("mentor_queue", sponsor_slug=sponsor_slug)
    enrollment = sign_off_request.enrollment
    form = forms.SignOffForm(request.POST or None, enrollment=enrollment, request=request,
                             initial={"skill": sign_off_request.skill_id})
    if request.method == "POST" and form.is_valid():
        response = _sign_off(request, enrollment, form, reverse("mentor_queue", args=[sponsor_slug]))
        if response:
            return response
    return render(request, "apprentices/sign_off_form.html", {
        "form": form, "enrollment": enrollment, "sign_off_request": sign_off_request,
    })


def sign_off_revoke(request, sponsor_slug, apprentice_enrollment, sign_off):
    """Revoke a sign-off with a reason (a current mentor or sponsor staff; signed, password confirmed)."""
    enrollment = apprentice_enrollment
    if sign_off.enrollment_id != enrollment.pk:  # the address names another apprentice's sign-off
        raise Http404
    form = forms.RevocationForm(request.POST or None, request=request)
    if request.method == "POST" and form.is_valid():
        try:
            services.sign_off_revoke(sign_off=sign_off, by=request.membership, reason=form.cleaned_data["reason"],
                                     password_confirmed_at=form.confirmed_at)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("The sign-off of “%(skill)s” was revoked.") % {"skill": sign_off.skill.name})
            return redirect(reverse("enrollment_detail", args=[sponsor_slug, enrollment.pk]))
    return render(request, "apprentices/sign_off_revoke.html", {
        "form": form, "enrollment": enrollment, "sign_off": sign_off,
    })


# --- Roster and enrollment ------------------------------------------------------------------


def roster(request, sponsor_slug):
    """Apprentices with progress, mentor, status and the 14-day flag; filter, sort, paginate."""
    membership = request.membership
    if membership.role == Role.APPRENTICE:
        own = _own_enrollment(request)
        return redirect("enrollment_detail", sponsor_slug=sponsor_slug, apprentice_enrollment_pk=own.pk)
    filters = forms.RosterFilterForm(request.GET or None, membership=membership)
    values = filters.cleaned_data if filters.is_valid() else {}
    page = selectors.roster_page(
        selectors.enrollments_visible_to(membership), request.GET.get("page"), per_page=PAGE_SIZE,
        status=values.get("status", ""), employer=values.get("employer"), mentor=values.get("mentor"),
        query=(values.get("q") or "").strip(), order=values.get("sort") or "name",
        stale_only=values.get("stale", False),
    )
    return render(request, "apprentices/roster.html", {
        "page": page, "filters": forms.with_choices_read(filters), "can_enroll": membership.can("apprentices.enroll"),
    })


def enroll(request, sponsor_slug):
    membership = request.membership
    employer = membership.employer if membership.role == Role.EMPLOYER_ADMIN else None
    form = forms.EnrollmentForm(request.POST or None, sponsor=request.sponsor, employer=employer)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        version = data["job_book_version"]
        try:
            enrollment = services.enrollment_create(
                sponsor=request.sponsor, by=request.user, program=data["program"],
                employer=version.job_book.employer, job_book_version=version, start_date=data["start_date"],
                mentors=list(data["mentors"]), email=data["email"], full_name=data["full_name"],
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("%(name)s is enrolled.") % {"name": enrollment.full_name}
                             + (" " + _("An invitation to sign in was sent to %(email)s.") % {"email": enrollment.email}
                                if enrollment.invitation_id else ""))
            return redirect("enrollment_detail", sponsor_slug=sponsor_slug, apprentice_enrollment_pk=enrollment.pk)
    return render(request, "apprentices/enroll.html", {"form": form})


def enrollment_detail(request, sponsor_slug, apprentice_enrollment):
    """The apprentice's record: progress per competency and skill, history, mentors, advanced standing."""
    enrollment = apprentice_enrollment
    membership = request.membership
    progress = selectors.enrollment_progress(enrollment)
    is_mentor = membership.role == Role.MENTOR and membership.can("skills.sign_off")
    return render(request, "apprentices/enrollment_detail.html", {
        "enrollment": enrollment,
        "progress": progress,
        "hybrid": enrollment.program.approach == "hybrid",
        "history": selectors.history_of(enrollment),
        "assignments": selectors.mentor_assignments_of(enrollment, latest_end_first=True),
        "standings": selectors.standings_of(enrollment),
        "requested_skills": selectors.requested_skill_keys(enrollment),
        "chart": hours_by_month_svg(selectors.hours_by_month(enrollment)),
        "can_manage": membership.can("apprentices.enroll"),
        "can_sign": is_mentor,
        "can_revoke": membership.can("skills.revoke") and (is_mentor or membership.role != Role.MENTOR),
        "is_apprentice": membership.role == Role.APPRENTICE,
        "can_request_standing": membership.can("standing.request"),
        "sees_demographics": membership.is_sponsor_staff or membership.role == Role.APPRENTICE,
        "sees_audit": membership.can("audit.view"),
    })


def _enrollment_action(request, enrollment, form_class, template, title, run, success):
    """GET shows the form; POST validates, calls `run(enrollment, cleaned_data)` (one service) and redirects."""
    form = form_class(request.POST or None, enrollment=enrollment)
    if request.method == "POST" and form.is_valid():
        try:
            result = run(enrollment, form.cleaned_data)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            if isinstance(result, tuple):
                result = result[1]
            if isinstance(result, services.VersionMoveReport):
                return render(request, "apprentices/version_report.html", {"enrollment": enrollment, "report": result})
            messages.success(request, success)
            return redirect(reverse("enrollment_detail", args=[request.sponsor.slug, enrollment.pk]))
    return render(request, template, {"form": form, "enrollment": enrollment, "title": title})


def enrollment_status(request, sponsor_slug, apprentice_enrollment):
    return _enrollment_action(
        request, apprentice_enrollment, forms.StatusChangeForm, "apprentices/enrollment_action.html",
        _("Change status"),
        lambda e, d: services.enrollment_change_status(enrollment=e, by=request.user, **d),
        _("The status was changed."),
    )


def enrollment_transfer(request, sponsor_slug, apprentice_enrollment):
    return _enrollment_action(
        request, apprentice_enrollment, forms.TransferForm, "apprentices/enrollment_action.html",
        _("Transfer to another employer"),
        lambda e, d: services.enrollment_transfer(enrollment=e, by=request.user, employer=d["employer"],
                                                  mentors=list(d["mentors"]), effective_date=d["effective_date"],
                                                  reason=d["reason"]),
        _("The apprentice was transferred; their hours and sign-offs follow them."),
    )


def enrollment_move_version(request, sponsor_slug, apprentice_enrollment):
    return _enrollment_action(
        request, apprentice_enrollment, forms.VersionMoveForm, "apprentices/enrollment_action.html",
        _("Move to a newer Job Book version"),
        lambda e, d: services.enrollment_move_version(enrollment=e, by=request.user, **d),
        _("The apprentice was moved to the new version."),
    )


def _start_date_form(data=None, *, enrollment):
    return forms.StartDateForm(data, initial={"start_date": enrollment.start_date})


def enrollment_start_date(request, sponsor_slug, apprentice_enrollment):
    return _enrollment_action(
        request, apprentice_enrollment, _start_date_form, "apprentices/enrollment_action.html",
        _("Change the start date"),
        lambda e, d: services.enrollment_change_start_date(enrollment=e, by=request.user, **d),
        _("The start date was changed."),
    )


def enrollment_mentors(request, sponsor_slug, apprentice_enrollment):
    """Assign a mentor of the employer, or end a current assignment (kept in the history)."""
    enrollment = apprentice_enrollment
    form = forms.MentorAssignForm(request.POST if request.POST.get("action") == "assign" else None,
                                  enrollment=enrollment)
    if request.method == "POST":
        try:
            if request.POST.get("action") == "unassign":
                assignment = selectors.mentor_assignment_of(enrollment, request.POST.get("assignment") or 0)
                if assignment is None:
                    raise Http404
                services.mentor_unassign(assignment=assignment, by=request.user)
                messages.success(request, _("%(name)s is no longer assigned.") % {"name": assignment.mentor.user})
                return redirect("enrollment_mentors", sponsor_slug=sponsor_slug, apprentice_enrollment_pk=enrollment.pk)
            if form.is_valid():
                services.mentor_assign(enrollment=enrollment, mentor=form.cleaned_data["mentor"], by=request.user)
                messages.success(request, _("%(name)s is assigned.") % {"name": form.cleaned_data["mentor"].user})
                return redirect("enrollment_mentors", sponsor_slug=sponsor_slug, apprentice_enrollment_pk=enrollment.pk)
        except ValidationError as error:
            if request.POST.get("action") == "unassign":
                messages.error(request, " ".join(error.messages))
                return redirect("enrollment_mentors", sponsor_slug=sponsor_slug, apprentice_enrollment_pk=enrollment.pk)
            apply_validation_error(form, error)
    return render(request, "apprentices/enrollment_mentors.html", {
        "form": form, "enrollment": enrollment, "assignments": selectors.mentor_assignments_of(enrollment),
    })


# --- Demographics --------------------------------------------------------------------------


def demographics(request, sponsor_slug, apprentice_enrollment):
    """Voluntary EEO answers: the apprentice's own, or any of the sponsor's for sponsor staff; nobody else
    (the page's permission, demographics.view)."""
    membership = request.membership
    enrollment = apprentice_enrollment
    instance = selectors.demographics_of(enrollment)
    can_edit = membership.can("demographics.edit")
    form = forms.DemographicsForm(request.POST or None, instance=instance)
    if not can_edit:  # the sponsor reviewer reads the answers
        for field in form.fields.values():
            field.disabled = True
    if request.method == "POST" and form.is_valid():
        try:
            services.demographics_save(enrollment=enrollment, by=request.user, **form.answers())
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("The answers were saved."))
            return redirect("enrollment_detail", sponsor_slug=sponsor_slug, apprentice_enrollment_pk=enrollment.pk)
    return render(request, "apprentices/demographics.html", {"form": form, "enrollment": enrollment,
                                                             "can_edit": can_edit})


# --- Advanced standing ------------------------------------------------------------------------


def standing_request(request, sponsor_slug, apprentice_enrollment):
    enrollment = apprentice_enrollment
    form = forms.AdvancedStandingForm(request.POST or None, request.FILES or None, enrollment=enrollment)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.advanced_standing_request(
                enrollment=enrollment, by=request.user, basis=data["basis"], description=data["description"],
                evidence=data["evidence"], hours=form.credited_hours(), skills=list(data["skills"]),
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("The request was sent to the sponsor."))
            return redirect("enrollment_detail", sponsor_slug=sponsor_slug, apprentice_enrollment_pk=enrollment.pk)
    return render(request, "apprentices/standing_request.html", {"form": form, "enrollment": enrollment})


def standing_queue(request, sponsor_slug):
    show = request.GET.get("show", "pending")
    standings = selectors.standings_to_decide(request.sponsor, pending_only=show == "pending")
    page = Paginator(standings, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "apprentices/standing_queue.html", {"page": page, "show": show})


def standing_detail(request, sponsor_slug, standing):
    """A request for advanced standing; sponsor staff decide it here."""
    can_decide = request.membership.can("standing.decide") and standing.status == AdvancedStanding.Status.PENDING
    form = forms.StandingDecisionForm(request.POST or None) if can_decide else None
    if request.method == "POST" and form is not None and form.is_valid():
        try:
            services.advanced_standing_decide(
                standing=standing, by=request.membership, approve=form.cleaned_data["decision"] == "approve",
                note=form.cleaned_data["decision_note"],
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("The request was decided."))
            return redirect("standing_queue", sponsor_slug=sponsor_slug)
    return render(request, "apprentices/standing_detail.html", {
        "standing": standing, "form": form,
        "hours": selectors.credited_hours_of(standing), "skills": selectors.credited_skills_of(standing),
    })


def standing_evidence(request, sponsor_slug, standing):
    """The evidence file, only to those who see the apprentice's record (never by a public URL)."""
    if not standing.evidence:
        raise Http404
    content_type = stored_content_type(standing.evidence)
    return evidence_response(standing.evidence, content_type=content_type,
                             download_name=evidence_download_name("advanced-standing", standing.pk, content_type))


# --- Audit trail --------------------------------------------------------------------------


def audit_trail(request, sponsor_slug, apprentice_enrollment):
    enrollment = apprentice_enrollment
    events = selectors.audit_trail(enrollment)
    page = Paginator(events, 50).get_page(request.GET.get("page"))
    return render(request, "apprentices/audit_trail.html", {"enrollment": enrollment, "page": page})


@require_POST
def sign_off_request_withdraw(request, sponsor_slug, sign_off_request):
    services.sign_off_request_withdraw(request=sign_off_request, by=request.user)
    messages.success(request, _("The request was withdrawn."))
    return redirect(reverse("enrollment_detail", args=[sponsor_slug, sign_off_request.enrollment_id]))
