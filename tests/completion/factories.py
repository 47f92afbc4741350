"""Apprentices for the completion tests, built by completion.records through the services."""

from completion.records import complete_record
from imt.permissions import Role
from programs.models import Program
from programs.services import standards_publish


def make_eligible(world, *, sponsor_slug="keystone", approach=None, name="Casey Morgan", **switches):
    """An enrollment at the employer admin's employer, eligible unless a skip_* switch leaves something out."""
    employer_admin = world.member(sponsor_slug, Role.EMPLOYER_ADMIN)
    program = Program.objects.filter(sponsor=employer_admin.sponsor).order_by("pk").first()
    if approach and program.approach != approach:
        # A program's approach reaches an enrollment through a published version of its standards.
        program.approach = approach
        program.save(update_fields=["approach"])
        standards_publish(program=program, note=f"Approach: {approach}.")
    return complete_record(
        sponsor=employer_admin.sponsor, employer=employer_admin.employer, full_name=name, program=program,
        password="demo-pass-2026", **switches,
    )
