"""Security headers on every page: Content-Security-Policy, Cache-Control for signed-in users,
Permissions-Policy.

The policy is checked on every URL pattern the resolver knows, requested by someone allowed to
open it with real object ids (the walk and the object factories of test_access_registry), so a
view cannot quietly drop the policy or loosen its scripts.
"""

import re

import pytest
from django.contrib.contenttypes.models import ContentType
from django.test import Client, override_settings
from django.urls import NoReverseMatch, reverse
from django_scopes import scopes_disabled

from imt.access import access_of
from imt.permissions import Role
from tests.imt.test_access_registry import ALL_PATTERNS, KWARG, OBJECT_IDS, url_kwargs

CONVERTER = re.compile(r"<(?:\w+:)?(\w+)>")
PRIVATE = "private, no-store"


def directives(response):
    """The Content-Security-Policy header as {directive: [sources]}."""
    header = response.headers.get("Content-Security-Policy")
    assert header, f"no Content-Security-Policy on {response.request['PATH_INFO']}"
    parsed = {}
    for part in header.split(";"):
        name, *sources = part.split()
        parsed[name] = sources
    return parsed


def assert_strict_scripts(response, where):
    policy = directives(response)
    if "sandbox" in policy and policy.get("default-src") == ["'none'"] and "script-src" not in policy:
        return  # an uploaded file (imt/evidence.py): a sandbox in which nothing runs at all
    scripts = policy.get("script-src")
    assert scripts, f"{where}: no script-src in {response['Content-Security-Policy']}"
    assert "'self'" in scripts, where
    assert any(re.fullmatch(r"'nonce-[A-Za-z0-9+/=]{16,}'", s) for s in scripts), f"{where}: no nonce in {scripts}"
    assert "'unsafe-inline'" not in scripts and "'unsafe-eval'" not in scripts, f"{where}: {scripts}"
    # script-src-elem and -attr would override script-src for their part: neither may loosen it.
    for loosened in ("script-src-elem", "script-src-attr"):
        assert "'unsafe-inline'" not in policy.get(loosened, ()), f"{where}: {loosened} {policy[loosened]}"
    assert policy.get("object-src") in (["'none'"], ["'self'"]), where


def assert_no_inline_script_or_style(response, where):
    """What the policy would block in a page: a script without src, an on… attribute, a <style>."""
    html = response.content.decode()
    for script in re.findall(r"<script\b[^>]*>", html):
        assert "src=" in script or 'type="application/json"' in script, f"inline script on {where}: {script}"
    handlers = re.findall(r"<[^>]*\son[a-z]+\s*=", html)
    assert not handlers, f"inline event handler on {where}: {handlers[:3]}"
    assert "<style" not in html, f"inline <style> on {where}"


# --- Every URL pattern -------------------------------------------------------------------------------


def _group(world):
    from django.contrib.auth.models import Group

    return Group.objects.get_or_create(name="Operators")[0].pk


def _revocation(world):
    from django.utils import timezone

    from apprentices import services

    sign_off = _object_id("sign_off_pk", world)
    from apprentices.models import SkillSignOff

    return services.sign_off_revoke(
        sign_off=SkillSignOff.objects.get(pk=sign_off), by=world.member("keystone", Role.SPONSOR_ADMIN),
        reason="Signed off for the wrong apprentice", password_confirmed_at=timezone.now(),
    ).pk


def _authenticator(world):
    from allauth.mfa.models import Authenticator

    return Authenticator.objects.create(
        user=world.user("keystone", Role.SPONSOR_ADMIN), type=Authenticator.Type.RECOVERY_CODES,
        data={"seed": "0" * 40, "used_mask": 0},
    ).pk


def _deferred_task():
    from imt.models import DeferredTask

    return DeferredTask.objects.create(task="programs.tasks.send_invitation_email", args=[0]).pk


