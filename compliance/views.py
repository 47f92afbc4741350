"""The sponsor's compliance page: what the registered standards and the agency expect now."""

from django.shortcuts import render

from compliance.sections import sections_for


def compliance_page(request, sponsor_slug):
    sections = sections_for(request)
    return render(request, "compliance/compliance.html", {
        "sections": sections,
        "overdue_total": sum(section.overdue for section in sections),
    })
