from imt.access import sponsor_page
from reports import views

# Included under /<sponsor_slug>/ by the root URLconf.  `read` opens a page, `write` sends it forms.
urlpatterns = [
    sponsor_page("reports/", views.rollup_page, "report_rollup", read="reports.view"),
    sponsor_page("reports/download/", views.rollup_download, "report_rollup_download", read="reports.view"),
    sponsor_page("reports/part-30/", views.part30_page, "report_part30", read="reports.part30"),
    sponsor_page("reports/part-30/download/", views.part30_download, "report_part30_download",
                 read="reports.part30"),
    sponsor_page("apprentices/<int:apprentice_enrollment_pk>/self-identification/", views.self_identification,
                 "self_identification", read="demographics.self_identify", write="demographics.self_identify"),
]
