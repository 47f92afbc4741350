"""State-changing actions on apprentices' records, one module per part of the record:

- `enrollments`: enroll, link an invited apprentice's enrollments, change the status, complete,
  transfer, correct the start date;
- `job_book_versions`: move an enrollment to another Job Book version;
- `mentors`: assign and unassign mentors;
- `demographics`: the voluntary registration and EEO answers;
- `hours`: log, edit, withdraw and correct OJT hours; approve and reject them;
- `sign_offs`: request, withdraw, sign off and revoke skill sign-offs;
- `standing`: request and decide advanced standing;
- `signatures`: write a signature and check the password's freshness.

Each function is one transaction and the only way to perform its action; views, the admin, commands
and tests all call it.  Bad input raises `ValidationError` keyed by the form field it concerns (or
`__all__`), with a message the user can read.  A service that takes the acting `Membership` checks the
permission its page names for writing, with `imt.permissions.require` (PermissionDenied); the rules
that keep the records true (the mentor is assigned to this apprentice, the entry is the apprentice's
own, the password was confirmed a moment ago) are checked here too.

`by` is the acting user (`imt.User`) where only attribution matters, and the acting `Membership`
where the role at the sponsor matters (a mentor, sponsor staff).

Callers import from this package (`from apprentices import services`); the modules are its layout.
"""

from apprentices.services._records import (
    add_months,
    current_mentor_ids,
    probation_end_for,
    refresh_roster_keys,
    today,
)
from apprentices.services.demographics import DEMOGRAPHIC_CHOICES, MINIMUM_AGE, demographics_save
from apprentices.services.enrollments import (
    ALLOWED_TRANSITIONS,
    Status,
    enrollment_change_start_date,
    enrollment_change_status,
    enrollment_complete,
    enrollment_create,
    enrollment_transfer,
    enrollments_link_apprentice,
)
from apprentices.services.hours import (
    APPROVAL_MEANING,
    HOURS_MAX_TYPED,
    MAX_HOURS_PER_DAY,
    QUARTER,
    hours_approve,
    hours_correct,
    hours_log,
    hours_log_week,
    hours_reject,
    hours_update,
    hours_withdraw,
)
from apprentices.services.job_book_versions import VersionMoveReport, enrollment_move_version
from apprentices.services.mentors import mentor_assign, mentor_unassign
from apprentices.services.sign_offs import (
    REVOCATION_MEANING,
    sign_off_request,
    sign_off_request_withdraw,
    sign_off_revoke,
    skill_sign_off,
)
from apprentices.services.signatures import PASSWORD_CONFIRMATION_WINDOW, password_recently_confirmed, sign
from apprentices.services.standing import STANDING_MEANING, advanced_standing_decide, advanced_standing_request

__all__ = [
    "ALLOWED_TRANSITIONS",
    "APPROVAL_MEANING",
    "DEMOGRAPHIC_CHOICES",
    "HOURS_MAX_TYPED",
    "MAX_HOURS_PER_DAY",
    "MINIMUM_AGE",
    "PASSWORD_CONFIRMATION_WINDOW",
    "QUARTER",
    "REVOCATION_MEANING",
    "STANDING_MEANING",
    "Status",
    "VersionMoveReport",
    "add_months",
    "advanced_standing_decide",
    "advanced_standing_request",
    "current_mentor_ids",
    "demographics_save",
    "enrollment_change_start_date",
    "enrollment_change_status",
    "enrollment_complete",
    "enrollment_create",
    "enrollment_move_version",
    "enrollment_transfer",
    "enrollments_link_apprentice",
    "hours_approve",
    "hours_correct",
    "hours_log",
    "hours_log_week",
    "hours_reject",
    "hours_update",
    "hours_withdraw",
    "mentor_assign",
    "mentor_unassign",
    "password_recently_confirmed",
    "probation_end_for",
    "refresh_roster_keys",
    "sign",
    "sign_off_request",
    "sign_off_request_withdraw",
    "sign_off_revoke",
    "skill_sign_off",
    "today",
]
