from credentials import views
from imt.access import sponsor_page

# Included under /<sponsor_slug>/ by the root URLconf.  `read` opens a page, `write` sends it forms.
urlpatterns = [
    sponsor_page("credentials/", views.credential_list, "credential_list", read="records.view"),
    sponsor_page("credentials/new/", views.credential_create, "credential_create", read="credentials.record",
                 write="credentials.record"),
    sponsor_page("credentials/<int:credential_pk>/edit/", views.credential_update, "credential_update",
                 read="credentials.record", write="credentials.record"),
    sponsor_page("credentials/<int:credential_pk>/verify/", views.credential_verify, "credential_verify",
                 read="credentials.verify", write="credentials.verify"),
    sponsor_page("credentials/<int:credential_pk>/evidence/", views.credential_evidence, "credential_evidence",
                 read="records.view"),
    sponsor_page("credentials/types/", views.type_list, "credential_type_list", read="sponsor.view_all"),
    sponsor_page("credentials/types/new/", views.type_edit, "credential_type_create",
                 read="credentials.manage_types", write="credentials.manage_types"),
    sponsor_page("credentials/types/<int:credential_type_pk>/edit/", views.type_edit, "credential_type_update",
                 read="credentials.manage_types", write="credentials.manage_types"),
    sponsor_page("records/", views.record_list, "record_list", read="records.view"),
    sponsor_page("records/<int:apprentice_pk>/", views.transcript, "transcript", read="records.view"),
    sponsor_page("requirements/", views.requirements, "requirements", read="sponsor.view_all",
                 write="programs.manage"),
]
