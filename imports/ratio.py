"""The apprentice-to-journeyworker ratio in a roster preview: the employer's and each mentor's, as the
enrollment service checks it (compliance.services.check_assignment), counting the rows of the file
above that would create an enrollment.  Everything is read once per import (`RatioLoads.read`)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.db.models import Count
from django.utils.translation import gettext as _

from apprentices.models import Enrollment, MentorAssignment
from compliance.selectors import Breach, Ratio, journeyworker_counts, ratio_of
from programs.models import Employer, Membership, Program, RatioPolicy, Sponsor, StandardsVersion


@dataclass
class RatioLoads:
    ratios: dict[int, Ratio] = field(default_factory=dict)  # the newest standards version's, by program
    employer_load: dict[int, int] = field(default_factory=dict)  # open enrollments, by employer
    mentor_load: dict[int, int] = field(default_factory=dict)  # open enrollments mentored, by membership
    journeyworkers: dict[int, int] = field(default_factory=dict)  # by employer

    @classmethod
    def read(cls, sponsor: Sponsor) -> RatioLoads:
        ratios: dict[int, Ratio] = {}
        for version in StandardsVersion.objects.filter(program__sponsor=sponsor).order_by("program_id", "-number"):
            ratios.setdefault(version.program_id, ratio_of(version))
        open_ones = Enrollment.objects.filter(sponsor=sponsor, status__in=Enrollment.OPEN_STATUSES)
        employer_load = dict(open_ones.values("employer_id").annotate(n=Count("pk")).values_list("employer_id", "n"))
        mentor_load = dict(
            MentorAssignment.objects.filter(enrollment__in=open_ones, end_date__isnull=True)
            .values("mentor_id").annotate(n=Count("enrollment", distinct=True)).values_list("mentor_id", "n")
        )
        return cls(ratios=ratios, employer_load=defaultdict(int, employer_load),
                   mentor_load=defaultdict(int, mentor_load), journeyworkers=journeyworker_counts(sponsor.pk))

    def take(self, program: Program, employer: Employer, mentors: Sequence[Membership], *, claim: bool = True) -> str:
        """Why enrolling one more apprentice at `employer` with `mentors` would break the ratio ("" when it
        would not; then, when `claim`, the apprentice is counted for the rows after)."""
        ratio = self.ratios.get(program.pk)
        if ratio is None:
            return ""
        breaches = []
        count = self.employer_load[employer.pk] + 1
        journeyworkers = self.journeyworkers.get(employer.pk, 0)
        if not ratio.allows(count, journeyworkers):
            breaches.append(Breach("employer", employer, ratio, count, journeyworkers))
        unique = list({m.pk: m for m in mentors}.values())
        for mentor in unique:
            if not ratio.allows(self.mentor_load[mentor.pk] + 1, 1):
                breaches.append(Breach("mentor", employer, ratio, self.mentor_load[mentor.pk] + 1, 1, mentor=mentor))
        if not breaches:
            if not claim:
                return ""
            self.employer_load[employer.pk] += 1
            for mentor in unique:
                self.mentor_load[mentor.pk] += 1
            return ""
        message = " ".join(b.describe() for b in breaches)
        if any(b.ratio.policy == RatioPolicy.REFUSE for b in breaches):
            return message + " " + _("The program's standards refuse it.")
        return message + " " + _("It needs a signed ratio override, which an import cannot give: enroll this "
                                 "person by hand and sign the override there.")
