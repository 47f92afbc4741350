from imt.access import sponsor_page
from notifications import views

# Included under /<sponsor_slug>/ by the root URLconf.  `read` opens a page, `write` sends it forms.
urlpatterns = [
    sponsor_page("notifications/", views.inbox, "notifications_inbox", read="notifications.view"),
    sponsor_page("notifications/<int:notification_pk>/", views.open_notification, "notifications_open",
                 read="notifications.view"),
    sponsor_page("notifications/read-all/", views.mark_all_read, "notifications_mark_all_read",
                 read="notifications.view", write="notifications.manage_own"),
    sponsor_page("notifications/unread/", views.badge, "notifications_badge", read="notifications.view"),
    sponsor_page("notifications/latest/", views.latest, "notifications_latest", read="notifications.view"),
    sponsor_page("notifications/settings/", views.settings_page, "notifications_settings",
                 read="notifications.view", write="notifications.manage_own"),
    sponsor_page("notifications/policy/", views.policy_page, "notifications_policy",
                 read="sponsor.edit_profile", write="sponsor.edit_profile"),
]
