from imt.access import sponsor_page
from payroll import views

# Included under /<sponsor_slug>/ by the root URLconf.  `read` opens a page, `write` sends it forms.
urlpatterns = [
    sponsor_page("imports/hours/", views.imports_page, "hours_imports", read="hours.imports_view",
                 write="hours.import"),
    sponsor_page("imports/hours/sample.csv", views.sample, "hours_import_sample", read="hours.import"),
    sponsor_page("imports/hours/<int:hours_import_pk>/", views.import_page, "hours_import_detail",
                 read="hours.imports_view"),
    sponsor_page("imports/hours/<int:hours_import_pk>/mapping/", views.mapping_page, "hours_import_mapping",
                 read="hours.import", write="hours.import"),
    sponsor_page("imports/hours/<int:hours_import_pk>/confirm/", views.confirm, "hours_import_confirm",
                 read="hours.import", write="hours.import"),
]
