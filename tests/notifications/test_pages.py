"""The inbox, opening a notification, the bell's fragments, the settings page and the sponsor's mandatory
kinds, as the members see them."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django_scopes import scope

from imt.permissions import Role
from notifications.kinds import Delivery
from notifications.models import Notification, NotificationPreference, SponsorNotificationPolicy
from tests.notifications import kinds

pytestmark = pytest.mark.django_db


def url(name, *args, slug="keystone"):
    return reverse(name, args=[slug, *args])


def read_at(notification):
    with scope(sponsor=notification.sponsor):
        return Notification.objects.get(pk=notification.pk).read_at


def test_the_inbox_lists_only_the_members_own_notifications_newest_first(world, tell, client_for):
    older = tell(kinds.QUIET.code)
    newer = tell(kinds.QUIET.code)
    someone_elses = tell(kinds.QUIET.code, role=Role.APPRENTICE)
    elsewhere = tell(kinds.QUIET.code, sponsor="lakeshore")  # the same kind of member at the other sponsor

    page = client_for(world.user("keystone", Role.MENTOR)).get(url("notifications_inbox")).content.decode()
    assert newer.title in page and older.title in page
    assert page.index(newer.title) < page.index(older.title)
    assert someone_elses.title not in page and elsewhere.title not in page
    assert "2 unread" in page and "Mark all as read" in page
    assert page.count("notification-unread") == 2 and page.count("fw-bold") >= 2


def test_the_empty_inbox_says_what_comes_there(world, client_for):
    page = client_for(world.user("keystone", Role.INSTRUCTOR)).get(url("notifications_inbox")).content.decode()
    assert "Nothing here yet" in page and "Mark all as read" not in page


def test_opening_a_notification_marks_it_read_and_goes_to_its_page(world, tell, client_for):
    notification = tell(kinds.QUIET.code, url="/keystone/queue/")
    mentor = client_for(world.user("keystone", Role.MENTOR))
    response = mentor.get(url("notifications_open", notification.pk))
    assert response.status_code == 302 and response["Location"] == "/keystone/queue/"
    first = read_at(notification)
    assert first is not None
    mentor.get(url("notifications_open", notification.pk))
    assert read_at(notification) == first  # opening again changes nothing
    page = mentor.get(url("notifications_inbox")).content.decode()
    assert "notification-unread" not in page


def test_a_notification_is_not_found_by_anybody_else(world, tell, client_for):
    notification = tell(kinds.QUIET.code)
    for sponsor, role in (("keystone", Role.APPRENTICE), ("keystone", Role.SPONSOR_ADMIN),
                          ("lakeshore", Role.MENTOR)):
        client = client_for(world.user(sponsor, role))
        assert client.get(url("notifications_open", notification.pk, slug=sponsor)).status_code == 404
    assert read_at(notification) is None


def test_a_link_elsewhere_is_not_followed(world, tell, client_for):
    notification = tell(kinds.QUIET.code, url="https://elsewhere.example/")
    response = client_for(world.user("keystone", Role.MENTOR)).get(url("notifications_open", notification.pk))
    assert response["Location"] == url("notifications_inbox")


def test_mark_all_as_read(world, tell, client_for):
    mine = [tell(kinds.QUIET.code) for _ in range(3)]
    theirs = tell(kinds.QUIET.code, role=Role.APPRENTICE)
    mentor = client_for(world.user("keystone", Role.MENTOR))
    assert mentor.get(url("notifications_mark_all_read")).status_code == 405
    response = mentor.post(url("notifications_mark_all_read"), follow=True)
    assert "3 notifications marked as read." in response.content.decode()
    assert all(read_at(n) for n in mine) and read_at(theirs) is None


def test_the_bell_shows_the_unread_count_in_a_cheap_fragment(world, tell, client_for, settings):
    # Sessions as deployed (with Redis): read from the cache, so a request's queries are its own.
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
    mentor = client_for(world.user("keystone", Role.MENTOR))
    dashboard = mentor.get(url("dashboard")).content.decode()
    assert f'hx-get="{url("notifications_badge")}"' in dashboard and 'hx-trigger="load, every 60s"' in dashboard
    assert mentor.get(url("notifications_badge")).content.decode().strip() == ""  # nothing unread: no badge
    for _ in range(2):
        tell(kinds.QUIET.code)
    tell(kinds.QUIET.code, role=Role.APPRENTICE)
    mentor.get(url("notifications_badge"))  # the session is warm
    with CaptureQueriesContext(connection) as queries:
        fragment = mentor.get(url("notifications_badge"), headers={"HX-Request": "true"}).content.decode()
    assert ">2<" in fragment and "unread notifications" in fragment
    assert len(queries) <= 3, [q["sql"] for q in queries]  # the user, the membership, the count
    counts = [q["sql"] for q in queries if "COUNT(" in q["sql"].upper()]
    assert len(counts) == 1 and "notifications_notification" in counts[0]


def test_the_bells_menu_lists_the_latest_five(world, tell, client_for):
    made = [tell(kinds.QUIET.code) for _ in range(6)]
    menu = client_for(world.user("keystone", Role.MENTOR)).get(url("notifications_latest")).content.decode()
    assert all(n.title in menu for n in made[1:]) and made[0].title not in menu
    assert url("notifications_inbox") in menu and url("notifications_settings") in menu


def test_pages_of_people_without_a_sponsor_have_no_bell(world, client_for):
    page = client_for(world.user("keystone", Role.MENTOR)).get("/accounts/password/change/").content.decode()
    assert "notifications-badge" not in page


def test_the_settings_page_lists_the_kinds_of_the_role_and_saves_a_choice(world, client_for):
    mentor, apprentice = world.member("keystone", Role.MENTOR), world.member("keystone", Role.APPRENTICE)
    page = client_for(mentor.user).get(url("notifications_settings")).content.decode()
    assert "Test queue waiting" in page and "Test alert" in page
    assert "E-mail at once" in page and "In the daily digest e-mail" in page and "In the app only" in page
    assert "(default)" in page
    assert "Test queue waiting" not in client_for(apprentice.user).get(url("notifications_settings")).content.decode()

    response = client_for(mentor.user).post(url("notifications_settings"), {
        "kind-test_alert": Delivery.DIGEST, "kind-test_summary": Delivery.DIGEST,  # its default: no row
        "kind-test_quiet": Delivery.NOW, "kind-test_deadline": Delivery.INAPP, "kind-test_queue": Delivery.NOW,
    }, follow=True)
    assert "Your notification settings were saved." in response.content.decode()
    with scope(sponsor=world.a):
        saved = dict(NotificationPreference.objects.filter(user=mentor.user).values_list("kind", "delivery"))
    assert saved == {"test_alert": Delivery.DIGEST, "test_quiet": Delivery.NOW, "test_deadline": Delivery.INAPP}
    page = client_for(mentor.user).get(url("notifications_settings")).content.decode()
    assert re.search(r'<input[^>]*name="kind-test_alert"[^>]*value="digest"[^>]*checked', page)


def test_a_mandatory_kind_is_locked_on_the_settings_page_and_a_forged_choice_is_ignored(world, client_for):
    with scope(sponsor=world.a):
        SponsorNotificationPolicy.objects.create(sponsor=world.a, kind=kinds.DEADLINE.code,
                                                 set_by=world.user("keystone", Role.SPONSOR_ADMIN))
    mentor = world.member("keystone", Role.MENTOR)
    client = client_for(mentor.user)
    page = client.get(url("notifications_settings")).content.decode()
    assert "Required by Keystone Manufacturing Partnership" in page
    client.post(url("notifications_settings"), {"kind-test_deadline": Delivery.INAPP, "kind-test_alert": "now"})
    with scope(sponsor=world.a):
        assert not NotificationPreference.objects.filter(user=mentor.user, kind=kinds.DEADLINE.code).exists()


def test_the_reviewer_chooses_their_own_settings_like_everyone(world, client_for):
    reviewer_user = world.user("keystone", Role.SPONSOR_REVIEWER)
    reviewer = client_for(reviewer_user)
    page = reviewer.get(url("notifications_settings")).content.decode()
    assert "Your role cannot change these settings here" not in page
    reviewer.post(url("notifications_settings"), {"kind-test_alert": "inapp"})
    with scope(sponsor=world.a):
        assert NotificationPreference.objects.get(user=reviewer_user, kind=kinds.ALERT.code).delivery == Delivery.INAPP


def test_the_sponsor_admin_chooses_the_mandatory_kinds(world, client_for):
    admin = client_for(world.user("keystone", Role.SPONSOR_ADMIN))
    page = admin.get(url("notifications_policy")).content.decode()
    assert "Test agency deadline" in page and "Test alert" not in page  # only kinds that may be mandatory
    response = admin.post(url("notifications_policy"), {"mandatory": [kinds.DEADLINE.code]}, follow=True)
    assert "The mandatory notifications were saved." in response.content.decode()
    with scope(sponsor=world.a):
        assert list(SponsorNotificationPolicy.objects.values_list("kind", flat=True)) == [kinds.DEADLINE.code]
    admin.post(url("notifications_policy"), {"mandatory": [kinds.ALERT.code]})  # not a candidate: refused
    admin.post(url("notifications_policy"), {})
    with scope(sponsor=world.a):
        assert not SponsorNotificationPolicy.objects.exists()
    for role in (Role.SPONSOR_REVIEWER, Role.EMPLOYER_ADMIN, Role.MENTOR):
        assert client_for(world.user("keystone", role)).get(url("notifications_policy")).status_code == 403


def _inbox_queries(client):
    client.get(url("notifications_inbox"))
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url("notifications_inbox")).status_code == 200
    return len(queries)


def test_the_inbox_runs_as_many_queries_with_thirty_notifications_as_with_three(world, tell, client_for):
    mentor = client_for(world.user("keystone", Role.MENTOR))
    for _ in range(3):
        tell(kinds.QUIET.code)
    few = _inbox_queries(mentor)
    for _ in range(27):
        tell(kinds.QUIET.code)
    assert _inbox_queries(mentor) == few <= 8


QUEUE_EMAIL_TEXT = """Waiting for you for more than 3 days:
- 4 OJT entries (28.5 h)
- 4 sign-off requests
They come from 4 apprentices; the oldest has waited since Nov 28, 2026.

Open your queue:
https://imt.example/keystone/queue/"""


def test_the_inbox_shows_an_e_mail_text_as_one_readable_line(world, tell, client_for):
    notification = tell(kinds.QUIET.code)
    with scope(sponsor=notification.sponsor):
        Notification.objects.filter(pk=notification.pk).update(body=QUEUE_EMAIL_TEXT)
    page = client_for(world.user("keystone", Role.MENTOR)).get(url("notifications_inbox")).content.decode()
    assert ("Waiting for you for more than 3 days: 4 OJT entries (28.5 h), 4 sign-off requests. They come from 4 "
            "apprentices; the oldest has waited since Nov 28, 2026.") in page
    assert "Open your queue" not in page and "- 4" not in page and "https://imt.example" not in page


def test_a_line_without_final_punctuation_ends_with_a_full_stop():
    from notifications.preview import one_line

    assert one_line("Your entry was rejected.\nReason: not my shift\n\nSee:\n/keystone/hours/") == (
        "Your entry was rejected. Reason: not my shift.")
    assert one_line("") == ""
