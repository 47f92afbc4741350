from imt.access import PUBLIC, page
from transcripts import views

# Anybody holding a transcript checks it here, without signing in (the sponsors' slugs exclude "verify").
urlpatterns = [
    page("verify/", views.verify_form, "transcript_verify_form", PUBLIC),
    page("verify/<str:code>/", views.verify, "transcript_verify", PUBLIC),
]
