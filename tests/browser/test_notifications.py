"""The bell and the inbox, in Chromium: mentor@keystone.example sees the unread count, opens the bell's menu
and the inbox, follows a notification to the page it is about, and the count goes."""

import pytest
from django.urls import reverse
from django_scopes import scope
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

MENTOR = "mentor@keystone.example"


@pytest.fixture
def waiting(demo):
    from imt.models import User
    from notifications.kinds import Delivery
    from notifications.models import NotificationPreference
    from notifications.services import notify
    from programs.models import Sponsor
    from tests.notifications import kinds

    sponsor = Sponsor.objects.get(slug="keystone")
    mentor = User.objects.get(email=MENTOR)
    with scope(sponsor=sponsor):
        NotificationPreference.objects.create(sponsor=sponsor, user=mentor, kind=kinds.ALERT.code,
                                              delivery=Delivery.INAPP)
        return [notify(sponsor=sponsor, user=mentor, kind=kinds.ALERT.code, key=f"browser:{n}",
                       url=reverse("mentor_queue", args=["keystone"]), context={"number": n}) for n in (1, 2)]


def test_the_mentor_follows_a_notification_from_the_bell_to_the_queue(waiting, page, sign_in):
    sign_in(page, MENTOR)
    badge = page.locator("#notifications-unread")
    expect(badge).to_contain_text("2")

    page.locator("#notifications-toggle").click()
    menu = page.locator("#notifications-latest")
    expect(menu).to_contain_text(waiting[1].title)
    menu.get_by_role("link", name="All notifications").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Notifications")

    page.locator("#inbox").get_by_role("link", name=waiting[0].title).click()
    expect(page).to_have_url(f"{page.url.split('/keystone/')[0]}/keystone/queue/")
    expect(page.locator("#notifications-unread")).to_contain_text("1")

    page.goto("/keystone/notifications/")
    page.get_by_role("button", name="Mark all as read").click()
    expect(page.get_by_role("alert")).to_contain_text("1 notification marked as read.")
    expect(page.locator("#notifications-unread")).to_have_count(0)


@pytest.fixture
def reminded(demo):
    """The morning's and the last minutes' reminder jobs, run on the demo as beat runs them: the mentor's
    queue holds hours and sign-off requests older than the sponsor's three days."""
    from imt.models import User
    from notifications.models import Notification
    from programs.models import Sponsor
    from reminders.tasks import send_daily_reminders, send_event_reminders
    from tests.conftest import seed_demo_data

    seed_demo_data("jobbook", "apprentices", "reminders")  # the demo's hours, sign-off requests and their ages
    send_daily_reminders.delay()
    send_event_reminders.delay()
    sponsor = Sponsor.objects.get(slug="keystone")
    with scope(sponsor=sponsor):
        mine = Notification.objects.filter(user=User.objects.get(email=MENTOR), sponsor=sponsor)
        return {"unread": mine.filter(read_at__isnull=True).count(), "queue": mine.get(kind="mentor_queue")}


def test_the_mentor_follows_the_queue_reminder_from_the_inbox_to_the_queue(reminded, page, sign_in):
    assert reminded["unread"] >= 1
    sign_in(page, MENTOR)
    expect(page.locator("#notifications-unread")).to_contain_text(str(reminded["unread"]))

    page.locator("#notifications-toggle").click()
    page.locator("#notifications-latest").get_by_role("link", name="All notifications").click()
    page.locator("#inbox").get_by_role("link", name=reminded["queue"].title).click()
    expect(page).to_have_url(f"{page.url.split('/keystone/')[0]}/keystone/queue/")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    if reminded["unread"] > 1:
        expect(page.locator("#notifications-unread")).to_contain_text(str(reminded["unread"] - 1))
    else:
        expect(page.locator("#notifications-unread")).to_have_count(0)


@pytest.fixture
def long_ones(demo):
    """Notifications whose titles and texts are far longer than a line, as an agency deadline can be."""
    from imt.models import User
    from notifications.models import Notification
    from programs.models import Sponsor

    sponsor = Sponsor.objects.get(slug="keystone")
    mentor = User.objects.get(email=MENTOR)
    words = " ".join(["Registration-agency-deadline-for-the-quarterly-status-report"] * 3)
    with scope(sponsor=sponsor):
        return [Notification.objects.create(
            sponsor=sponsor, user=mentor, kind="test_alert", key=f"long:{n}", url="/keystone/",
            title=f"{n}: {words}", body=f"{words} {'and much more to read about it ' * 20}\nhttps://imt.example/x",
        ) for n in (1, 2, 3)]


@pytest.mark.parametrize("viewport", [{"width": 1280, "height": 900}, {"width": 390, "height": 844}],
                         ids=["desktop", "phone"])
def test_long_notifications_stay_inside_the_inbox_on_any_screen(long_ones, open_page, sign_in, viewport):
    page = open_page(viewport)
    sign_in(page, MENTOR)
    page.goto("/keystone/notifications/")
    inbox = page.locator("#inbox")
    expect(inbox).to_contain_text("3: Registration")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    card = inbox.bounding_box()
    for time in inbox.locator("time:visible").all():
        box = time.bounding_box()
        assert box["x"] + box["width"] <= card["x"] + card["width"] + 1  # the dates stay inside the card


def test_on_a_phone_the_unread_count_shows_beside_the_menu_button(waiting, phone_page, sign_in):
    sign_in(phone_page, MENTOR)
    expect(phone_page.locator(".navbar-toggler")).to_be_visible()
    expect(phone_page.locator("#nav-main")).not_to_be_visible()  # the menu is closed
    expect(phone_page.locator("#notifications-unread")).to_be_visible()
    expect(phone_page.locator("#notifications-unread")).to_contain_text("2")
    assert phone_page.evaluate("document.querySelectorAll('#notifications-menu').length") == 1

    phone_page.locator("#notifications-toggle").click()
    expect(phone_page.locator("#notifications-latest")).to_contain_text(waiting[1].title)
    assert phone_page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
