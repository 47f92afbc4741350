from imt.access import sponsor_page
from imt.permissions import ALL_ROLES, Role
from programs import views

ADMIN = (Role.SPONSOR_ADMIN,)
STAFF = (Role.SPONSOR_ADMIN, Role.SPONSOR_REVIEWER)

# Included under /<sponsor_slug>/ by the root URLconf.
urlpatterns = [
    sponsor_page("settings/", views.sponsor_settings, "sponsor_settings", ADMIN),
    sponsor_page("logo/", views.sponsor_logo, "sponsor_logo", tuple(ALL_ROLES)),
    sponsor_page("employers/", views.employer_list, "employer_list", ADMIN),
    sponsor_page("employers/new/", views.employer_create, "employer_create", ADMIN),
    sponsor_page("employers/<int:employer_pk>/edit/", views.employer_update, "employer_update", ADMIN),
    sponsor_page("employers/<int:employer_pk>/archive/", views.employer_archive, "employer_archive", ADMIN),
    sponsor_page("programs/", views.program_list, "program_list", STAFF),
    sponsor_page("programs/new/", views.program_create, "program_create", ADMIN),
    sponsor_page("programs/<int:program_pk>/edit/", views.program_update, "program_update", ADMIN),
    sponsor_page("members/", views.member_list, "member_list", STAFF),
    sponsor_page("members/<int:member_pk>/edit/", views.member_update, "member_update", ADMIN),
    sponsor_page("members/<int:member_pk>/deactivate/", views.member_deactivate, "member_deactivate", ADMIN),
    sponsor_page("invitations/", views.invitation_list, "invitation_list", ADMIN),
    sponsor_page("invitations/<int:invitation_pk>/revoke/", views.invitation_revoke, "invitation_revoke", ADMIN),
]
