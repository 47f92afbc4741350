import pytest
from django_scopes import scope, scopes_disabled

from apprentices import services
from programs.models import Sponsor
from tests.apprentices.conftest import Factory, days_ago

FULL = {
    "date_of_birth": days_ago(365 * 25), "sex": "female", "races": ["black", "white"], "ethnicity": "not_hispanic",
    "veteran_status": "veteran", "education_level": "associate", "disability": "no", "employment_status": "new",
    "address_line": "12 Mill Road", "city": "York", "state": "pa", "postal_code": "17401", "phone": "(717) 555-0142",
}


@pytest.fixture
def make(world):
    with scopes_disabled():
        Sponsor.objects.filter(slug="keystone").update(rapids_sponsor_number="PA-2019-IMT-0412")
        Sponsor.objects.filter(slug="lakeshore").update(rapids_sponsor_number="OH-2021-IMT-0077")
        world.a.refresh_from_db()
    return Factory(world)


@pytest.fixture
def enroll(make):
    """enroll(name=…, start=…, demographics=FULL) → an enrollment by the service, with its answers."""

    def _enroll(name="Dana Reyes", start=None, demographics=FULL, employer=None):
        apprentice = make.apprentice(employer=employer, name=name)
        with scope(sponsor=make.sponsor):
            enrollment = services.enrollment_create(
                sponsor=make.sponsor, by=make.sponsor_admin.user, program=make.program,
                employer=employer or make.penn, job_book_version=make.version if employer is None else
                make.allegheny_version, start_date=start or days_ago(20),
                mentors=[make.mentor if employer is None else make.mentor_member(employer=employer)],
                apprentice=apprentice,
            )
            if demographics:
                services.demographics_save(enrollment=enrollment, by=make.sponsor_admin.user, **demographics)
        return enrollment

    return _enroll
