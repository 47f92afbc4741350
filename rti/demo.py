"""Demo RTI: the catalog, providers, sections taught by the demo instructor, and results.

Runs after apprentices/demo.py and picks up every apprentice membership present, so it scales
with however many apprentices that created.  Idempotent: an apprentice who already has a
section enrollment is left alone, and sections are found again by their course and schedule.
"""

import hashlib
from datetime import timedelta
from decimal import Decimal

from django.core.files.base import ContentFile
from django.db.models import Sum
from django.utils import timezone

from imt.permissions import Role
from programs.models import Membership, Program, Sponsor
from rti import services
from rti.models import Course, PriorCourseCredit, Provider, Section, SectionEnrollment
from rti.standard import IMT_COURSES

# The order apprentices take the courses in: the required ones and Blueprint Reading early.
SEQUENCE = [
    "Safety for Manufacturing", "Manufacturing 101", "Industrial Math", "Blueprint Reading",
    "Communication Skills", "Measurements, Gauges and Tools", "Tool Basics for Machine Operator",
    "Measurements and Computations Using Gauges and Tools", "Mechanical Knowledge", "Transition to Trainer",
    "Quality Assurance and Continuous Improvement", "Manufacturing 2", "Digital Literacy",
    "Industry sector-specific courses",
]
assert sorted(SEQUENCE) == sorted(name for name, _hours in IMT_COURSES)

PROVIDERS = {
    "keystone": [
        {"name": "Harrisburg Area Community College", "kind": Provider.Kind.COLLEGE, "city": "Harrisburg",
         "state": "PA", "contact_name": "Dana Reyes", "contact_email": "workforce@hacc.example"},
        {"name": "Keystone Manufacturing Training Center", "kind": Provider.Kind.TRAINING_CENTER,
         "city": "York", "state": "PA", "contact_name": "Owen Price", "contact_email": "training@kmtc.example"},
    ],
    "lakeshore": [
        {"name": "Terra State Community College", "kind": Provider.Kind.COLLEGE, "city": "Fremont", "state": "OH",
         "contact_name": "Alicia Grant", "contact_email": "apprenticeship@terra.example"},
    ],
}
PAST, CURRENT = "Tue & Thu 5:30–8:30 pm", "Mon & Wed 6–9 pm (current cohort)"
MODES = [Section.Mode.IN_PERSON, Section.Mode.HYBRID, Section.Mode.ONLINE]
GRADES = ["A", "B", "A", "pass", "B", "C"]

# A minimal one-page PDF, enough for a browser to show.
DEMO_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 612 396]/Contents 4 0 R"
    b"/Resources<</Font<</F1 5 0 R>>>>>>endobj\n"
    b"4 0 obj<</Length 60>>stream\nBT /F1 24 Tf 72 300 Td (Certificate of completion - demo) Tj ET\nendstream\n"
    b"endobj\n5 0 obj<</Type/Font/Subtype/Type1/BaseFont/Helvetica>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)


def demo_pdf(name):
    return ContentFile(DEMO_PDF, name=name)


def progress_of(apprentice):
    """How far along a demo apprentice is (0–1): full for the named demo apprentice and for anyone whose
    on-the-job hours are all approved (the apprentice who is eligible for completion), stable per person
    otherwise."""
    email = apprentice.user.email
    if email == "apprentice@keystone.example" or "eligible" in email or _ojt_complete(apprentice):
        return 1.0
    return int(hashlib.sha256(email.encode()).hexdigest()[:4], 16) / 0xFFFF


def _ojt_complete(apprentice):
    from apprentices.models import Enrollment, OJTEntry

    enrollment = (
        Enrollment.objects.filter(apprentice=apprentice).select_related("standards_version").order_by("-pk").first()
    )
    if enrollment is None:
        return False
    approved = OJTEntry.objects.filter(enrollment=enrollment, status=OJTEntry.Status.APPROVED).aggregate(
        total=Sum("hours"))["total"] or 0
    return approved >= enrollment.standards_version.ojt_hours_required


def completed_count(apprentice):
    return min(len(SEQUENCE), round(progress_of(apprentice) * len(SEQUENCE)))