# Admin models the demo has no row of: app_label/model -> function(world) making one.
ADMIN_OBJECTS = {
    "auth/group": _group,
    "programs/invitation": lambda world: _object_id("invitation_pk", world),
    "apprentices/signoffrevocation": _revocation,
    "mfa/authenticator": _authenticator,
    "imt/deferredtask": lambda world: _deferred_task(),
}


def _operator_kwargs(route, world):
    """Real ids for the Django admin's patterns: the route names the app and the model."""
    from django.apps import apps

    if "<path:content_type_id>" in route:  # "view on site": the sponsor's content type and id
        return {"content_type_id": ContentType.objects.get_for_model(world.a).pk, "object_id": world.a.pk}
    kwargs = {}
    for kwarg in KWARG.findall(route):
        if kwarg in ("object_id", "id"):
            app_label, model_name = route.split("/")[1:3]
            with scopes_disabled():
                row = apps.get_model(app_label, model_name)._base_manager.order_by("pk").first()
                make = ADMIN_OBJECTS.get(f"{app_label}/{model_name}")
                kwargs[kwarg] = row.pk if row else make(world)
        elif kwarg == "app_label":
            kwargs[kwarg] = "programs"
        elif kwarg == "url":
            kwargs[kwarg] = "no-such-page/"
    return kwargs


def _public_kwargs(route, world):
    kwargs = {}
    for kwarg in KWARG.findall(route):
        if kwarg == "token":
            from programs.models import Invitation

            with scopes_disabled():
                kwargs[kwarg] = Invitation.objects.get(pk=_object_id("invitation_pk", world)).token
        else:  # allauth's e-mailed keys: a stale one is what a visitor may bring
            kwargs[kwarg] = {"uidb36": "1"}.get(kwarg, "stale-key")
    return kwargs


def _url(route, name, kwargs):
    try:
        return reverse(name, kwargs=kwargs)
    except NoReverseMatch:  # the admin's unnamed redirects share a name; fill in the route itself
        return "/" + CONVERTER.sub(lambda m: str(kwargs[m.group(1)]), route)


def _request_as_permitted(route, name, access, world):
    """The response to GET `route`, from someone who may open it, with real object ids."""
    client = Client()
    if access.is_sponsor:
        role = next(role for role in Role if role in access.roles)
        client.force_login(world.user("keystone", role))
        kwargs = url_kwargs(route, world, world.a.slug)
    elif access.kind == "operator":
        with scopes_disabled():
            operator = world.user("keystone", Role.SPONSOR_ADMIN)
            operator.is_staff = operator.is_superuser = True
            operator.save(update_fields=["is_staff", "is_superuser"])
        client.force_login(operator)
        kwargs = _operator_kwargs(route, world)
    elif access.kind == "signed_in":
        client.force_login(world.user("keystone", Role.SPONSOR_ADMIN))
        kwargs = {}
    else:
        kwargs = _public_kwargs(route, world)
    return client.get(_url(route, name, kwargs))


@pytest.mark.parametrize(("route", "name", "view"), ALL_PATTERNS, ids=[p[0] or "/" for p in ALL_PATTERNS])
def test_every_page_has_a_policy_with_a_nonce_and_no_inline_scripts(route, name, view, world):
    response = _request_as_permitted(route, name, access_of(view, name), world)
    assert response.status_code < 500, f"{name} answered {response.status_code}"
    assert_strict_scripts(response, f"{name} ({response.status_code})")
    if response.status_code == 200 and response["Content-Type"].startswith("text/html"):
        assert_no_inline_script_or_style(response, name)


# --- The policy itself -------------------------------------------------------------------------------


