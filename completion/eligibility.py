"""Eligibility for completion (SPEC §7): one checklist, used by every page, the packet and the gate.

Each line says what is required and shows its numbers ("1,012 / 1,000 h", "3 of 4").
"""

from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.translation import gettext as _

from apprentices.models import Enrollment
from apprentices.selectors import enrollment_progress
from credentials.selectors import credential_checklist
from imt.text import format_hours
from programs.models import Program
from rti.selectors import rti_checklist


@dataclass
class Line:
    label: str
    met: bool
    detail: str
    section: str = ""
    waiting: bool = False  # recorded but not yet verified: not met, and not for the apprentice to fix


@dataclass
class Checklist:
    enrollment: object
    lines: list = field(default_factory=list)
    progress: object = None

    @property
    def eligible(self):
        return bool(self.lines) and all(line.met for line in self.lines)

    @property
    def missing(self):
        return [line for line in self.lines if not line.met]

    @property
    def met_count(self):
        return sum(1 for line in self.lines if line.met)

    def as_content(self):
        """What a signature over the checklist records."""
        return [{"label": str(line.label), "met": line.met, "detail": str(line.detail)} for line in self.lines]


def eligibility(enrollment, *, today=None, progress=None):
    """The completion checklist of `enrollment` under the standards version it is registered under (not
    the program's draft, nor a version published later): its approach, OJT and RTI hours.  The required
    courses and credentials are still read from the program.

    - time-based: approved + credited OJT hours ≥ required; RTI hours ≥ required;
    - competency-based: every skill signed off or credited; RTI and credential requirements;
    - hybrid: every competency's minimum hours, every skill, RTI hours and required courses,
      required credentials valid.
    """
    today = today or timezone.localdate()
    program = enrollment.program
    standards = enrollment.standards_version
    progress = progress or enrollment_progress(enrollment)  # the packet passes what it has read
    checklist = Checklist(enrollment=enrollment, progress=progress)
    add = checklist.lines.append
    ojt = _("On-the-job training")

    add(Line(_("Enrollment active (probation over)"), enrollment.status == Enrollment.Status.ACTIVE,
             enrollment.get_status_display(), ojt))

    approach = standards.approach
    if approach in (Program.Approach.TIME_BASED, Program.Approach.HYBRID):
        add(Line(_("OJT hours (approved + credited)"), progress.counted >= standards.ojt_hours_required,
                 f"{format_hours(progress.counted)} / {format_hours(standards.ojt_hours_required)} h", ojt))
    if approach == Program.Approach.HYBRID:
        for row in progress.competencies:
            if row.minimum:
                add(Line(_("Minimum hours: %(competency)s") % {"competency": row.competency.name},
                         row.minimum_met, f"{format_hours(row.counted)} / {format_hours(row.minimum)} h", ojt))
    if approach in (Program.Approach.COMPETENCY_BASED, Program.Approach.HYBRID):
        add(Line(_("Skills signed off or credited"),
                 progress.skills_total > 0 and progress.skills_mastered == progress.skills_total,
                 _("%(done)d of %(total)d") % {"done": progress.skills_mastered, "total": progress.skills_total},
                 ojt))

    apprentice = enrollment.apprentice
    rti_section, credential_section = _("Related technical instruction"), _("Credentials")
    if apprentice is None:
        add(Line(_("RTI and credentials"), False, _("the apprentice has not accepted the invitation"), rti_section))
        return checklist
    rti_lines = rti_checklist(apprentice, program, rti_hours_required=standards.rti_hours_required)
    if approach == Program.Approach.TIME_BASED:
        rti_lines = rti_lines[:1]  # time-based programs count RTI hours only
    for line in rti_lines:
        add(Line(line["label"], line["met"], line["detail"], rti_section))
    if approach != Program.Approach.TIME_BASED:
        for line in credential_checklist(apprentice, program, today=today):
            add(Line(line["label"], line["met"], line["detail"], credential_section,
                     waiting=line.get("waiting", False)))
    return checklist
