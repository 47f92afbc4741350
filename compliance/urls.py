from compliance import views
from imt.access import sponsor_page

# Included under /<sponsor_slug>/ by the root URLconf.  `read` opens a page, `write` sends it forms.
urlpatterns = [
    sponsor_page("compliance/", views.compliance_page, "compliance", read="compliance.view"),
]