def seed(command, options):
    for sponsor in Sponsor.objects.filter(slug__in=PROVIDERS):
        services.catalog_seed(sponsor=sponsor)
        for program in Program.objects.filter(sponsor=sponsor):
            services.program_requirements_seed(program=program)
        providers = [
            Provider.objects.get_or_create(sponsor=sponsor, name=data["name"], defaults=data)[0]
            for data in PROVIDERS[sponsor.slug]
        ]
        instructor = Membership.objects.filter(sponsor=sponsor, role=Role.INSTRUCTOR).order_by("pk").first()
        if instructor is None:
            continue
        admin = Membership.objects.filter(sponsor=sponsor, role=Role.SPONSOR_ADMIN).order_by("pk").first()
        recorder = instructor
        courses = {c.name: c for c in Course.objects.filter(sponsor=sponsor)}
        apprentices = list(
            Membership.objects.filter(sponsor=sponsor, role=Role.APPRENTICE, is_active=True)
            .exclude(user__email__startswith="load-apprentice-")  # the load-test set has hours and sign-offs only
            .exclude(rti_enrollments__isnull=False).select_related("user").order_by("pk")
        )
        for apprentice in apprentices:
            _enroll_with_results(sponsor, apprentice, courses, providers, instructor, recorder, admin)
        command.stdout.write(f"RTI {sponsor.slug}: {len(courses)} courses, {len(apprentices)} apprentices placed")
    _seed_credit_requests()


def _section(sponsor, course, index, providers, instructor, current):
    today = timezone.localdate()
    if current:
        starts, ends = today - timedelta(days=14), today + timedelta(days=28)
    else:
        # The past cohort took the courses one after another over the last 16 months.
        starts = today - timedelta(weeks=70) + timedelta(weeks=5 * index)
        ends = starts + timedelta(weeks=4)
    section, _created = Section.objects.get_or_create(
        sponsor=sponsor, course=course, schedule=CURRENT if current else PAST,
        defaults={
            "provider": providers[index % len(providers)], "mode": MODES[index % len(MODES)],
            "starts_on": starts, "ends_on": ends, "instructor": instructor, "capacity": 24,
        },
    )
    return section


def _enroll_with_results(sponsor, apprentice, courses, providers, instructor, recorder, staff):
    done = completed_count(apprentice)
    for index, name in enumerate(SEQUENCE[: done + 1]):
        current = index == done
        section = _section(sponsor, courses[name], index, providers, instructor, current)
        seats = SectionEnrollment.objects.filter(section=section).count()
        if seats >= section.capacity:
            section.capacity = seats + 8
            section.save(update_fields=["capacity"])
        (enrollment,) = services.section_enroll(section=section, apprentices=[apprentice], by=staff)
        if current:
            continue  # in progress: the instructor has not recorded a result yet
        course_hours = courses[name].hours
        short = progress_of(apprentice) < 1 and (apprentice.pk + index) % 5 == 0  # a missed evening, now and then
        attended = course_hours - (Decimal("1") if short else 0)
        services.section_results_record(
            section=section, by=recorder,
            results={enrollment.pk: {
                "attended_hours": attended, "grade": GRADES[(apprentice.pk + index) % len(GRADES)],
                "completed_on": min(section.ends_on, timezone.localdate()), "hours_reason": "",
            }},
        )


def _seed_credit_requests():
    """One pending request at lakeshore, one granted at keystone for an apprentice with progress to credit."""
    for slug, course_name, approve in [("lakeshore", "Industrial Math", False), ("keystone", "Digital Literacy", True)]:
        sponsor = Sponsor.objects.get(slug=slug)
        course = Course.objects.get(sponsor=sponsor, name=course_name)
        candidates = Membership.objects.filter(sponsor=sponsor, role=Role.APPRENTICE, is_active=True).exclude(
            rti_enrollments__section__course=course
        ).exclude(rti_credits__isnull=False).select_related("user").order_by("pk")
        apprentice = candidates.first()
        if apprentice is None or PriorCourseCredit.objects.filter(sponsor=sponsor).exists():
            continue
        staff = Membership.objects.filter(sponsor=sponsor, role=Role.SPONSOR_REVIEWER).first()
        credit = services.credit_request(
            apprentice=apprentice, course=course, institution="Owens Community College",
            taken_title=f"{course_name} (transfer)", completed_on=timezone.localdate() - timedelta(days=400),
            hours=course.hours, evidence=demo_pdf("transcript.pdf"), by=apprentice,
            basis="Same outline and hours as the catalog course.",
        )
        if approve:
            services.credit_decide(credit=credit, approve=True, by=staff)
