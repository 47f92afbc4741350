from django.contrib import admin
from django.urls import include, path

from imt import health, views
from imt.access import PUBLIC, SIGNED_IN, page, sponsor_page

sponsor_urlpatterns = [
    sponsor_page("", views.dashboard, "dashboard", read="dashboard.view"),
    path("", include("programs.urls")),
    path("", include("apprentices.urls")),
    path("", include("completion.urls")),
    path("", include("jobbook.urls")),
    path("", include("rti.urls")),
    path("", include("credentials.urls")),
    path("", include("compliance.urls")),
    path("", include("agency.urls")),
    path("", include("agreements.urls")),
    path("", include("reports.urls")),
    path("", include("transcripts.urls")),
    path("", include("wages.urls")),
    path("", include("api.urls")),
    path("", include("notifications.urls")),
    path("", include("payroll.urls")),
    path("", include("imports.urls")),
]

urlpatterns = [
    page("", views.home, "home", SIGNED_IN),
    page("ping/", views.ping, "ping", SIGNED_IN),
    page("healthz/", health.healthz, "healthz", PUBLIC),
    path("accounts/", include("allauth.urls")),
    path("operator/", admin.site.urls),
    path("", include("programs.public_urls")),
    path("", include("transcripts.public_urls")),
    path("", include("api.public_urls")),
    path("", include("notifications.public_urls")),
    path("<slug:sponsor_slug>/", include(sponsor_urlpatterns)),
]

handler403 = "imt.views.error_403"
handler404 = "imt.views.error_404"
handler500 = "imt.views.error_500"
