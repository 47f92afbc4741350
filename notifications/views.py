"""The inbox, the bell's fragments, each person's notification settings and the sponsor's mandatory kinds."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from imt.pages import apply_validation_error, paginate
from notifications import kinds, selectors
from notifications.forms import PolicyForm, PreferencesForm
from notifications.services import inbox as inbox_services
from notifications.services import preferences as preference_services


def inbox(request, sponsor_slug):
    """The member's notifications at this sponsor, newest first, unread ones in bold."""
    page = paginate(request, selectors.inbox(request.membership))
    page.object_list = list(page.object_list)
    return render(request, "notifications/inbox.html", {
        "page": page, "unread": selectors.unread_count(request.membership),
        "can_mark_all": request.membership.can("notifications.manage_own"),
    })


def open_notification(request, sponsor_slug, notification):
    """Open a notification: mark it read and go to the page it is about.

    A GET (the inbox's items are plain links: they open in a new tab, from the bell's menu, and a second
    click is harmless) whose one effect is idempotent: it stamps the first reading and nothing more.
    """
    inbox_services.notification_open(notification=notification, by=request.membership)
    url = notification.url
    if url and url_has_allowed_host_and_scheme(url, allowed_hosts={request.get_host()},
                                               require_https=request.is_secure()):
        return redirect(url)
    return redirect("notifications_inbox", sponsor_slug)


@require_POST
def mark_all_read(request, sponsor_slug):
    count = inbox_services.notifications_mark_all_read(by=request.membership)
    messages.success(request, ngettext("%(n)d notification marked as read.", "%(n)d notifications marked as read.",
                                       count) % {"n": count})
    return redirect("notifications_inbox", sponsor_slug)


def badge(request, sponsor_slug):
    """The bell's unread count, fetched by htmx apart from the page (so pages run no query for it)."""
    return render(request, "notifications/partials/badge.html", {"unread": selectors.unread_count(request.membership)})


def latest(request, sponsor_slug):
    """The bell's menu: the five newest notifications, loaded when the menu opens."""
    return render(request, "notifications/partials/latest.html", {"latest": selectors.latest(request.membership)})


def settings_page(request, sponsor_slug):
    """How each kind the member's role receives reaches them; the sponsor's mandatory kinds locked."""
    membership = request.membership
    rows = selectors.preference_rows(membership)
    can_change = membership.can("notifications.manage_own")
    form = PreferencesForm(request.POST if request.method == "POST" else None, rows=rows)
    if request.method == "POST" and form.is_valid():
        try:
            preference_services.preferences_save(by=membership, choices=form.choices())
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("Your notification settings were saved."))
            return redirect("notifications_settings", sponsor_slug)
    return render(request, "notifications/settings.html", {"form": form, "can_change": can_change})


def policy_page(request, sponsor_slug):
    """The sponsor admin chooses the kinds every member concerned gets by e-mail, whatever they chose."""
    candidates = kinds.may_be_mandatory()
    current = selectors.mandatory_kinds(request.sponsor)
    form = PolicyForm(request.POST if request.method == "POST" else None, candidates=candidates,
                      initial={"mandatory": sorted(current)})
    if request.method == "POST" and form.is_valid():
        try:
            preference_services.policy_save(by=request.membership, mandatory=form.cleaned_data["mandatory"])
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("The mandatory notifications were saved."))
            return redirect("notifications_policy", sponsor_slug)
    return render(request, "notifications/policy.html", {"form": form, "candidates": candidates})
