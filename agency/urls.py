from agency import views
from imt.access import sponsor_page

# Included under /<sponsor_slug>/ by the root URLconf.  `read` opens a page, `write` sends it forms.
urlpatterns = [
    sponsor_page("agency/rapids/", views.rapids_export, "rapids_export", read="agency.view", write="agency.export"),
]
