from imt.access import PUBLIC, page
from notifications import public_views

# The link in every notification e-mail; no sign-in (the sponsors' slugs exclude "unsubscribe").
urlpatterns = [
    page("unsubscribe/<str:token>/", public_views.unsubscribe, "notifications_unsubscribe", PUBLIC),
]
