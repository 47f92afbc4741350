from compliance import views
from imt.access import sponsor_page

# Included under /<sponsor_slug>/ by the root URLconf.  `read` opens a page, `write` sends it forms.
urlpatterns = [
    sponsor_page("compliance/", views.compliance_page, "compliance", read="compliance.view"),
    sponsor_page("compliance/journeyworkers/", views.rosters, "journeyworker_rosters", read="compliance.view"),
    sponsor_page("compliance/journeyworkers/<int:employer_pk>/", views.roster, "journeyworker_roster",
                 read="compliance.view", write="journeyworkers.manage"),
    sponsor_page("compliance/probation/<int:apprentice_enrollment_pk>/", views.probation_outcome,
                 "probation_outcome", read="probation.decide", write="probation.decide"),
]
