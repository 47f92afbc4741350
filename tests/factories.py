"""Factories for the tests' records, and the small shared world built from them.

The world has the shape the tests lean on (two sponsors, `keystone` (A) and `lakeshore` (B), one member of each
role at each, the same e-mail addresses and password as the demo people) but none of the demo's history: it is
written here, not read from the apps' demo modules, so a change to the demo only concerns the demo's own tests.
Records that are signed or guarded (Job Book versions, section results, credentials, enrollments) are made
through the services, as the application makes them.
"""

import datetime
import io
from decimal import Decimal

import factory
from allauth.account.models import EmailAddress
from django.core.files.base import ContentFile
from django.utils import timezone
from django_scopes import scopes_disabled

from imt.models import User
from imt.permissions import EMPLOYER_ROLES, Role
from programs.models import Employer, Membership, Program, Sponsor, WageStep

PASSWORD = "demo-pass-2026"

# A minimal one-page PDF, enough for the evidence checks and a browser to show.
PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 612 396]/Contents 4 0 R"
    b"/Resources<</Font<</F1 5 0 R>>>>>>endobj\n"
    b"4 0 obj<</Length 60>>stream\nBT /F1 24 Tf 72 300 Td (Certificate of completion - test) Tj ET\nendstream\n"
    b"endobj\n5 0 obj<</Type/Font/Subtype/Type1/BaseFont/Helvetica>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)


def pdf(name="evidence.pdf"):
    return ContentFile(PDF, name=name)


def logo(slug):
    """A small plain PNG."""
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (96, 32), "#1d3f6e").save(buffer, "PNG")
    return ContentFile(buffer.getvalue(), name=f"{slug}.png")


class UserFactory(factory.django.DjangoModelFactory):
    """A user who signs in with PASSWORD and a verified, primary e-mail address."""

    class Meta:
        model = User

    email = factory.Sequence(lambda n: f"person{n}@test.example")
    full_name = factory.Sequence(lambda n: f"Test Person {n}")

    @classmethod
    def _create(cls, model_class, *args, email, password=PASSWORD, **kwargs):
        user = model_class.objects.create_user(email, password, **kwargs)
        EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
        return user


class SponsorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Sponsor
        django_get_or_create = ("slug",)
        skip_postgeneration_save = True

    slug = factory.Sequence(lambda n: f"sponsor-{n}")
    name = factory.LazyAttribute(lambda o: f"{o.slug.title()} Sponsor")
    state = "PA"

    @factory.post_generation
    def starting_point(sponsor, create, extracted, **kwargs):
        """The IMT catalog and credential types, as programs.services.sponsor_create gives a new sponsor."""
        if create:
            from programs import services

            services.sponsor_setup(sponsor=sponsor)


class EmployerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Employer
        django_get_or_create = ("sponsor", "name")

    sponsor = factory.SubFactory(SponsorFactory)
    name = factory.Sequence(lambda n: f"Employer {n}")


class MembershipFactory(factory.django.DjangoModelFactory):
    """An active membership; employer roles get an employer of the sponsor unless one is given."""

    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    sponsor = factory.SubFactory(SponsorFactory)
    role = Role.APPRENTICE
    employer = factory.Maybe(
        factory.LazyAttribute(lambda o: o.role in EMPLOYER_ROLES),
        yes_declaration=factory.SubFactory(EmployerFactory, sponsor=factory.SelfAttribute("..sponsor")),
        no_declaration=None,
    )


def program_create(sponsor, **fields):
    """A program made by the service, with a wage schedule that rises step by step."""
    from programs import services

    steps = fields.pop("wage_steps", [
        {"basis": WageStep.Basis.HOURS, "threshold": 0, "kind": WageStep.Kind.PERCENT, "amount": Decimal(60)},
        {"basis": WageStep.Basis.HOURS, "threshold": 1000, "kind": WageStep.Kind.PERCENT, "amount": Decimal(70)},
    ])
    fields.setdefault("name", "Industrial Manufacturing Technician")
    return services.program_create(sponsor=sponsor, wage_steps=steps, **fields)


def published_job_book(program, employer, by, *, customize=None, draft_skills=None):
    """The employer's Job Book copied from the IMT standard and published (a hybrid program's competencies get
    a minimum of half their target first, then `customize(version)` changes it); with `draft_skills` ({competency
    key: skill name}), a second version is left in draft with those skills added."""
    from jobbook import services

    book = services.job_book_create(program=program, employer=employer, by=by)
    version = book.versions.get(number=1)
    if program.approach == Program.Approach.HYBRID:
        for competency in version.competencies.all():
            services.competency_update(
                competency=competency, by=by, name=competency.name, description=competency.description,
                target_hours=competency.target_hours, minimum_hours=competency.target_hours // 2,
            )
    if customize:
        customize(version, by)
    services.version_publish(version=version, by=by)
    if draft_skills is not None:
        draft = services.version_start_draft(job_book=book, by=by)
        for key, name in draft_skills.items():
            services.skill_add(competency=draft.competencies.get(key=key), by=by, name=name)
    return book


