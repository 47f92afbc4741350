from imt.access import PUBLIC, page
from programs import views

urlpatterns = [
    page("invitations/<str:token>/", views.invitation_accept, "invitation_accept", PUBLIC),
]
