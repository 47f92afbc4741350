"""State-changing actions on sponsors, employers, memberships, invitations and programs, by part:
`sponsors` (a sponsor, its profile and logo, its employers), `members` (invitations and memberships) and
`programs` (registered standards and wage schedules).

Each function is one transaction and the only way to perform its action; views, the admin, commands and
tests all call it, as `programs.services.<name>`.
"""

from programs.services.members import (
    invitation_accept,
    invitation_create,
    invitation_revoke,
    invitation_send_email,
    membership_change_role,
    membership_deactivate,
    membership_reactivate,
)
from programs.services.programs import (
    WAGE_STEP_FIELDS,
    current_standards,
    program_create,
    program_update,
    standards_publish,
    wage_schedule_of,
    wage_step_problems,
)
from programs.services.sponsors import (
    LOGO_KEPT_SIDE,
    LOGO_MAX_PIXELS,
    LOGO_MAX_SIDE,
    employer_archive,
    employer_create,
    employer_restore,
    employer_update,
    logo_png,
    sponsor_create,
    sponsor_setup,
    sponsor_update,
)
from programs.services.standards import standards_version_publish

__all__ = [
    "current_standards",
    "standards_publish",
    "standards_version_publish",
    "wage_schedule_of",
    "LOGO_KEPT_SIDE",
    "LOGO_MAX_PIXELS",
    "LOGO_MAX_SIDE",
    "WAGE_STEP_FIELDS",
    "employer_archive",
    "employer_create",
    "employer_restore",
    "employer_update",
    "invitation_accept",
    "invitation_create",
    "invitation_revoke",
    "invitation_send_email",
    "logo_png",
    "membership_change_role",
    "membership_deactivate",
    "membership_reactivate",
    "program_create",
    "program_update",
    "sponsor_create",
    "sponsor_setup",
    "sponsor_update",
    "wage_step_problems",
]
