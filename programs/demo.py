"""Demo sponsors, employers and one user per role at each sponsor."""

import io
from decimal import Decimal

from allauth.account.models import EmailAddress
from django.core.files.base import ContentFile
from django_scopes import scope
from PIL import Image, ImageDraw

from imt.models import User
from imt.permissions import Role
from programs import services
from programs.models import Employer, Membership, Program, Sponsor, WageStep

PASSWORD = "demo-pass-2026"

SPONSORS = [
    {
        "slug": "keystone",
        "name": "Keystone Manufacturing Partnership",
        "registration_agency": "Pennsylvania Apprenticeship and Training Council",
        "rapids_sponsor_number": "PA-2019-IMT-0412",
        "address_line": "1200 Industrial Park Road",
        "city": "Harrisburg", "state": "PA", "postal_code": "17110",
        "employers": ["Penn Precision Plastics", "Allegheny Metal Works"],
        "people": {
            Role.SPONSOR_ADMIN: "Karen Whitfield",
            Role.SPONSOR_REVIEWER: "Luis Ortega",
            Role.EMPLOYER_ADMIN: "Denise Kowalski",
            Role.MENTOR: "Frank Miller",
            Role.INSTRUCTOR: "Angela Brooks",
            Role.APPRENTICE: "Tyler Nguyen",
        },
    },
    {
        "slug": "lakeshore",
        "name": "Lakeshore Industrial Training Trust",
        "registration_agency": "USDOL Office of Apprenticeship",
        "rapids_sponsor_number": "OH-2021-IMT-0077",
        "address_line": "45 Harbor Street",
        "city": "Sandusky", "state": "OH", "postal_code": "44870",
        "employers": ["Erie Food Processing"],
        "people": {
            Role.SPONSOR_ADMIN: "Marcus Bell",
            Role.SPONSOR_REVIEWER: "Priya Raman",
            Role.EMPLOYER_ADMIN: "Gail Peterson",
            Role.MENTOR: "Hector Alvarez",
            Role.INSTRUCTOR: "Susan Park",
            Role.APPRENTICE: "Jordan Ellis",
        },
    },
]

# People beyond the one per role: each employer has its own admin, who confirms its raises and signs its
# apprentices' agreements.
MORE_PEOPLE = [
    ("keystone", "Allegheny Metal Works", Role.EMPLOYER_ADMIN, "ray.dombrowski@keystone.example", "Ray Dombrowski"),
    # A mentor with no apprentice yet: the one a roster import at Allegheny can name within the ratio.
    ("keystone", "Allegheny Metal Works", Role.MENTOR, "lena.ortiz@keystone.example", "Lena Ortiz"),
]

LOCAL_PARTS = {
    Role.SPONSOR_ADMIN: "admin",
    Role.SPONSOR_REVIEWER: "reviewer",
    Role.EMPLOYER_ADMIN: "employer",
    Role.MENTOR: "mentor",
    Role.INSTRUCTOR: "instructor",
    Role.APPRENTICE: "apprentice",
}


def demo_user(email, full_name):
    """A demo user with the demo password and a verified address; left alone if it exists."""
    user = User.objects.filter(email=email).first()
    if user is None:
        user = User.objects.create_user(email, PASSWORD, full_name=full_name)
    EmailAddress.objects.get_or_create(
        user=user, email=email, defaults={"verified": True, "primary": True}
    )
    return user


def demo_logo(sponsor):
    """A simple generated logo: the sponsor's initials on a coloured band."""
    initials = "".join(word[0] for word in sponsor.name.split()[:3]).upper()
    image = Image.new("RGB", (480, 160), "#1d3f6e" if sponsor.slug == "keystone" else "#0f6e5a")
    draw = ImageDraw.Draw(image)
    draw.rectangle([16, 16, 144, 144], outline="white", width=6)
    draw.text((40, 56), initials, fill="white", font_size=44)
    draw.text((170, 64), sponsor.name.split()[0], fill="white", font_size=36)
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return ContentFile(buffer.getvalue(), name=f"{sponsor.slug}.png")


