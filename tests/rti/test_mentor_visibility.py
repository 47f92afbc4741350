"""A mentor sees the RTI and credential records of the apprentices assigned to them, and no one else's."""

import pytest
from django.urls import reverse

from imt.models import User
from imt.permissions import Role
from programs.models import Membership

pytestmark = pytest.mark.django_db


def test_an_unassigned_mentor_of_the_same_employer_gets_404_on_a_transcript(world, client_for):
    apprentice = world.member("keystone", Role.APPRENTICE)
    url = reverse("transcript", args=["keystone", apprentice.pk])
    assert client_for(world.user("keystone", Role.MENTOR)).get(url).status_code == 200  # assigned in the world

    newcomer = User.objects.create_user("new.mentor@example.com", "x", full_name="New Mentor")
    Membership.objects.create(user=newcomer, sponsor=world.a, role=Role.MENTOR, employer=apprentice.employer)
    assert client_for(newcomer).get(url).status_code == 404
