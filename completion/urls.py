from completion import standards_views, views
from imt.access import sponsor_page

# Included under /<sponsor_slug>/ by the root URLconf.  `read` opens a page, `write` sends it forms.
urlpatterns = [
    sponsor_page("completion/", views.review_queue, "completion_queue", read="completion.review"),
    sponsor_page("completion/my-checklist/", views.my_checklist, "completion_my_checklist",
                 read="completion.view_own"),
    sponsor_page("completion/completed/", views.completed_list, "completion_completed", read="completion.review"),
    sponsor_page("completion/enrollments/<int:apprentice_enrollment_pk>/", views.eligibility_page,
                 "completion_eligibility", read="records.view", write="completion.recommend"),
    sponsor_page("completion/reviews/<int:recommendation_pk>/", views.review_page, "completion_review",
                 read="completion.view", write="completion.review"),
    sponsor_page("completion/reviews/<int:recommendation_pk>/progress/", views.packet_progress,
                 "completion_packet_progress", read="completion.view"),
    sponsor_page("completion/reviews/<int:recommendation_pk>/regenerate/", views.packet_regenerate,
                 "completion_packet_regenerate", read="completion.review", write="completion.review"),
    sponsor_page("completion/packets/<int:packet_pk>/retry/", views.packet_retry, "completion_packet_retry",
                 read="completion.review", write="completion.review"),
    sponsor_page("completion/packets/<int:packet_pk>/pdf/", views.packet_pdf, "completion_packet_pdf",
                 read="completion.view"),
    sponsor_page("completion/certificates/<int:certificate_pk>/pdf/", views.certificate_pdf,
                 "completion_certificate_pdf", read="certificates.view"),
    # Moving enrollments to a later version of their program's standards (programs/standards/… pages).
    sponsor_page("standards/<int:standards_version_pk>/move/", standards_views.standards_move, "standards_move",
                 read="standards.publish", write="standards.publish"),
]
