"""Limits on guessing passwords that hold behind a reverse proxy and on the signing forms."""

import pytest
from django.test import Client, override_settings

from imt.permissions import Role
from imt.reauth import SIGNING_PASSWORD_ATTEMPTS

PASSWORD = "demo-pass-2026"


LIMITED = "Too many failed login attempts"


def sign_in(email, password, address):
    client = Client(HTTP_X_FORWARDED_FOR=address, REMOTE_ADDR="10.0.0.2")  # every request comes via the proxy
    return client.post("/accounts/login/", {"login": email, "password": password})


@pytest.mark.django_db
@override_settings(ALLAUTH_TRUSTED_PROXY_COUNT=1)
def test_an_attacker_behind_the_proxy_does_not_lock_everybody_out(world):
    for attempt in range(12):
        sign_in(f"nobody{attempt}@example.com", "wrong", "203.0.113.9")
    assert LIMITED in sign_in("nobody99@example.com", "wrong", "203.0.113.9").content.decode()  # the attacker
    response = sign_in("mentor@keystone.example", PASSWORD, "198.51.100.20")
    assert response.status_code == 302, "another client behind the same proxy still signs in"


@pytest.mark.django_db
def test_without_the_proxy_setting_the_proxys_address_is_the_clients(world):
    """What the setting is for: the same flood, counted against the proxy, keeps everybody out."""
    for attempt in range(12):
        sign_in(f"nobody{attempt}@example.com", "wrong", "203.0.113.9")
    assert LIMITED in sign_in("mentor@keystone.example", PASSWORD, "198.51.100.20").content.decode()


def test_the_signing_password_is_throttled_per_account(world, client_for):
    from django_scopes import scope

    from tests.completion.factories import make_eligible

    with scope(sponsor=world.a):
        enrollment = make_eligible(world)
    employer = client_for(world.user("keystone", Role.EMPLOYER_ADMIN))
    url = f"/keystone/completion/enrollments/{enrollment.pk}/"
    form = {"attest": "on"}
    for _ in range(SIGNING_PASSWORD_ATTEMPTS):
        body = employer.post(url, {**form, "password": "guess"}).content.decode()
        assert "That password is not right." in body
    # From another session too, and with the right password: the account is paused.
    other = client_for(world.user("keystone", Role.EMPLOYER_ADMIN))
    body = other.post(url, {**form, "password": PASSWORD}).content.decode()
    assert "Too many wrong passwords" in body
    enrollment.refresh_from_db()
    with scope(sponsor=world.a):
        assert not enrollment.recommendations.exists()


def test_a_right_password_before_the_limit_clears_the_count(world, client_for):
    from django_scopes import scope

    from tests.completion.factories import make_eligible

    with scope(sponsor=world.a):
        enrollment = make_eligible(world)
    employer = client_for(world.user("keystone", Role.EMPLOYER_ADMIN))
    url = f"/keystone/completion/enrollments/{enrollment.pk}/"
    for _ in range(SIGNING_PASSWORD_ATTEMPTS - 1):
        employer.post(url, {"attest": "on", "password": "guess"})
    response = employer.post(url, {"attest": "on", "password": PASSWORD})
    assert "Too many wrong passwords" not in response.content.decode()
