from imt.access import sponsor_page
from transcripts import views

# Included under /<sponsor_slug>/ by the root URLconf.  `read` opens a page, `write` sends it forms.
urlpatterns = [
    sponsor_page("transcripts/enrollments/<int:apprentice_enrollment_pk>/", views.record, "transcript_record",
                 read="records.view", write="transcripts.issue"),
    sponsor_page("transcripts/enrollments/<int:apprentice_enrollment_pk>/pdf/", views.record_pdf,
                 "transcript_record_pdf", read="records.view"),
    sponsor_page("transcripts/issues/<int:transcript_issue_pk>/pdf/", views.issue_pdf, "transcript_issue_pdf",
                 read="records.view"),
    sponsor_page("transcripts/issues/<int:transcript_issue_pk>/revoke/", views.issue_revoke,
                 "transcript_issue_revoke", read="transcripts.revoke", write="transcripts.revoke"),
]
