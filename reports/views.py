"""The report pages, their downloads, and the apprentice's voluntary disability self-identification."""

import datetime
from decimal import Decimal

from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from apprentices.models import Demographics
from imt.pages import form_page
from imt.text import format_hours
from programs.models import Employer
from reports import charts, downloads, forms, selectors, services
from reports.tables import SUPPRESSED


def shown(value):
    """A table cell as the page writes it."""
    if value is None:
        return "—"
    if isinstance(value, Decimal):
        return format_hours(value)
    if isinstance(value, datetime.date):
        return date_format(value)
    return str(value)


def _is_figure(cell):
    return isinstance(cell, (int, Decimal)) or cell == SUPPRESSED


def displayed(table):
    """The table with its cells as text, and which columns hold figures (right-aligned)."""
    figures = [index > 0 and all(_is_figure(row[index]) or row[index] is None for row in table.rows)
               for index in range(len(table.columns))]
    return {"table": table, "headers": list(zip(table.columns, figures, strict=True)),
            "rows": [list(zip((shown(cell) for cell in row), figures, strict=True)) for row in table.rows]}


def _chosen_employer(request):
    """The employer sponsor staff narrowed the report to (?employer=…), or None for the whole sponsor."""
    value = request.GET.get("employer", "")
    if not value or not request.membership.is_sponsor_staff:
        return None
    if not value.isdigit():
        return None
    return get_object_or_404(Employer, sponsor=request.sponsor, pk=value)


def _employer_query(employer):
    return f"&employer={employer.pk}" if employer else ""


def _charts(report):
    status_rows = [(row[0], [row[1]]) for row in report.statuses.rows[:-1]]  # without the total
    return {
        "statuses": charts.horizontal_bars(
            "statuses", _("Apprentices by status"), _("One bar per status; the table beside it has the counts."),
            status_rows, [_("Apprentices")]),
        "monthly": charts.columns(
            "monthly", _("OJT hours logged and approved, last 12 months"),
            _("Two columns per month: hours logged and hours approved."),
            [(label, [row[1], row[2]])
             for label, row in zip(report.monthly.short_labels, report.monthly.rows, strict=True)],
            [_("Logged"), _("Approved")]),
        "competencies": charts.horizontal_bars(
            "competencies", _("Approved OJT hours by competency"), _("One bar per competency."),
            [(row[0], [row[2]]) for row in report.competencies.rows], [_("Approved hours")]),
        "rti": charts.horizontal_bars(
            "rti", _("RTI hours attended by course"), _("One bar per course."),
            [(row[0], [row[3]]) for row in report.rti.rows], [_("Hours")]),
    }


def rollup_page(request, sponsor_slug):
    employer = _chosen_employer(request)
    report = selectors.rollup(selectors.report_scope(request.membership, employer), timezone.localdate())
    drawn = _charts(report)
    sections = [{**displayed(table), "chart": drawn.get(table.key)} for table in report.tables]
    return render(request, "reports/rollup.html", {
        "sections": sections, "employer": employer, "employer_query": _employer_query(employer),
        "employers": selectors.employers_to_choose(request.membership),
        "scope_employer": None if request.membership.is_sponsor_staff else request.membership.employer,
        "today": timezone.localdate(),
    })


def rollup_download(request, sponsor_slug):
    employer = _chosen_employer(request)
    report = selectors.rollup(selectors.report_scope(request.membership, employer), timezone.localdate())
    tables = {table.key: table for table in report.tables}
    table = tables.get(request.GET.get("table", ""), report.statuses)
    name = f"{request.sponsor.slug}-{table.key}-{timezone.localdate():%Y-%m-%d}"
    return downloads.download(table, request.GET.get("format", "csv"), name)


def part30_page(request, sponsor_slug):
    employer = _chosen_employer(request)
    table = selectors.part30(selectors.report_scope(request.membership, employer))
    return render(request, "reports/part30.html", {
        **displayed(table), "employer": employer, "employer_query": _employer_query(employer),
        "employers": selectors.employers_to_choose(request.membership),
    })


def part30_download(request, sponsor_slug):
    employer = _chosen_employer(request)
    table = selectors.part30(selectors.report_scope(request.membership, employer))
    name = f"{request.sponsor.slug}-part-30-{timezone.localdate():%Y-%m-%d}"
    return downloads.download(table, request.GET.get("format", "csv"), name)


def self_identification(request, sponsor_slug, apprentice_enrollment):
    enrollment = apprentice_enrollment
    current = Demographics.objects.filter(enrollment=enrollment).values_list("disability", flat=True).first()
    form = forms.DisabilityForm(request.POST or None, initial={"disability": current or None})
    return form_page(
        request, form,
        save=lambda data: services.disability_self_identify(enrollment=enrollment, by=request.membership,
                                                            answer=data["disability"]),
        message=lambda _record: _("Thank you. Your answer was saved."),
        success_url=reverse("dashboard", args=[sponsor_slug]),
        template="reports/self_identification.html", context={"enrollment": enrollment, "answered": bool(current)},
    )
