"""The RTI and credentials services refuse what the pages refuse: a role without the page's write permission,
and a record the member may not see (imt.permissions.require), whoever calls them."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django_scopes import scope, scopes_disabled

from credentials import services as credential_services
from credentials.models import CredentialType
from imt.models import User
from imt.permissions import Role
from programs.models import Membership
from rti import services
from rti.models import Course


def test_only_the_sponsor_admin_adds_a_course(world):
    with scope(sponsor=world.a):
        with pytest.raises(PermissionDenied):
            services.course_create(by=world.member("keystone", Role.SPONSOR_REVIEWER), name="Forged", hours=8)
        course = services.course_create(by=world.member("keystone", Role.SPONSOR_ADMIN), name="Welding I",
                                        hours=Decimal(8))
        assert course.sponsor_id == world.a.pk


def test_an_instructor_records_results_only_in_their_own_sections(world, new_section, make_apprentices):
    with scopes_disabled():
        colleague = Membership.objects.create(
            user=User.objects.create_user("colleague@example.com", "x", full_name="Colleague"), sponsor=world.a,
            role=Role.INSTRUCTOR,
        )
    section = new_section(instructor=colleague)
    with scope(sponsor=world.a):
        (seat,) = services.section_enroll(section=section, apprentices=make_apprentices(1),
                                          by=world.member("keystone", Role.SPONSOR_ADMIN))
        results = {seat.pk: {"attended_hours": 1}}
        with pytest.raises(PermissionDenied):
            services.section_results_record(section=section, by=world.member("keystone", Role.INSTRUCTOR),
                                            results=results)
        assert services.section_results_record(section=section, by=colleague, results=results) == 1


def test_an_apprentice_records_credentials_and_requests_credit_only_for_themself(world, make_apprentices):
    me, other = make_apprentices(2)
    with scope(sponsor=world.a):
        osha = CredentialType.objects.get(sponsor=world.a, name="OSHA 10-Hour General Industry")
        with pytest.raises(PermissionDenied):
            credential_services.credential_record(apprentice=other, credential_type=osha,
                                                  earned_on=datetime.date(2025, 1, 1), by=me)
        with pytest.raises(PermissionDenied):
            services.credit_request(
                apprentice=other, course=Course.objects.get(sponsor=world.a, name="Industrial Math"),
                institution="HACC", taken_title="Math", completed_on=datetime.date(2023, 5, 1), hours=Decimal(10),
                evidence=None, by=me,
            )
        assert credential_services.credential_record(apprentice=me, credential_type=osha,
                                                     earned_on=datetime.date(2025, 1, 1), by=me).apprentice == me