def test_the_policy_of_a_page(world, client_for):
    response = client_for(world.user("keystone", Role.APPRENTICE)).get(reverse("dashboard", args=["keystone"]))
    policy = directives(response)

    assert policy["default-src"] == ["'self'"]
    assert policy["img-src"] == ["'self'", "data:"]
    assert policy["object-src"] == ["'none'"]
    assert policy["base-uri"] == ["'self'"]
    assert policy["form-action"] == ["'self'"]
    assert policy["frame-src"] == ["'none'"]
    # The page may not be framed at all, as X-Frame-Options says.
    assert response["X-Frame-Options"] == "DENY"
    assert policy["frame-ancestors"] == ["'none'"]
    # Style elements come from the site's files only; style attributes (the widths of progress bars) stay.
    assert policy["style-src"] == ["'self'"]
    assert policy["style-src-attr"] == ["'unsafe-inline'"]


def test_the_nonce_is_new_on_each_request(world, client_for):
    client = client_for(world.user("keystone", Role.APPRENTICE))
    url = reverse("dashboard", args=["keystone"])
    nonces = {next(s for s in directives(client.get(url))["script-src"] if s.startswith("'nonce-")) for _ in range(3)}
    assert len(nonces) == 3


def test_the_review_page_frames_the_packet_and_the_packet_may_be_framed_by_the_site_only(world, client_for):
    completion = _completion(world)
    reviewer = client_for(world.user("keystone", Role.SPONSOR_REVIEWER))

    review = reviewer.get(reverse("completion_review", args=["keystone", completion["recommendation"].pk]))
    assert review.status_code == 200
    assert 'src="{}"'.format(reverse("completion_packet_pdf", args=["keystone", completion["packet"].pk])) in \
        review.content.decode()
    assert directives(review)["frame-src"] == ["'self'"]
    assert directives(review)["frame-ancestors"] == ["'none'"]

    pdf = reviewer.get(reverse("completion_packet_pdf", args=["keystone", completion["packet"].pk]))
    assert pdf.status_code == 200
    assert pdf["X-Frame-Options"] == "SAMEORIGIN"
    assert directives(pdf)["frame-ancestors"] == ["'self'"]
    # Older Chromium shows a PDF through a plugin that the PDF's own object-src governs.
    assert directives(pdf)["object-src"] == ["'self'"]
    assert_strict_scripts(pdf, "packet PDF")


def test_pages_carry_no_inline_script_or_event_handler(world, client_for):
    """The pages that had inline scripts or on… handlers, rendered: every script is a file of the site."""
    completion = _completion(world)
    pages = [
        (Role.INSTRUCTOR, reverse("rti_section_results", args=["keystone", _object_id("section_pk", world)])),
        (Role.SPONSOR_ADMIN, reverse("rti_section_detail", args=["keystone", _object_id("section_pk", world)])),
        (Role.EMPLOYER_ADMIN, reverse("completion_eligibility", args=["keystone", completion["enrollment"].pk])),
        (Role.SPONSOR_REVIEWER, reverse("completion_review", args=["keystone", completion["recommendation"].pk])),
        (Role.EMPLOYER_ADMIN, reverse("job_book_editor", args=["keystone", _object_id("job_book_pk", world)])),
        (Role.EMPLOYER_ADMIN, reverse("job_book_print", args=["keystone", _object_id("job_book_pk", world)])),
        (Role.MENTOR, reverse("mentor_queue", args=["keystone"])),
        (Role.APPRENTICE, reverse("hours_log", args=["keystone"])),
        (Role.APPRENTICE, reverse("dashboard", args=["keystone"])),
        (Role.SPONSOR_ADMIN, reverse("employer_list", args=["keystone"])),
        (Role.SPONSOR_ADMIN, reverse("invitation_list", args=["keystone"])),
        (Role.APPRENTICE, reverse("transcript", args=["keystone", _object_id("apprentice_pk", world)])),
    ]
    _object_id("invitation_pk", world)  # so that the invitation list has a revoke form
    for role, url in pages:
        response = client_for(world.user("keystone", role)).get(url)
        assert response.status_code == 200, f"{role} on {url}: {response.status_code}"
        assert_no_inline_script_or_style(response, url)


