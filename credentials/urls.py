from credentials import views
from imt.access import sponsor_page
from imt.permissions import Role

STAFF = (Role.SPONSOR_ADMIN, Role.SPONSOR_REVIEWER)
RECORDERS = (*STAFF, Role.APPRENTICE)
RECORD_VIEWERS = (*STAFF, Role.EMPLOYER_ADMIN, Role.MENTOR, Role.APPRENTICE)

# Included under /<sponsor_slug>/ by the root URLconf.
urlpatterns = [
    sponsor_page("credentials/", views.credential_list, "credential_list", RECORD_VIEWERS),
    sponsor_page("credentials/new/", views.credential_create, "credential_create", RECORDERS),
    sponsor_page("credentials/<int:credential_pk>/edit/", views.credential_update, "credential_update", RECORDERS),
    sponsor_page("credentials/<int:credential_pk>/verify/", views.credential_verify, "credential_verify", STAFF),
    sponsor_page("credentials/<int:credential_pk>/evidence/", views.credential_evidence, "credential_evidence",
                 RECORD_VIEWERS),
    sponsor_page("credentials/types/", views.type_list, "credential_type_list", STAFF),
    sponsor_page("credentials/types/new/", views.type_create, "credential_type_create", STAFF),
    sponsor_page("credentials/types/<int:credential_type_pk>/edit/", views.type_update, "credential_type_update",
                 STAFF),
    sponsor_page("records/", views.record_list, "record_list", RECORD_VIEWERS),
    sponsor_page("records/<int:apprentice_pk>/", views.transcript, "transcript", RECORD_VIEWERS),
    sponsor_page("requirements/", views.requirements, "requirements", STAFF),
]
