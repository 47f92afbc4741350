from imports import views
from imt.access import sponsor_page

# Included under /<sponsor_slug>/ by the root URLconf.  `read` opens a page, `write` sends it forms.
ROSTER_IMPORT = "imports/roster/<int:roster_import_pk>/"
urlpatterns = [
    sponsor_page("imports/roster/", views.upload, "roster_import_upload", read="roster.import", write="roster.import"),
    sponsor_page("imports/roster/template.csv", views.template_csv, "roster_import_template_csv",
                 read="roster.import"),
    sponsor_page("imports/roster/template.xlsx", views.template_xlsx, "roster_import_template_xlsx",
                 read="roster.import"),
    sponsor_page(ROSTER_IMPORT, views.preview, "roster_import", read="roster.import"),
    sponsor_page(ROSTER_IMPORT + "progress/", views.progress, "roster_import_progress", read="roster.import"),
    sponsor_page(ROSTER_IMPORT + "confirm/", views.confirm, "roster_import_confirm", read="roster.import",
                 write="roster.import"),
]
