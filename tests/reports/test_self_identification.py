"""The voluntary disability self-identification: the apprentice's own, yes / no / prefer not to answer,
the other answers left as they were; nobody else may answer it."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django_scopes import scope, scopes_disabled

from apprentices.models import Demographics
from imt.permissions import Role
from reports import services

pytestmark = pytest.mark.django_db


def test_the_apprentice_answers_and_changes_their_answer(make, client_for):
    apprentice = make.apprentice()
    enrollment = make.enrollment(apprentice=apprentice)
    client = client_for(apprentice.user)
    url = reverse("self_identification", args=["keystone", enrollment.pk])
    page = client.get(url).content.decode()
    assert "voluntary" in page.lower() and "confidential" in page.lower() and "prefer not to answer" in page.lower()
    assert client.post(url, {"disability": "yes"}).status_code == 302
    assert client.post(url, {"disability": "prefer_not"}).status_code == 302
    with scopes_disabled():
        assert Demographics.objects.get(enrollment=enrollment).disability == "prefer_not"
    response = client.post(url, {"disability": "maybe"})
    assert response.status_code == 200 and response.context["form"].errors
    dashboard = client.get(reverse("dashboard", args=["keystone"])).content.decode()
    assert url in dashboard


def test_other_answers_are_kept(make):
    apprentice = make.apprentice()
    enrollment = make.enrollment(apprentice=apprentice)
    with scope(sponsor=make.sponsor):
        Demographics.objects.create(sponsor=make.sponsor, enrollment=enrollment, sex="female", races=["asian"],
                                    updated_by=apprentice.user)
        services.disability_self_identify(enrollment=enrollment, by=apprentice, answer="no")
        answers = Demographics.objects.get(enrollment=enrollment)
    assert (answers.sex, answers.races, answers.disability) == ("female", ["asian"], "no")


def test_nobody_answers_for_someone_else(make, world, client_for):
    enrollment = make.enrollment()
    other = make.apprentice()
    with scope(sponsor=make.sponsor), pytest.raises(PermissionDenied):
        services.disability_self_identify(enrollment=enrollment, by=other, answer="yes")
    with scope(sponsor=make.sponsor), pytest.raises(PermissionDenied):
        services.disability_self_identify(enrollment=enrollment, by=make.sponsor_admin, answer="yes")
    url = reverse("self_identification", args=["keystone", enrollment.pk])
    assert client_for(other.user).get(url).status_code == 404
    assert client_for(world.user("keystone", Role.SPONSOR_ADMIN)).post(url, {"disability": "yes"}).status_code == 403
    with scope(sponsor=make.sponsor), pytest.raises(ValidationError):
        services.disability_self_identify(enrollment=enrollment, by=enrollment.apprentice, answer="perhaps")
