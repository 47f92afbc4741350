from apprentices.views import demographics, enrollments, hours, sign_offs, standing
from imt.access import sponsor_page

APPRENTICE_RECORD = "apprentices/<int:apprentice_enrollment_pk>/"

# Included under /<sponsor_slug>/ by the root URLconf.  `read` opens a page, `write` sends it forms.
urlpatterns = [
    # The apprentice's hours
    sponsor_page("hours/", hours.hours_list, "hours_list", read="hours.log"),
    sponsor_page("hours/log/", hours.hours_log, "hours_log", read="hours.log", write="hours.log"),
    sponsor_page("hours/week/", hours.hours_week, "hours_week", read="hours.log", write="hours.log"),
    sponsor_page("hours/<int:ojt_entry_pk>/edit/", hours.hours_edit, "hours_edit", read="hours.log",
                 write="hours.log"),
    sponsor_page("hours/<int:ojt_entry_pk>/withdraw/", hours.hours_withdraw, "hours_withdraw", read="hours.log",
                 write="hours.log"),
    sponsor_page("hours/<int:ojt_entry_pk>/correct/", hours.hours_correct, "hours_correct", read="hours.log",
                 write="hours.log"),
    sponsor_page("sign-off-requests/new/", sign_offs.sign_off_request_create, "sign_off_request_create",
                 read="skills.request_sign_off", write="skills.request_sign_off"),
    sponsor_page("sign-off-requests/<int:sign_off_request_pk>/withdraw/", sign_offs.sign_off_request_withdraw,
                 "sign_off_request_withdraw", read="skills.request_sign_off", write="skills.request_sign_off"),
    # The mentor's queue and sign-offs
    sponsor_page("queue/", sign_offs.mentor_queue, "mentor_queue", read="hours.approve", write="hours.approve"),
    sponsor_page("sign-off-requests/<int:sign_off_request_pk>/sign/", sign_offs.sign_off_from_request,
                 "sign_off_from_request", read="skills.sign_off", write="skills.sign_off"),
    sponsor_page(APPRENTICE_RECORD + "sign-off/", sign_offs.skill_sign_off, "skill_sign_off", read="skills.sign_off",
                 write="skills.sign_off"),
    sponsor_page(APPRENTICE_RECORD + "sign-offs/<int:sign_off_pk>/revoke/", sign_offs.sign_off_revoke,
                 "sign_off_revoke", read="skills.revoke", write="skills.revoke"),
    # Roster, enrollment and the apprentice's record
    sponsor_page("apprentices/", enrollments.roster, "roster", read="records.view"),
    sponsor_page("apprentices/enroll/", enrollments.enroll, "enroll", read="apprentices.enroll",
                 write="apprentices.enroll"),
    sponsor_page(APPRENTICE_RECORD, enrollments.enrollment_detail, "enrollment_detail", read="records.view"),
    sponsor_page(APPRENTICE_RECORD + "status/", enrollments.enrollment_status, "enrollment_status",
                 read="apprentices.manage", write="apprentices.manage"),
    sponsor_page(APPRENTICE_RECORD + "transfer/", enrollments.enrollment_transfer, "enrollment_transfer",
                 read="apprentices.manage", write="apprentices.manage"),
    sponsor_page(APPRENTICE_RECORD + "job-book/", enrollments.enrollment_move_version, "enrollment_move_version",
                 read="apprentices.manage", write="apprentices.manage"),
    sponsor_page(APPRENTICE_RECORD + "start-date/", enrollments.enrollment_start_date, "enrollment_start_date",
                 read="apprentices.manage", write="apprentices.manage"),
    sponsor_page(APPRENTICE_RECORD + "mentors/", enrollments.enrollment_mentors, "enrollment_mentors",
                 read="apprentices.manage", write="apprentices.manage"),
    sponsor_page(APPRENTICE_RECORD + "demographics/", demographics.demographics, "demographics",
                 read="demographics.view", write="demographics.edit"),
    sponsor_page(APPRENTICE_RECORD + "audit/", enrollments.audit_trail, "audit_trail", read="audit.view"),
    # Advanced standing
    sponsor_page(APPRENTICE_RECORD + "advanced-standing/", standing.standing_request, "standing_request",
                 read="standing.request", write="standing.request"),
    sponsor_page("advanced-standing/", standing.standing_queue, "standing_queue", read="standing.decide"),
    sponsor_page("advanced-standing/<int:standing_pk>/", standing.standing_detail, "standing_detail",
                 read="standing.view", write="standing.decide"),
    sponsor_page("advanced-standing/<int:standing_pk>/evidence/", standing.standing_evidence, "standing_evidence",
                 read="standing.view"),
]
