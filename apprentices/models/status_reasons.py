"""The reason codes a status change carries for the registration agency.

RAPIDS asks why an apprenticeship was cancelled (its "exit reason"); the codes below are the short,
stable values this platform keeps and exports, with the label a sponsor reads.  The numbering follows
the exit reasons the agency's batch upload takes, as far as we could establish them from public
material; an agency with a different list maps them in its own import.  A cancellation needs one; a
suspension may give one; other changes carry none.  A cancellation that takes effect while the
apprentice is on probation is marked as such on the record (StatusChange.during_probation).
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class CancellationReason(models.TextChoices):
    """Why an apprenticeship was cancelled (code → label)."""

    VOLUNTARY_QUIT = "01", _("Voluntarily quit")
    DISCHARGED = "02", _("Discharged or released by the employer")
    LAID_OFF = "03", _("Laid off (lack of work)")
    OTHER_EMPLOYMENT = "04", _("Left for other employment")
    MILITARY = "05", _("Entered military service")
    UNSATISFACTORY = "06", _("Unsatisfactory performance or attendance")
    FAILED_RTI = "07", _("Did not complete related instruction")
    HEALTH = "08", _("Illness, injury or disability")
    RELOCATED = "09", _("Moved out of the area")
    DECEASED = "10", _("Deceased")
    PROGRAM_ENDED = "11", _("Program or employer closed")
    OTHER = "99", _("Other (see the reason)")


class SuspensionReason(models.TextChoices):
    """Why an apprenticeship was suspended (optional)."""

    LACK_OF_WORK = "S1", _("Temporary lack of work")
    MEDICAL = "S2", _("Medical or family leave")
    MILITARY = "S3", _("Military service")
    DISCIPLINARY = "S4", _("Disciplinary")
    PERSONAL = "S5", _("Personal reasons")
    OTHER = "S9", _("Other (see the reason)")


REASONS_FOR_STATUS: dict[str, type[models.TextChoices]] = {
    "cancelled": CancellationReason,
    "suspended": SuspensionReason,
}
REASON_REQUIRED_FOR = frozenset({"cancelled"})


def reason_label(code: str) -> str:
    """The label of any reason code ("" for none or an unknown one)."""
    for choices in REASONS_FOR_STATUS.values():
        if code in choices.values:
            return str(choices(code).label)
    return ""
