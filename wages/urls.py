from imt.access import sponsor_page
from wages import views

# Included under /<sponsor_slug>/ by the root URLconf.  `read` opens a page, `write` sends it forms.
urlpatterns = [
    sponsor_page("wages/enrollments/<int:apprentice_enrollment_pk>/", views.wage_page, "wage_page",
                 read="wages.view"),
    sponsor_page("wages/enrollments/<int:apprentice_enrollment_pk>/raises/", views.decide_page, "wage_decide",
                 read="compliance.view", write="wages.decide"),
]
