"""The account pages allauth provides, as this project configures them."""

from imt.permissions import Role


def test_confirm_access_offers_only_the_password_and_no_emailed_code(world, client_for):
    person = client_for(world.user("keystone", Role.MENTOR))
    page = person.get("/accounts/reauthenticate/")
    assert page.status_code == 200
    body = page.content.decode()
    assert 'name="password"' in body
    assert "/accounts/reauthenticate/code/" not in body
    assert person.get("/accounts/reauthenticate/code/").status_code in (403, 404)


def test_confirming_access_with_the_password_returns_to_the_page_asked_for(world, client_for):
    person = client_for(world.user("keystone", Role.MENTOR))
    response = person.post("/accounts/reauthenticate/?next=/accounts/email/", {"password": "demo-pass-2026"})
    assert response.status_code == 302
    assert response["Location"] == "/accounts/email/"