# Keystone's first employer molds plastics: its book's local options are its own, with a few extra skills, and
# its draft adds one skill more.
PLASTICS_LOCAL = ("Local options: plastics injection molding", 136, 100, [
    "Dry and load resin to the material card, checking moisture before a run",
    "Purge a press when changing resin or colour",
    "Spot short shots, flash, sink and splay and trace each to its usual cause",
])
PLASTICS_EXTRA_SKILLS = {"std-quality": "Read a cavity-pressure trace and flag a part from a bad shot"}
PLASTICS_DRAFT_SKILLS = {"std-safety": "Work safely around hot molds, heater bands and pinch points"}


def plastics_local_options(version, by):
    from jobbook import services

    name, target, minimum, skills = PLASTICS_LOCAL
    local = version.competencies.get(key="std-local")
    services.competency_update(competency=local, by=by, name=name, description=local.description,
                               target_hours=target, minimum_hours=minimum)
    for skill in list(local.skills.all()):
        services.skill_remove(skill=skill, by=by)
    for skill in skills:
        services.skill_add(competency=local, by=by, name=skill)
    for key, skill in PLASTICS_EXTRA_SKILLS.items():
        services.skill_add(competency=version.competencies.get(key=key), by=by, name=skill)


# --- The shared world ------------------------------------------------------------------------------

LOCAL_PARTS = {
    Role.SPONSOR_ADMIN: "admin",
    Role.SPONSOR_REVIEWER: "reviewer",
    Role.EMPLOYER_ADMIN: "employer",
    Role.MENTOR: "mentor",
    Role.INSTRUCTOR: "instructor",
    Role.APPRENTICE: "apprentice",
}

SPONSORS = {
    "keystone": {
        "name": "Keystone Manufacturing Partnership", "state": "PA",
        "registration_agency": "Pennsylvania Apprenticeship and Training Council",
        "employers": ["Penn Precision Plastics", "Allegheny Metal Works"],
        "people": {
            Role.SPONSOR_ADMIN: "Karen Whitfield", Role.SPONSOR_REVIEWER: "Luis Ortega",
            Role.EMPLOYER_ADMIN: "Denise Kowalski", Role.MENTOR: "Frank Miller",
            Role.INSTRUCTOR: "Angela Brooks", Role.APPRENTICE: "Tyler Nguyen",
        },
        "program": {"name": "Industrial Manufacturing Technician — hybrid", "approach": Program.Approach.HYBRID,
                    "rapids_code": "1104HY", "journeyworker_wage": Decimal("26.50"),
                    # Tests enroll many apprentices under the one mentor; the ratio's own tests
                    # (tests/compliance) publish a 1:1 version.
                    "ratio_apprentices": 50},
    },
    "lakeshore": {
        "name": "Lakeshore Industrial Training Trust", "state": "OH",
        "registration_agency": "USDOL Office of Apprenticeship",
        "employers": ["Erie Food Processing"],
        "people": {
            Role.SPONSOR_ADMIN: "Marcus Bell", Role.SPONSOR_REVIEWER: "Priya Raman",
            Role.EMPLOYER_ADMIN: "Gail Peterson", Role.MENTOR: "Hector Alvarez",
            Role.INSTRUCTOR: "Susan Park", Role.APPRENTICE: "Jordan Ellis",
        },
        "program": {"name": "Industrial Manufacturing Technician — time-based",
                    "approach": Program.Approach.TIME_BASED, "rapids_code": "1104", "probation_months": 3,
                    "ratio_apprentices": 2},
    },
}
MULTI = ("multi@demo.example", "Robin Castillo")  # sponsor admin at both sponsors


def email_of(slug, role):
    return f"{LOCAL_PARTS[Role(role)]}@{slug}.example"


