from decimal import Decimal

import pytest
from django_scopes import scope

from imt.permissions import Role
from rti.models import Course, ProgramCourseRequirement


def test_every_sponsor_starts_with_the_fourteen_imt_courses_of_264_hours(world):
    for sponsor in (world.a, world.b):
        with scope(sponsor=sponsor):
            courses = Course.objects.filter(sponsor=sponsor)
            assert courses.count() == 14
            assert sum(c.hours for c in courses) == Decimal("264")


def test_the_imt_program_requires_math_communication_and_transition_to_trainer(world):
    with scope(sponsor=world.a):
        names = set(ProgramCourseRequirement.objects.filter(sponsor=world.a).values_list("course__name", flat=True))
    assert names == {"Industrial Math", "Communication Skills", "Transition to Trainer"}


def test_staff_add_edit_and_retire_a_course_and_a_duplicate_name_is_refused(world, client_for):
    admin = client_for(world.user("keystone", Role.SPONSOR_ADMIN))
    assert admin.post("/keystone/rti/courses/new/", {"name": "Hydraulics", "hours": "12"}).status_code == 302
    response = admin.post("/keystone/rti/courses/new/", {"name": "hydraulics", "hours": "12"})
    assert "already has a course named" in response.content.decode()
    response = admin.post("/keystone/rti/courses/new/", {"name": "Pneumatics", "hours": "0"})
    assert "above zero" in response.content.decode()
    with scope(sponsor=world.a):
        course = Course.objects.get(sponsor=world.a, name="Hydraulics")
    assert admin.post(f"/keystone/rti/courses/{course.pk}/retire/").status_code == 302
    course.refresh_from_db()
    assert course.is_retired
    assert ">Hydraulics</a>" not in admin.get("/keystone/rti/courses/").content.decode()
    assert ">Hydraulics</a>" in admin.get("/keystone/rti/courses/?show=retired").content.decode()


def test_an_instructor_reads_the_catalog_but_cannot_change_it(world, client_for):
    instructor = client_for(world.user("keystone", Role.INSTRUCTOR))
    assert instructor.get("/keystone/rti/courses/").status_code == 200
    assert instructor.get("/keystone/rti/courses/new/").status_code == 403


@pytest.mark.parametrize("hours", ["9" * 400, "1e999999"], ids=["400 digits", "1e999999"])
def test_a_course_with_a_huge_number_of_hours_is_refused_with_a_message(world, client_for, hours):
    admin = client_for(world.user("keystone", Role.SPONSOR_ADMIN))
    response = admin.post("/keystone/rti/courses/new/", {"name": "Hydraulics", "hours": hours})
    assert response.status_code == 200 and response.context["form"].errors["hours"]


def test_a_course_description_is_at_most_5000_characters(world, client_for):
    admin = client_for(world.user("keystone", Role.SPONSOR_ADMIN))
    response = admin.post("/keystone/rti/courses/new/",
                          {"name": "Hydraulics", "hours": "12", "description": "d" * 5001})
    assert response.status_code == 200
    assert "at most 5000 characters" in " ".join(response.context["form"].errors["description"])
