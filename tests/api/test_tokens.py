"""The sponsor admin's token pages: a token is shown once and stored only as its SHA-256; revocation asks
first and takes effect at once; a token stops working with its creator's admin role."""

import hashlib

from django.db import connection
from django.urls import reverse
from django_scopes import scope, scopes_disabled

from api.models import ApiCall, ApiToken
from imt.permissions import Role


def _form_key(client, sponsor):
    text = client.get(reverse("api_token_list", args=[sponsor.slug])).content.decode()
    value = text[text.index('name="form_key" value="') + len('name="form_key" value="'):]
    return value[:value.index('"')]


def _create(client, sponsor, **data):
    """Sends the form as a browser does (its one-time key from the page) and follows the redirect."""
    return client.post(reverse("api_token_list", args=[sponsor.slug]),
                       {"name": "Payroll sync", "scope": "write", "form_key": _form_key(client, sponsor), **data},
                       follow=True)


def _secret_in(response):
    text = response.content.decode()
    start = text.index('id="new-token-secret"')
    value = text[text.index('value="', start) + len('value="'):]
    return value[:value.index('"')]


def _every_stored_text():
    """Every row of every table as text (the whole database, sessions included)."""
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            cursor.execute(f'SELECT * FROM "{table}"')
            for row in cursor.fetchall():
                yield table, " ".join(str(v) for v in row)


def test_the_sponsor_admin_creates_a_token_whose_secret_is_shown_once(world, client_for):
    admin = client_for(world.user("keystone", Role.SPONSOR_ADMIN))
    response = _create(admin, world.a)
    assert response.status_code == 200 and response.redirect_chain[0][1] == 302
    secret = _secret_in(response)
    assert secret.startswith("imt_") and len(secret) > 40
    assert "shown only this once" in response.content.decode()

    with scopes_disabled():
        token = ApiToken.objects.get(sponsor=world.a, name="Payroll sync")
    assert token.prefix == secret[4:12]
    assert token.secret_hash == hashlib.sha256(secret.encode()).hexdigest()
    assert token.scope == "write" and token.created_by == world.user("keystone", Role.SPONSOR_ADMIN)

    # Never again: not on reloading the page that showed it, not on the list, not on the token's page.
    reloaded = admin.get(response.redirect_chain[-1][0])
    assert "shown once" in reloaded.content.decode() and "new-token-secret" not in reloaded.content.decode()
    assert f'"{reverse("api-v1:apprentices")}?limit=5"' in response.content.decode().replace("http://testserver", "")
    for url in (reverse("api_token_list", args=[world.a.slug]),
                reverse("api_token_detail", args=[world.a.slug, token.pk])):
        page = admin.get(url)
        assert page.status_code == 200 and secret not in page.content.decode()
        assert f"imt_{token.prefix}_" in page.content.decode()


def test_the_secret_is_stored_nowhere(world, client_for, tokens):
    """The secret waits in the session between the POST and the page it redirects to, which takes it out
    as it renders: once the page has shown it, no table (sessions included) holds it."""
    admin = client_for(world.user("keystone", Role.SPONSOR_ADMIN))
    secret = _secret_in(_create(admin, world.a))
    assert tokens.client(secret).get("/api/v1/apprentices").status_code == 200  # calls are recorded too
    hits = [table for table, text in _every_stored_text() if secret in text or secret[13:] in text]
    assert hits == []


def test_a_form_sent_again_creates_no_second_token(world, client_for):
    admin = client_for(world.user("keystone", Role.SPONSOR_ADMIN))
    url = reverse("api_token_list", args=[world.a.slug])
    data = {"name": "Payroll sync", "scope": "read", "form_key": _form_key(admin, world.a)}
    assert admin.post(url, data).status_code == 302
    again = admin.post(url, data, follow=True)  # a double click, or the browser's "resend"
    assert "already sent" in again.content.decode() and "new-token-secret" not in again.content.decode()
    assert admin.post(url, {**data, "form_key": ""}).status_code == 302
    with scopes_disabled():
        assert ApiToken.objects.filter(sponsor=world.a).count() == 1


def test_a_token_for_one_employer_and_a_foreign_employer_is_refused(world, client_for, allegheny):
    admin = client_for(world.user("keystone", Role.SPONSOR_ADMIN))
    assert _create(admin, world.a, employer=allegheny.pk, scope="read").status_code == 200
    with scopes_disabled():
        assert ApiToken.objects.get(sponsor=world.a).employer == allegheny
        foreign = world.b.employers.first()
    refused = _create(admin, world.a, employer=foreign.pk, name="Other")
    assert refused.status_code == 200 and "new-token-secret" not in refused.content.decode()
    with scopes_disabled():
        assert not ApiToken.objects.filter(name="Other").exists()


def test_the_settings_page_links_to_the_tokens(world, client_for):
    page = client_for(world.user("keystone", Role.SPONSOR_ADMIN)).get(reverse("sponsor_settings", args=[world.a.slug]))
    text = page.content.decode()
    assert reverse("api_token_list", args=[world.a.slug]) in text
    assert text.index('id="integrations"') < text.index('enctype="multipart/form-data"')  # above the long form


def test_only_the_sponsor_admin_reaches_the_tokens(world, client_for):
    url = reverse("api_token_list", args=[world.a.slug])
    for role in Role:
        status = client_for(world.user("keystone", role)).get(url).status_code
        assert status == (200 if role == Role.SPONSOR_ADMIN else 403), role


def test_revoking_asks_first_and_refuses_the_next_call(world, client_for, tokens):
    token, secret = tokens.make()
    api = tokens.client(secret)
    assert api.get("/api/v1/apprentices").status_code == 200

    admin = client_for(world.user("keystone", Role.SPONSOR_ADMIN))
    url = reverse("api_token_revoke", args=[world.a.slug, token.pk])
    confirm = admin.get(url)
    assert confirm.status_code == 200 and "cannot be undone" in confirm.content.decode()
    with scopes_disabled():
        assert ApiToken.objects.get(pk=token.pk).revoked_at is None  # opening the page changes nothing

    response = admin.post(url)
    assert response.status_code == 302
    with scopes_disabled():
        assert ApiToken.objects.get(pk=token.pk).revoked_at is not None

    refused = api.get("/api/v1/apprentices")
    assert refused.status_code == 401
    with scope(sponsor=world.a):  # a revoked token is still known: its refused call is on its page
        assert ApiCall.objects.filter(token=token).order_by("-pk").first().status_code == 401
    detail = admin.get(reverse("api_token_detail", args=[world.a.slug, token.pk])).content.decode()
    assert "Revoked on" in detail and "401" in detail


def test_an_unknown_or_malformed_token_is_401_and_records_nothing(tokens, world):
    token, secret = tokens.make()
    for header in (None, "Bearer imt_nothing_here", f"Bearer {secret[:-2]}xx", f"Basic {secret}", secret):
        client = tokens.client("x")
        extra = {"HTTP_AUTHORIZATION": header} if header else {}
        if header is None:
            client.defaults.pop("HTTP_AUTHORIZATION")
        assert client.get("/api/v1/apprentices", **extra).status_code == 401, header
    with scope(sponsor=world.a):
        assert not ApiCall.objects.exists()


def test_a_token_stops_when_its_creator_no_longer_administers_the_sponsor(tokens, world):
    token, secret = tokens.make()
    admin = world.member("keystone", Role.SPONSOR_ADMIN)
    with scopes_disabled():
        type(admin).objects.filter(pk=admin.pk).update(is_active=False)
    assert tokens.client(secret).get("/api/v1/apprentices").status_code == 401
