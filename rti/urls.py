from imt.access import sponsor_page
from imt.permissions import Role
from rti import views

STAFF = (Role.SPONSOR_ADMIN, Role.SPONSOR_REVIEWER)
TEACHING = (*STAFF, Role.INSTRUCTOR)
CREDIT_REQUESTERS = (*STAFF, Role.EMPLOYER_ADMIN, Role.APPRENTICE)
RECORD_VIEWERS = (*STAFF, Role.EMPLOYER_ADMIN, Role.MENTOR, Role.APPRENTICE)

# Included under /<sponsor_slug>/ by the root URLconf.
urlpatterns = [
    sponsor_page("rti/courses/", views.course_list, "rti_course_list", TEACHING),
    sponsor_page("rti/courses/new/", views.course_create, "rti_course_create", STAFF),
    sponsor_page("rti/courses/<int:course_pk>/edit/", views.course_update, "rti_course_update", STAFF),
    sponsor_page("rti/courses/<int:course_pk>/retire/", views.course_retire, "rti_course_retire", STAFF),
    sponsor_page("rti/providers/", views.provider_list, "rti_provider_list", STAFF),
    sponsor_page("rti/providers/new/", views.provider_create, "rti_provider_create", STAFF),
    sponsor_page("rti/providers/<int:provider_pk>/edit/", views.provider_update, "rti_provider_update", STAFF),
    sponsor_page("rti/sections/", views.section_list, "rti_section_list", TEACHING),
    sponsor_page("rti/sections/new/", views.section_create, "rti_section_create", STAFF),
    sponsor_page("rti/sections/<int:section_pk>/", views.section_detail, "rti_section_detail", TEACHING),
    sponsor_page("rti/sections/<int:section_pk>/edit/", views.section_update, "rti_section_update", STAFF),
    sponsor_page("rti/sections/<int:section_pk>/enroll/", views.section_enroll, "rti_section_enroll", STAFF),
    sponsor_page(
        "rti/sections/<int:section_pk>/roster/<int:enrollment_pk>/remove/", views.section_unenroll,
        "rti_section_unenroll", STAFF,
    ),
    sponsor_page("rti/sections/<int:section_pk>/results/", views.section_results, "rti_section_results", TEACHING),
    sponsor_page("rti/credits/", views.credit_list, "rti_credit_list", CREDIT_REQUESTERS),
    sponsor_page("rti/credits/new/", views.credit_request, "rti_credit_request", CREDIT_REQUESTERS),
    sponsor_page("rti/credits/<int:credit_pk>/", views.credit_decide, "rti_credit_decide", STAFF),
    sponsor_page("rti/credits/<int:credit_pk>/evidence/", views.credit_evidence, "rti_credit_evidence",
                 RECORD_VIEWERS),
]
