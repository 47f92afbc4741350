"""Demo Job Books.

Keystone: Penn Precision Plastics has a customized, published book (plastics local options, extra skills)
and a second version in draft; Allegheny Metal Works uses the standard book.  Lakeshore: Erie Food
Processing uses the standard book.
"""

from imt.permissions import Role
from jobbook import services
from jobbook.models import Competency, JobBook
from programs.models import Employer, Membership, Program

PLASTICS_LOCAL = {
    "name": "Local options: plastics injection molding",
    "description": "Molding skills particular to Penn Precision Plastics' presses, resins and customers.",
    "skills": [
        "Dry and load resin to the material card, checking moisture before a run",
        "Purge a press when changing resin or colour",
        "Spot short shots, flash, sink and splay and trace each to its usual cause",
        "Set up and run a robot or sprue picker on a press",
    ],
}
PLASTICS_EXTRA_SKILLS = {
    "std-quality": ["Read a cavity-pressure trace and flag a part from a bad shot"],
    "std-setup": ["Hang a mold and connect water lines and hot runner zones to the setup sheet"],
}
PENN_DRAFT_SKILL = ("std-safety", "Work safely around hot molds, heater bands and pinch points")


def _admin(sponsor):
    return Membership.objects.filter(sponsor=sponsor, role=Role.SPONSOR_ADMIN).select_related("user").first()


def _employer_admin(employer):
    return Membership.objects.filter(employer=employer, role=Role.EMPLOYER_ADMIN).select_related("user").first()


def _book(program, employer, by):
    book = JobBook.objects.filter(program=program, employer=employer).first()
    created = book is None
    if created:
        book = services.job_book_create(program=program, employer=employer, by=by)
    return book, created


def _hybrid_minimums(version, by):
    """A hybrid program's book names a minimum per competency; the demo uses half of each target."""
    if version.job_book.program.approach != Program.Approach.HYBRID:
        return
    for competency in version.competencies.filter(minimum_hours__isnull=True):
        services.competency_update(
            competency=competency, by=by, name=competency.name, description=competency.description,
            target_hours=competency.target_hours, minimum_hours=competency.target_hours // 2,
        )


def _customize_penn(book, by):
    draft = book.versions.get(number=1)
    _hybrid_minimums(draft, by)
    local = Competency.objects.get(version=draft, key="std-local")
    services.competency_update(
        competency=local, by=by, name=PLASTICS_LOCAL["name"], description=PLASTICS_LOCAL["description"],
        target_hours=136, minimum_hours=100,
    )
    for skill in list(local.skills.all()):
        services.skill_remove(skill=skill, by=by)
    for name in PLASTICS_LOCAL["skills"]:
        services.skill_add(competency=local, by=by, name=name)
    for key, names in PLASTICS_EXTRA_SKILLS.items():
        competency = Competency.objects.get(version=draft, key=key)
        for name in names:
            services.skill_add(competency=competency, by=by, name=name)
    services.version_publish(version=draft, by=by, note="Plastics local options and molding skills added.")
    second = services.version_start_draft(job_book=book, by=by)
    key, name = PENN_DRAFT_SKILL
    services.skill_add(competency=Competency.objects.get(version=second, key=key), by=by, name=name)


def seed(command, options):
    keystone_program = Program.objects.filter(sponsor__slug="keystone").order_by("pk").first()
    lakeshore_program = Program.objects.filter(sponsor__slug="lakeshore").order_by("pk").first()
    plan = [
        (keystone_program, "Penn Precision Plastics", _customize_penn),
        (keystone_program, "Allegheny Metal Works", None),
        (lakeshore_program, "Erie Food Processing", None),
    ]
    for program, employer_name, customize in plan:
        if program is None:
            continue
        employer = Employer.objects.filter(sponsor=program.sponsor, name=employer_name).first()
        if employer is None:
            continue
        by = _employer_admin(employer) or _admin(program.sponsor)
        book, created = _book(program, employer, by)
        if not created:
            continue
        if customize:
            customize(book, by)
        else:
            draft = book.versions.get(number=1)
            _hybrid_minimums(draft, by)
            services.version_publish(version=draft, by=_admin(program.sponsor))
        command.stdout.write(f"Job Book: {book.name}")
