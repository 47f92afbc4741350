from imt.access import sponsor_page
from rti import views

MANAGE = {"read": "rti.manage", "write": "rti.manage"}
SECTION = "rti/sections/<int:section_pk>/"

# Included under /<sponsor_slug>/ by the root URLconf.  `read` opens a page, `write` sends it forms.
urlpatterns = [
    sponsor_page("rti/courses/", views.course_list, "rti_course_list", read="rti.view"),
    sponsor_page("rti/courses/new/", views.course_edit, "rti_course_create", **MANAGE),
    sponsor_page("rti/courses/<int:course_pk>/edit/", views.course_edit, "rti_course_update", **MANAGE),
    sponsor_page("rti/courses/<int:course_pk>/retire/", views.course_retire, "rti_course_retire", **MANAGE),
    sponsor_page("rti/providers/", views.provider_list, "rti_provider_list", read="sponsor.view_all"),
    sponsor_page("rti/providers/new/", views.provider_edit, "rti_provider_create", **MANAGE),
    sponsor_page("rti/providers/<int:provider_pk>/edit/", views.provider_edit, "rti_provider_update", **MANAGE),
    sponsor_page("rti/sections/", views.section_list, "rti_section_list", read="rti.view"),
    sponsor_page("rti/sections/new/", views.section_create, "rti_section_create", **MANAGE),
    sponsor_page(SECTION, views.section_detail, "rti_section_detail", read="rti.view"),
    sponsor_page(SECTION + "edit/", views.section_update, "rti_section_update", **MANAGE),
    sponsor_page(SECTION + "enroll/", views.section_enroll, "rti_section_enroll", **MANAGE),
    sponsor_page(SECTION + "roster/<int:section_enrollment_pk>/remove/", views.section_unenroll, "rti_section_unenroll",
                 **MANAGE),
    sponsor_page(SECTION + "results/", views.section_results, "rti_section_results", read="rti.view",
                 write="rti.record_results"),
    sponsor_page("rti/credits/", views.credit_list, "rti_credit_list", read="rti.view_credits"),
    sponsor_page("rti/credits/new/", views.credit_request, "rti_credit_request", read="rti.request_credit",
                 write="rti.request_credit"),
    sponsor_page("rti/credits/<int:credit_pk>/", views.credit_decide, "rti_credit_decide", read="sponsor.view_all",
                 write="rti.decide_credit"),
    sponsor_page("rti/credits/<int:credit_pk>/evidence/", views.credit_evidence, "rti_credit_evidence",
                 read="records.view"),
]
