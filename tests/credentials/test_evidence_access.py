import pytest
from django.utils import timezone
from django_scopes import scope

from credentials import services
from credentials.models import CredentialType
from imt.permissions import Role
from tests.credentials.conftest import upload


@pytest.fixture
def credential(world):
    apprentice = world.member("keystone", Role.APPRENTICE)
    with scope(sponsor=world.a):
        return services.credential_record(
            apprentice=apprentice, by=apprentice,
            earned_on=timezone.localdate(apprentice.created_at).replace(day=1),
            credential_type=CredentialType.objects.get(sponsor=world.a, name="First Aid/CPR"), evidence=upload(),
        )


def evidence_url(credential):
    return f"/keystone/credentials/{credential.pk}/evidence/"


def test_the_owner_their_employer_admin_their_mentor_and_sponsor_staff_can_open_the_evidence(
    world, client_for, credential
):
    for role in (Role.APPRENTICE, Role.EMPLOYER_ADMIN, Role.MENTOR, Role.SPONSOR_ADMIN, Role.SPONSOR_REVIEWER):
        response = client_for(world.user("keystone", role)).get(evidence_url(credential))
        assert response.status_code == 200, role
        assert b"".join(response.streaming_content).startswith(b"%PDF-")


def test_an_anonymous_request_is_sent_to_sign_in(client, credential):
    response = client.get(evidence_url(credential))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_another_sponsors_users_get_404_under_either_address(world, client_for, credential):
    for role in Role:
        outsider = client_for(world.user("lakeshore", role))
        assert outsider.get(evidence_url(credential)).status_code == 404, role
        assert outsider.get(f"/lakeshore/credentials/{credential.pk}/evidence/").status_code in (403, 404), role


def test_an_apprentice_who_is_not_the_owner_gets_404(world, client_for, credential, make_apprentices):
    (other,) = make_apprentices(1, prefix="classmate")
    assert client_for(other.user).get(evidence_url(credential)).status_code == 404


def test_an_employer_admin_of_another_employer_and_the_instructor_cannot_open_it(world, client_for, credential):
    from imt.models import User
    from programs.models import Employer, Membership

    with scope(sponsor=world.a):
        allegheny = Employer.objects.get(sponsor=world.a, name="Allegheny Metal Works")
        admin = Membership.objects.create(
            user=User.objects.create_user("boss@allegheny.example", "x", full_name="Allegheny Boss"),
            sponsor=world.a, role=Role.EMPLOYER_ADMIN, employer=allegheny,
        )
    assert client_for(admin.user).get(evidence_url(credential)).status_code == 404
    assert client_for(world.user("keystone", Role.INSTRUCTOR)).get(evidence_url(credential)).status_code == 403


def test_no_public_url_serves_the_media_directory(world, client, credential):
    assert client.get(f"/media/{credential.evidence.name}").status_code == 404
