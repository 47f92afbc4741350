import pytest
from django.core.exceptions import ValidationError
from django_scopes import scope

from imt.models import User
from imt.permissions import Role
from programs.models import Membership
from rti import services
from rti.models import Section, SectionEnrollment


def test_enrolling_more_apprentices_than_seats_is_refused_and_enrolls_no_one(world, new_section, make_apprentices):
    section = new_section(capacity=3)
    people = make_apprentices(4)
    admin = world.member("keystone", Role.SPONSOR_ADMIN)
    with scope(sponsor=world.a):
        with pytest.raises(ValidationError, match="3 of 3 seats left; you chose 4"):
            services.section_enroll(section=section, apprentices=people, by=admin)
        assert not SectionEnrollment.objects.filter(section=section).exists()
        services.section_enroll(section=section, apprentices=people[:3], by=admin)
        with pytest.raises(ValidationError, match="0 of 3 seats left"):
            services.section_enroll(section=section, apprentices=people[3:], by=admin)


def test_enrolling_an_apprentice_twice_is_refused_with_their_name(world, new_section, make_apprentices):
    section = new_section()
    (person,) = make_apprentices(1)
    admin = world.member("keystone", Role.SPONSOR_ADMIN)
    with scope(sponsor=world.a):
        services.section_enroll(section=section, apprentices=[person], by=admin)
        with pytest.raises(ValidationError, match="Already enrolled in this section: Learner 000"):
            services.section_enroll(section=section, apprentices=[person], by=admin)
        assert SectionEnrollment.objects.filter(section=section).count() == 1


def test_only_apprentices_of_the_sponsor_can_be_enrolled(world, new_section):
    section = new_section()
    admin = world.member("keystone", Role.SPONSOR_ADMIN)
    with scope(sponsor=world.a):
        with pytest.raises(ValidationError, match="not an active apprentice"):
            services.section_enroll(section=section, apprentices=[world.member("keystone", Role.MENTOR)], by=admin)
        with pytest.raises(ValidationError, match="not an active apprentice"):
            services.section_enroll(section=section, apprentices=[world.member("lakeshore", Role.APPRENTICE)],
                                    by=admin)


def test_staff_enroll_several_apprentices_from_the_roster_page(world, client_for, new_section, make_apprentices):
    section = new_section(capacity=2)
    people = make_apprentices(3)
    admin = client_for(world.user("keystone", Role.SPONSOR_ADMIN))
    url = f"/keystone/rti/sections/{section.pk}/"
    assert "Learner 001" in admin.get(url).content.decode()
    response = admin.post(url + "enroll/", {"apprentices": [p.pk for p in people]}, follow=True)
    assert "2 of 2 seats left; you chose 3" in response.content.decode()
    response = admin.post(url + "enroll/", {"apprentices": [p.pk for p in people[:2]]}, follow=True)
    assert "2 apprentice(s) enrolled" in response.content.decode()
    response = admin.post(url + "enroll/", {"apprentices": [people[0].pk]}, follow=True)
    assert "Already enrolled in this section" in response.content.decode()


def test_a_section_needs_a_member_with_the_instructor_role_and_sane_dates(world, client_for):
    admin = client_for(world.user("keystone", Role.SPONSOR_ADMIN))
    with scope(sponsor=world.a):
        section = Section.objects.filter(sponsor=world.a).first()
    data = {"course": section.course_id, "provider": section.provider_id, "mode": "online",
            "starts_on": "2026-03-02", "ends_on": "2026-02-01", "schedule": "", "capacity": 10,
            "instructor": world.member("keystone", Role.MENTOR).pk}
    body = admin.post("/keystone/rti/sections/new/", data).content.decode()
    assert "cannot end before it starts" in body
    assert "Select a valid choice" in body  # a mentor is not an instructor


def test_an_instructor_sees_only_the_sections_they_teach(world, client_for, new_section):
    with scope(sponsor=world.a):
        other = Membership.objects.create(
            user=User.objects.create_user("second.instructor@example.com", "x", full_name="Second Instructor"),
            sponsor=world.a, role=Role.INSTRUCTOR,
        )
    theirs = new_section("Digital Literacy", instructor=other)
    mine = new_section("Manufacturing 2")
    instructor = client_for(world.user("keystone", Role.INSTRUCTOR))
    listing = instructor.get("/keystone/rti/sections/?page=1").content.decode()
    assert f"/rti/sections/{mine.pk}/" in listing
    assert instructor.get(f"/keystone/rti/sections/{mine.pk}/results/").status_code == 200
    assert instructor.get(f"/keystone/rti/sections/{theirs.pk}/").status_code == 404
    assert instructor.get(f"/keystone/rti/sections/{theirs.pk}/results/").status_code == 404
    assert instructor.post(f"/keystone/rti/sections/{theirs.pk}/results/", {}).status_code == 404
    assert f"/rti/sections/{theirs.pk}/" not in listing
    second = client_for(other.user)
    assert second.get(f"/keystone/rti/sections/{theirs.pk}/results/").status_code == 200
    assert second.get(f"/keystone/rti/sections/{mine.pk}/results/").status_code == 404
