from imt.access import sponsor_page
from programs import views

# Included under /<sponsor_slug>/ by the root URLconf.  `read` opens a page, `write` sends it forms.
urlpatterns = [
    sponsor_page("settings/", views.sponsor_settings, "sponsor_settings", read="sponsor.edit_profile",
                 write="sponsor.edit_profile"),
    sponsor_page("logo/", views.sponsor_logo, "sponsor_logo", read="dashboard.view"),
    sponsor_page("employers/", views.employer_list, "employer_list", read="employers.manage"),
    sponsor_page("employers/new/", views.employer_edit, "employer_create", read="employers.manage",
                 write="employers.manage"),
    sponsor_page("employers/<int:employer_pk>/edit/", views.employer_edit, "employer_update",
                 read="employers.manage", write="employers.manage"),
    sponsor_page("employers/<int:employer_pk>/archive/", views.employer_archive, "employer_archive",
                 read="employers.manage", write="employers.manage"),
    sponsor_page("programs/", views.program_list, "program_list", read="sponsor.view_all"),
    sponsor_page("programs/new/", views.program_create, "program_create", read="programs.manage",
                 write="programs.manage"),
    sponsor_page("programs/<int:program_pk>/edit/", views.program_update, "program_update", read="programs.manage",
                 write="programs.manage"),
    sponsor_page("members/", views.member_list, "member_list", read="members.view", write="members.manage"),
    sponsor_page("members/<int:member_pk>/edit/", views.member_update, "member_update", read="members.manage",
                 write="members.manage"),
    sponsor_page("members/<int:member_pk>/deactivate/", views.member_deactivate, "member_deactivate",
                 read="members.manage", write="members.manage"),
    sponsor_page("invitations/", views.invitation_list, "invitation_list", read="members.manage",
                 write="members.manage"),
    sponsor_page("invitations/<int:invitation_pk>/revoke/", views.invitation_revoke, "invitation_revoke",
                 read="members.manage", write="members.manage"),
]
