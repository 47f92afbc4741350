from completion import views
from imt.access import sponsor_page
from imt.permissions import Role

STAFF = (Role.SPONSOR_ADMIN, Role.SPONSOR_REVIEWER)
STAFF_AND_EMPLOYER = (*STAFF, Role.EMPLOYER_ADMIN)
CAN_SEE_ENROLLMENTS = (*STAFF_AND_EMPLOYER, Role.MENTOR, Role.APPRENTICE)

urlpatterns = [
    sponsor_page("completion/", views.review_queue, "completion_queue", STAFF),
    sponsor_page("completion/my-checklist/", views.my_checklist, "completion_my_checklist", (Role.APPRENTICE,)),
    sponsor_page("completion/completed/", views.completed_list, "completion_completed", STAFF),
    sponsor_page("completion/enrollments/<int:apprentice_enrollment_pk>/", views.eligibility_page,
                 "completion_eligibility", CAN_SEE_ENROLLMENTS),
    sponsor_page("completion/reviews/<int:recommendation_pk>/", views.review_page, "completion_review",
                 STAFF_AND_EMPLOYER),
    sponsor_page("completion/reviews/<int:recommendation_pk>/progress/", views.packet_progress,
                 "completion_packet_progress", STAFF_AND_EMPLOYER),
    sponsor_page("completion/reviews/<int:recommendation_pk>/regenerate/", views.packet_regenerate,
                 "completion_packet_regenerate", STAFF),
    sponsor_page("completion/packets/<int:packet_pk>/retry/", views.packet_retry, "completion_packet_retry", STAFF),
    sponsor_page("completion/packets/<int:packet_pk>/pdf/", views.packet_pdf, "completion_packet_pdf",
                 STAFF_AND_EMPLOYER),
    sponsor_page("completion/certificates/<int:certificate_pk>/pdf/", views.certificate_pdf,
                 "completion_certificate_pdf", (*STAFF_AND_EMPLOYER, Role.APPRENTICE)),
]
