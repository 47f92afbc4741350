"""The sponsor reviewer reads what the sponsor admin reads and decides only advanced standing, prior-course
credit and completion reviews (README, "What it does")."""

from django_scopes import scope

from imt.permissions import Role
from rti.models import Course, ProgramCourseRequirement


def test_the_reviewer_cannot_empty_the_completion_requirements(world, client_for):
    reviewer = client_for(world.user("keystone", Role.SPONSOR_REVIEWER))
    with scope(sponsor=world.a):
        program = world.a.programs.order_by("pk").first()
        before = ProgramCourseRequirement.objects.filter(program=program).count()
    page = reviewer.get("/keystone/requirements/").content.decode()
    assert "Save requirements" not in page and "disabled" in page
    assert reviewer.post("/keystone/requirements/", {"program": program.pk}).status_code == 403
    with scope(sponsor=world.a):
        assert before > 0
        assert ProgramCourseRequirement.objects.filter(program=program).count() == before


def test_the_reviewer_cannot_add_catalog_courses(world, client_for):
    reviewer = client_for(world.user("keystone", Role.SPONSOR_REVIEWER))
    response = reviewer.post("/keystone/rti/courses/new/", {"name": "Forged course", "hours": "8"})
    assert response.status_code == 403
    with scope(sponsor=world.a):
        assert not Course.objects.filter(name="Forged course").exists()
    assert "/rti/courses/new/" not in reviewer.get("/keystone/rti/courses/").content.decode()


def test_the_admin_still_saves_the_requirements(world, client_for):
    admin = client_for(world.user("keystone", Role.SPONSOR_ADMIN))
    with scope(sponsor=world.a):
        program = world.a.programs.order_by("pk").first()
        course = Course.objects.filter(sponsor=world.a).order_by("name").first()
    response = admin.post("/keystone/requirements/", {"program": program.pk, "courses": [course.pk]})
    assert response.status_code == 302
    with scope(sponsor=world.a):
        assert list(ProgramCourseRequirement.objects.filter(program=program).values_list("course", flat=True)) == [
            course.pk]
