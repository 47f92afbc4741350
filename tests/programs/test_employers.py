import pytest
from django_scopes import scope

from imt.permissions import Role
from programs.models import Employer

pytestmark = pytest.mark.django_db


def test_admin_adds_an_employer_and_a_duplicate_name_is_refused(world, client_for):
    admin = client_for(world.user("keystone", Role.SPONSOR_ADMIN))
    data = {"name": "Susquehanna Castings", "city": "York", "state": "pa"}
    assert admin.post("/keystone/employers/new/", data).status_code == 302
    with scope(sponsor=world.a):
        assert Employer.objects.get(name="Susquehanna Castings").state == "PA"
    response = admin.post("/keystone/employers/new/", {**data, "name": "susquehanna castings"})
    assert "already has an employer named" in response.content.decode()
    # another sponsor may use the same name
    other = client_for(world.user("lakeshore", Role.SPONSOR_ADMIN))
    assert other.post("/lakeshore/employers/new/", data).status_code == 302


def test_a_bad_state_is_explained_next_to_the_field(world, client_for):
    admin = client_for(world.user("keystone", Role.SPONSOR_ADMIN))
    response = admin.post("/keystone/employers/new/", {"name": "Valley Foods", "state": "Penn"})
    assert response.status_code == 200
    assert "Two-letter abbreviation" in response.content.decode()
    assert 'value="Valley Foods"' in response.content.decode()


def test_archiving_hides_an_employer_from_new_invitations(world, client_for):
    admin = client_for(world.user("keystone", Role.SPONSOR_ADMIN))
    with scope(sponsor=world.a):
        employer = Employer.objects.get(name="Allegheny Metal Works")
    assert admin.post(f"/keystone/employers/{employer.pk}/archive/").status_code == 302
    assert ">Allegheny Metal Works</a>" not in admin.get("/keystone/employers/").content.decode()
    assert ">Allegheny Metal Works</a>" in admin.get("/keystone/employers/?show=archived").content.decode()
    assert "Allegheny Metal Works" not in admin.get("/keystone/invitations/").content.decode()
    assert admin.post(f"/keystone/employers/{employer.pk}/archive/").status_code == 302  # restore
    assert ">Allegheny Metal Works</a>" in admin.get("/keystone/employers/").content.decode()


def test_sponsor_profile_saves_and_logo_is_served_only_to_members(world, client, client_for):
    admin = client_for(world.user("keystone", Role.SPONSOR_ADMIN))
    response = admin.post(
        "/keystone/settings/",
        {"name": "Keystone Manufacturing Partnership", "registration_agency": "PA ATC",
         "rapids_sponsor_number": "PA-1", "state": "PA"},
    )
    assert response.status_code == 302
    world.a.refresh_from_db()
    assert world.a.rapids_sponsor_number == "PA-1"
    assert world.a.logo  # kept when the form is saved without a new file
    assert admin.get("/keystone/logo/").status_code == 200
    assert client.get("/keystone/logo/").status_code == 302
    assert client_for(world.user("lakeshore", Role.SPONSOR_ADMIN)).get("/keystone/logo/").status_code == 404


def test_dashboard_shows_the_sponsor_and_its_counts(world, client_for):
    admin = client_for(world.user("keystone", Role.SPONSOR_ADMIN))
    page = admin.get("/keystone/").content.decode()
    assert "Keystone Manufacturing Partnership" in page
    assert "Employers" in page and "Pending invitations" in page


def test_seed_demo_twice_changes_nothing(demo_world):
    from django.core.management import call_command
    from django_scopes import scopes_disabled

    from imt.models import User
    from programs.models import Membership

    with scopes_disabled():
        call_command("seed_demo", verbosity=0)
        after_first = (User.objects.count(), Membership.objects.count(), Employer.objects.count())
        call_command("seed_demo", verbosity=0)
        after_second = (User.objects.count(), Membership.objects.count(), Employer.objects.count())
    assert after_first == after_second
