from apprentices import views
from imt.access import sponsor_page
from imt.permissions import Role

APPRENTICE = (Role.APPRENTICE,)
MENTOR = (Role.MENTOR,)
STAFF = (Role.SPONSOR_ADMIN, Role.SPONSOR_REVIEWER)
MANAGERS = (Role.EMPLOYER_ADMIN, Role.SPONSOR_ADMIN)
RECORDS = (Role.APPRENTICE, Role.MENTOR, Role.EMPLOYER_ADMIN, *STAFF)
STANDING = (Role.EMPLOYER_ADMIN, *STAFF)
APPRENTICE_RECORD = "apprentices/<int:apprentice_enrollment_pk>/"

# Included under /<sponsor_slug>/ by the root URLconf.
urlpatterns = [
    # The apprentice's hours
    sponsor_page("hours/", views.hours_list, "hours_list", APPRENTICE),
    sponsor_page("hours/log/", views.hours_log, "hours_log", APPRENTICE),
    sponsor_page("hours/week/", views.hours_week, "hours_week", APPRENTICE),
    sponsor_page("hours/<int:ojt_entry_pk>/edit/", views.hours_edit, "hours_edit", APPRENTICE),
    sponsor_page("hours/<int:ojt_entry_pk>/withdraw/", views.hours_withdraw, "hours_withdraw", APPRENTICE),
    sponsor_page("hours/<int:ojt_entry_pk>/correct/", views.hours_correct, "hours_correct", APPRENTICE),
    sponsor_page("sign-off-requests/new/", views.sign_off_request_create, "sign_off_request_create", APPRENTICE),
    sponsor_page("sign-off-requests/<int:sign_off_request_pk>/withdraw/", views.sign_off_request_withdraw,
                 "sign_off_request_withdraw", APPRENTICE),
    # The mentor's queue and sign-offs
    sponsor_page("queue/", views.mentor_queue, "mentor_queue", MENTOR),
    sponsor_page("sign-off-requests/<int:sign_off_request_pk>/sign/", views.sign_off_from_request,
                 "sign_off_from_request", MENTOR),
    sponsor_page(APPRENTICE_RECORD + "sign-off/", views.skill_sign_off, "skill_sign_off", MENTOR),
    sponsor_page(APPRENTICE_RECORD + "sign-offs/<int:sign_off_pk>/revoke/", views.sign_off_revoke, "sign_off_revoke",
                 (Role.MENTOR, *STAFF)),
    # Roster, enrollment and the apprentice's record
    sponsor_page("apprentices/", views.roster, "roster", RECORDS),
    sponsor_page("apprentices/enroll/", views.enroll, "enroll", MANAGERS),
    sponsor_page(APPRENTICE_RECORD, views.enrollment_detail, "enrollment_detail", RECORDS),
    sponsor_page(APPRENTICE_RECORD + "status/", views.enrollment_status, "enrollment_status", MANAGERS),
    sponsor_page(APPRENTICE_RECORD + "transfer/", views.enrollment_transfer, "enrollment_transfer", MANAGERS),
    sponsor_page(APPRENTICE_RECORD + "job-book/", views.enrollment_move_version, "enrollment_move_version", MANAGERS),
    sponsor_page(APPRENTICE_RECORD + "start-date/", views.enrollment_start_date, "enrollment_start_date", MANAGERS),
    sponsor_page(APPRENTICE_RECORD + "mentors/", views.enrollment_mentors, "enrollment_mentors", MANAGERS),
    sponsor_page(APPRENTICE_RECORD + "demographics/", views.demographics, "demographics", (*STAFF, Role.APPRENTICE)),
    sponsor_page(APPRENTICE_RECORD + "audit/", views.audit_trail, "audit_trail", STAFF),
    # Advanced standing
    sponsor_page(APPRENTICE_RECORD + "advanced-standing/", views.standing_request, "standing_request",
                 (Role.EMPLOYER_ADMIN,)),
    sponsor_page("advanced-standing/", views.standing_queue, "standing_queue", STAFF),
    sponsor_page("advanced-standing/<int:standing_pk>/", views.standing_detail, "standing_detail", STANDING),
    sponsor_page("advanced-standing/<int:standing_pk>/evidence/", views.standing_evidence, "standing_evidence",
                 STANDING),
]
