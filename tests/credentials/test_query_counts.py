"""The results grid and the transcript cost the same number of queries for 5 and for 50 apprentices."""

import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_scopes import scope

from credentials import services as credential_services
from credentials.models import CredentialType
from imt.permissions import Role
from rti import services

TODAY = datetime.date(2025, 11, 1)


def fill(world, section, people):
    with scope(sponsor=world.a):
        admin = world.member("keystone", Role.SPONSOR_ADMIN)
        enrollments = services.section_enroll(section=section, apprentices=people, by=admin)
        services.section_results_record(
            section=section, by=world.member("keystone", Role.INSTRUCTOR), today=TODAY,
            results={e.pk: {"attended_hours": 10, "grade": "A", "completed_on": TODAY, "hours_reason": ""}
                     for e in enrollments},
        )
        osha = CredentialType.objects.get(sponsor=world.a, name="OSHA 10-Hour General Industry")
        for person in people:
            credential_services.credential_record(apprentice=person, credential_type=osha, earned_on=TODAY,
                                                  by=person)


def queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_the_results_grid_costs_the_same_for_5_and_50_apprentices(world, client_for, new_section, make_apprentices):
    small, large = new_section("Industrial Math", capacity=60), new_section("Blueprint Reading", capacity=60)
    fill(world, small, make_apprentices(5, prefix="small"))
    fill(world, large, make_apprentices(50, prefix="large"))
    instructor = client_for(world.user("keystone", Role.INSTRUCTOR))
    queries(instructor, f"/keystone/rti/sections/{small.pk}/results/")  # warm-up
    assert queries(instructor, f"/keystone/rti/sections/{small.pk}/results/") == queries(
        instructor, f"/keystone/rti/sections/{large.pk}/results/"
    )


def test_the_transcript_costs_the_same_with_5_and_50_courses(world, client_for, new_section, make_apprentices):
    (few,), (many,) = make_apprentices(1, prefix="few"), make_apprentices(1, prefix="many")
    for person, count in ((few, 5), (many, 50)):
        for _ in range(count):
            fill(world, new_section("Blueprint Reading"), [person])
    reviewer = client_for(world.user("keystone", Role.SPONSOR_REVIEWER))
    queries(reviewer, f"/keystone/records/{few.pk}/")
    assert queries(reviewer, f"/keystone/records/{few.pk}/") == queries(reviewer, f"/keystone/records/{many.pk}/")


def test_the_section_list_of_an_instructor_costs_the_same_for_few_and_many_sections(world, client_for, new_section):
    instructor = client_for(world.user("keystone", Role.INSTRUCTOR))
    before = queries(instructor, "/keystone/rti/sections/")
    for _ in range(10):
        new_section("Digital Literacy")
    assert queries(instructor, "/keystone/rti/sections/") == before
