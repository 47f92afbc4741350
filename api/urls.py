from api import views
from imt.access import sponsor_page

# Included under /<sponsor_slug>/ by the root URLconf.  The API itself is in api/public_urls.py.
urlpatterns = [
    sponsor_page("api/tokens/", views.token_list, "api_token_list", read="api.manage", write="api.manage"),
    sponsor_page("api/tokens/<int:api_token_pk>/", views.token_detail, "api_token_detail", read="api.manage"),
    sponsor_page("api/tokens/<int:api_token_pk>/created/", views.token_created, "api_token_created",
                 read="api.manage"),
    sponsor_page("api/tokens/<int:api_token_pk>/revoke/", views.token_revoke, "api_token_revoke",
                 read="api.manage", write="api.manage"),
]