def seed(command, options):
    for data in SPONSORS:
        profile = {k: v for k, v in data.items() if k not in {"slug", "employers", "people"}}
        sponsor, _ = Sponsor.objects.get_or_create(slug=data["slug"], defaults=profile)
        services.sponsor_setup(sponsor=sponsor)
        if not sponsor.logo:
            sponsor.logo = demo_logo(sponsor)
            sponsor.save(update_fields=["logo"])
        employers = [Employer.objects.get_or_create(sponsor=sponsor, name=name)[0] for name in data["employers"]]
        for role, full_name in data["people"].items():
            user = demo_user(f"{LOCAL_PARTS[role]}@{data['slug']}.example", full_name)
            employer = employers[0] if role in {Role.EMPLOYER_ADMIN, Role.MENTOR, Role.APPRENTICE} else None
            Membership.objects.get_or_create(user=user, sponsor=sponsor, defaults={"role": role, "employer": employer})
        for slug, employer_name, role, email, full_name in MORE_PEOPLE:
            if slug == sponsor.slug:
                employer = next(e for e in employers if e.name == employer_name)
                Membership.objects.get_or_create(user=demo_user(email, full_name), sponsor=sponsor,
                                                 defaults={"role": role, "employer": employer})
        command.stdout.write(f"Sponsor {sponsor.slug}: {sponsor.name}")

    multi = demo_user("multi@demo.example", "Robin Castillo")
    for sponsor in Sponsor.objects.filter(slug__in=[s["slug"] for s in SPONSORS]):
        Membership.objects.get_or_create(user=multi, sponsor=sponsor, defaults={"role": Role.SPONSOR_ADMIN})
    seed_programs()


def _steps(basis, kind, rows):
    return [{"basis": basis, "threshold": threshold, "kind": kind, "amount": amount} for threshold, amount in rows]


PROGRAMS = {
    "keystone": {
        "name": "Industrial Manufacturing Technician — hybrid",
        "approach": Program.Approach.HYBRID,
        "rapids_code": "1104HY",
        "journeyworker_wage": "26.50",
        "wage_steps": _steps(WageStep.Basis.HOURS, WageStep.Kind.PERCENT, [
            (0, 60), (500, 65), (1000, 70), (1500, 75), (2000, 80), (2500, 85),
        ]),
    },
    "lakeshore": {
        "name": "Industrial Manufacturing Technician — time-based",
        "approach": Program.Approach.TIME_BASED,
        "rapids_code": "1104",
        "probation_months": 3,
        "ratio_apprentices": 2,
        "wage_steps": _steps(WageStep.Basis.MONTHS, WageStep.Kind.HOURLY, [
            (0, 16), (6, 17.25), (12, 18.50),
        ]),
    },
}


def seed_programs():
    """One IMT program per demo sponsor: keystone's is hybrid, lakeshore's time-based."""
    for slug, data in PROGRAMS.items():
        sponsor = Sponsor.objects.get(slug=slug)
        if Program.objects.filter(sponsor=sponsor, name=data["name"]).exists():
            continue
        fields = {k: v for k, v in data.items() if k != "wage_steps"}
        if "journeyworker_wage" in fields:
            fields["journeyworker_wage"] = Decimal(fields["journeyworker_wage"])
        steps = [{**step, "amount": Decimal(str(step["amount"]))} for step in data["wage_steps"]]
        services.program_create(sponsor=sponsor, wage_steps=steps, **fields)


def sign_ins():
    """The demo sign-ins, for the start-up banner."""
    rows = [(f"{LOCAL_PARTS[role]}@{s['slug']}.example", f"{role.label} at {s['name']}")
            for s in SPONSORS for role in s["people"]]
    rows.append(("multi@demo.example", "Sponsor admin at both sponsors"))
    return rows


SECOND_VERSION = {
    "slug": "keystone",
    "journeyworker_wage": Decimal("27.80"),
    "rti_hours_required": 288,
    "note": "Journeyworker wage raised to 27.80 USD/h under the new collective agreement; RTI raised to 288 hours "
            "(a 24-hour safety module added).",
}


def publish_second_version(command):
    """Keystone's hybrid program publishes version 2 (a higher journeyworker wage, 288 RTI hours) after the
    demo apprentices were enrolled, who stay on version 1: the version's page then has a move to preview.
    Called by the last app's demo (completion/demo.py), once every demo enrollment exists.  Idempotent."""
    sponsor = Sponsor.objects.filter(slug=SECOND_VERSION["slug"]).first()
    if sponsor is None:
        return
    with scope(sponsor=sponsor):
        program = Program.objects.filter(sponsor=sponsor, name=PROGRAMS["keystone"]["name"]).first()
        if program is None or program.standards_versions.filter(number__gte=2).exists():
            return
        admin = Membership.objects.filter(sponsor=sponsor, role=Role.SPONSOR_ADMIN, user__email__startswith="admin@")
        by = admin.first()
        steps = [{name: getattr(step, name) for name in services.WAGE_STEP_FIELDS}
                 for step in program.wage_steps.order_by("threshold")]
        services.program_update(program=program, wage_steps=steps,
                                journeyworker_wage=SECOND_VERSION["journeyworker_wage"],
                                rti_hours_required=SECOND_VERSION["rti_hours_required"])
        if by is not None:
            version = services.standards_version_publish(program=program, by=by, note=SECOND_VERSION["note"])
        else:
            version = services.standards_publish(program=program, note=SECOND_VERSION["note"])
    command.stdout.write(f"Standards at keystone: {program.name} version {version.number} published")