def _completion(world):
    from tests.imt.test_access_registry import _completion as completion_records

    with scopes_disabled():
        records = completion_records(world)
        records.setdefault("enrollment", records["recommendation"].enrollment)
    return records


def _object_id(kwarg, world):
    with scopes_disabled():
        return OBJECT_IDS[kwarg](world)


# --- Cache-Control ----------------------------------------------------------------------------------


def _private(response):
    directives_ = {d.strip() for d in response.get("Cache-Control", "").split(",") if d.strip()}
    return {"private", "no-store"} <= directives_ and "public" not in directives_


def test_personal_pages_fragments_and_json_are_not_stored(world, client_for):
    apprentice = client_for(world.user("keystone", Role.APPRENTICE))
    assert _private(apprentice.get(reverse("dashboard", args=["keystone"])))
    fragment = apprentice.get(reverse("completion_my_checklist", args=["keystone"]), headers={"HX-Request": "true"})
    assert fragment.status_code == 200 and _private(fragment)
    ping = apprentice.get(reverse("ping"))
    assert ping["Content-Type"] == "application/json" and _private(ping)
    # A page the user may not open is theirs too: it says which sponsor they belong to.
    assert _private(apprentice.get(reverse("employer_list", args=["keystone"])))


def test_files_of_a_signed_in_user_are_not_stored(world, client_for):
    completion = _completion(world)
    reviewer = client_for(world.user("keystone", Role.SPONSOR_REVIEWER))
    apprentice = client_for(world.user("keystone", Role.APPRENTICE))
    files = [
        (reviewer, reverse("completion_packet_pdf", args=["keystone", completion["packet"].pk])),
        (reviewer, reverse("completion_certificate_pdf", args=["keystone", completion["certificate"].pk])),
        (reviewer, reverse("credential_evidence", args=["keystone", _object_id("credential_pk", world)])),
        (reviewer, reverse("standing_evidence", args=["keystone", _object_id("standing_pk", world)])),
        (reviewer, reverse("rti_credit_evidence", args=["keystone", _object_id("credit_pk", world)])),
        (apprentice, reverse("sponsor_logo", args=["keystone"])),
    ]
    for client, url in files:
        response = client.get(url)
        assert response.status_code == 200, f"{url}: {response.status_code}"
        assert _private(response), f"{url}: Cache-Control {response.get('Cache-Control')!r}"


@override_settings(WHITENOISE_USE_FINDERS=True, WHITENOISE_AUTOREFRESH=True)
def test_static_files_stay_cacheable_for_a_signed_in_user(world):
    client = Client()  # a new client: WhiteNoise reads its settings when the middleware is built
    client.force_login(world.user("keystone", Role.APPRENTICE))
    response = client.get("/static/css/app.css")
    assert response.status_code == 200
    assert "no-store" not in response.get("Cache-Control", "")
    assert "private" not in response.get("Cache-Control", "")


# --- Permissions-Policy -----------------------------------------------------------------------------

DENIED_FEATURES = ("camera", "microphone", "geolocation", "payment", "usb", "serial", "hid")


def _permissions(response):
    header = response.headers.get("Permissions-Policy", "")
    return dict(part.strip().split("=", 1) for part in header.split(",") if part.strip())


@pytest.mark.parametrize("who", ["anonymous", "apprentice"])
def test_permissions_policy_denies_the_features_the_app_does_not_use(who, world, client, client_for):
    if who == "anonymous":
        response = client.get(reverse("account_login"))
    else:
        response = client_for(world.user("keystone", Role.APPRENTICE)).get(reverse("hours_log", args=["keystone"]))
    assert response.status_code == 200
    features = _permissions(response)
    for feature in DENIED_FEATURES:
        assert features.get(feature) == "()", f"{feature} is not denied: {response.get('Permissions-Policy')!r}"
