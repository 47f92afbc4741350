from django.urls import path

from api.endpoints import api

# The integrations API: its patterns are declared by name in imt.access.EXTERNAL ("api-v1:*"), since
# ninja makes them; each call authenticates by token, not by a signed-in member.
urlpatterns = [
    path("api/v1/", api.urls),
]