def build_world():
    """The small world the suite shares, committed once per run (and again after a test that flushes).

    At each sponsor: its employers; one active member per role (employer roles at the first employer); a program
    (keystone's hybrid, lakeshore's time-based); a published standard Job Book per employer (keystone's first
    employer's with a second version in draft); the RTI catalog, a provider and a Blueprint Reading section taught
    by the instructor with the apprentice enrolled; the credential types and a credential with evidence held by
    the apprentice.  At keystone, the apprentice also has a recorded result in a past Safety for Manufacturing
section, and is enrolled at their employer, mentored by the mentor, with a little history
(enrollment_with_history).
    """
    from credentials import services as credentials_services
    from credentials.models import CredentialType
    from rti import services as rti_services
    from rti.models import Course, Provider, Section

    today = timezone.localdate()
    with scopes_disabled():
        multi = UserFactory(email=MULTI[0], full_name=MULTI[1])
        for slug, data in SPONSORS.items():
            sponsor = SponsorFactory(slug=slug, name=data["name"], state=data["state"],
                                     registration_agency=data["registration_agency"], logo=logo(slug))
            employers = [EmployerFactory(sponsor=sponsor, name=name) for name in data["employers"]]
            people = {
                role: MembershipFactory(
                    sponsor=sponsor, role=role, employer=employers[0] if role in EMPLOYER_ROLES else None,
                    user=UserFactory(email=email_of(slug, role), full_name=full_name),
                )
                for role, full_name in data["people"].items()
            }
            MembershipFactory(sponsor=sponsor, role=Role.SPONSOR_ADMIN, user=multi)
            admin, employer_admin = people[Role.SPONSOR_ADMIN], people[Role.EMPLOYER_ADMIN].user
            apprentice, instructor = people[Role.APPRENTICE], people[Role.INSTRUCTOR]

            program = program_create(sponsor, **data["program"])
            plastics = slug == "keystone"
            books = [published_job_book(program, employers[0], by=people[Role.EMPLOYER_ADMIN],
                                        customize=plastics_local_options if plastics else None,
                                        draft_skills=PLASTICS_DRAFT_SKILLS if plastics else None)]
            books += [published_job_book(program, employer, by=people[Role.SPONSOR_ADMIN])
                      for employer in employers[1:]]

            rti_services.catalog_seed(sponsor=sponsor)
            rti_services.program_requirements_seed(program=program)
            credentials_services.credential_types_seed(sponsor=sponsor)
            credentials_services.program_requirements_seed(program=program)
            provider = Provider.objects.create(sponsor=sponsor, name=f"{sponsor.name} Training Center",
                                               kind=Provider.Kind.TRAINING_CENTER, state=data["state"])
            section = Section.objects.create(
                sponsor=sponsor, course=Course.objects.get(sponsor=sponsor, name="Blueprint Reading"),
                provider=provider, mode=Section.Mode.IN_PERSON, starts_on=today - datetime.timedelta(days=14),
                ends_on=today + datetime.timedelta(days=28), capacity=24, instructor=instructor,
            )
            rti_services.section_enroll(section=section, apprentices=[apprentice], by=admin)
            credentials_services.credential_record(
                apprentice=apprentice, by=apprentice, earned_on=today - datetime.timedelta(days=90),
                credential_type=CredentialType.objects.get(sponsor=sponsor, name="OSHA 10-Hour General Industry"),
                number=f"OSHA-{apprentice.pk:04d}", evidence=pdf("osha-10.pdf"),
            )
            if slug == "keystone":
                past = Section.objects.create(
                    sponsor=sponsor, course=Course.objects.get(sponsor=sponsor, name="Safety for Manufacturing"),
                    provider=provider, mode=Section.Mode.ONLINE, starts_on=today - datetime.timedelta(days=120),
                    ends_on=today - datetime.timedelta(days=90), capacity=24, instructor=instructor,
                )
                (seat,) = rti_services.section_enroll(section=past, apprentices=[apprentice], by=admin)
                rti_services.section_results_record(section=past, by=instructor, results={seat.pk: {
                    "attended_hours": past.course.hours, "grade": "A", "completed_on": past.ends_on,
                    "hours_reason": "",
                }})
                enrollment_with_history(
                    sponsor, apprentice, mentor=people[Role.MENTOR], by=employer_admin, program=program,
                    version=books[0].versions.get(status="published"), start=today - datetime.timedelta(days=200),
                )


def enrollment_with_history(sponsor, apprentice, *, mentor, by, program, version, start):
    """An enrollment made by the services with a little history: a day of hours approved by the mentor, one
    pending, and the first skill signed off."""
    from apprentices import services

    today = timezone.localdate()
    enrollment = services.enrollment_create(
        sponsor=sponsor, by=by, program=program, employer=apprentice.employer, job_book_version=version,
        apprentice=apprentice, start_date=start, mentors=[mentor],
    )
    competency = version.competencies.order_by("position", "pk").first()
    approved = services.hours_log(enrollment=enrollment, by=apprentice.user, competency=competency, hours="8",
                                  date=today - datetime.timedelta(days=7))
    services.hours_approve(mentor=mentor, entries=[approved])
    services.hours_log(enrollment=enrollment, by=apprentice.user, competency=competency, hours="7.5",
                       date=today - datetime.timedelta(days=6))
    services.skill_sign_off(
        enrollment=enrollment, skill=competency.skills.order_by("position", "pk").first(), mentor=mentor, level=3,
        observed_on=today - datetime.timedelta(days=7), password_confirmed_at=timezone.now(),
    )
    return enrollment
