from agreements import views
from imt.access import sponsor_page

AGREEMENT = "apprentices/<int:apprentice_enrollment_pk>/agreement/"

# Included under /<sponsor_slug>/ by the root URLconf.
urlpatterns = [
    sponsor_page("agreements/to-sign/", views.agreements_to_sign, "agreements_to_sign", read="agreements.sign"),
    sponsor_page(AGREEMENT, views.agreement, "agreement", read="records.view", write="agreements.sign"),
    sponsor_page(AGREEMENT + "status/", views.agreement_status, "agreement_status", read="records.view"),
    sponsor_page(AGREEMENT + "pdf/", views.agreement_pdf, "agreement_pdf", read="records.view"),
]
