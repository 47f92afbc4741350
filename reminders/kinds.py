"""The reminders and digests this app raises, registered with the notifications app.

Events (an entry rejected, a requested sign-off signed, a sign-off request, a packet returned) reach people at
once by default; conditions that hold for a while are told once per condition and period (see the keys
in reminders/detectors/).  Compliance kinds may be made mandatory by the sponsor.
"""

from django.utils.translation import gettext_lazy as _

from imt.permissions import Role
from notifications.kinds import Delivery, Kind, register

APPRENTICE = frozenset({Role.APPRENTICE})
MENTOR = frozenset({Role.MENTOR})
EMPLOYER_ADMIN = frozenset({Role.EMPLOYER_ADMIN})
STAFF = frozenset({Role.SPONSOR_ADMIN, Role.SPONSOR_REVIEWER})


def _kind(code: str, label, roles, description, default: str = Delivery.NOW, mandatory: bool = False) -> Kind:
    return register(Kind(code=code, label=label, roles=roles, template=f"reminders/email/{code}",
                         default=default, description=description, may_be_mandatory=mandatory))


NO_HOURS = _kind(
    "no_hours", _("No hours logged lately"), APPRENTICE,
    _("You have logged no hours for the number of days your sponsor set."),
)
ENTRY_REJECTED = _kind(
    "entry_rejected", _("Hours rejected"), APPRENTICE,
    _("Your mentor rejected an OJT entry, with the reason."),
)
REQUEST_SIGNED_OFF = _kind(
    "request_signed_off", _("Sign-off you asked for"), APPRENTICE,
    _("Your mentor signed off a skill you asked them to observe."), default=Delivery.DIGEST,
)
CREDENTIAL_EXPIRING = _kind(
    "credential_expiring", _("Credential expiring"), APPRENTICE,
    _("One of your credentials expires in 30 days, then again in 7 days."),
)
MENTOR_QUEUE = _kind(
    "mentor_queue", _("Items waiting for you"), MENTOR,
    _("Once a day at most: the hours and sign-off requests that have waited longer than your sponsor allows."),
)
SIGN_OFF_REQUESTED = _kind(
    "sign_off_requested", _("Sign-off requested"), MENTOR,
    _("An apprentice you mentor asks you to observe and sign off a skill."), default=Delivery.DIGEST,
)
RAISE_DUE = _kind(
    "raise_due", _("Raise due"), EMPLOYER_ADMIN,
    _("An apprentice reached a step of the wage schedule; told again when the raise is 30 days overdue."),
    mandatory=True,
)
PROBATION_ENDING = _kind(
    "probation_ending", _("Probation ending"), EMPLOYER_ADMIN,
    _("An apprentice's probation ends within 14 days (or has ended) and its outcome is not recorded."),
    mandatory=True,
)
RATIO_BREACH = _kind(
    "ratio_breach", _("Ratio breach"), EMPLOYER_ADMIN,
    _("Your employer or one of its mentors has more apprentices than the ratio allows."), mandatory=True,
)
# The completion app already e-mails the employer's admins at once when the sponsor decides
# (completion/notifications.py): by default this one waits in the inbox instead of sending a second e-mail.
PACKET_RETURNED = _kind(
    "packet_returned", _("Completion returned"), EMPLOYER_ADMIN,
    _("The sponsor returned a completion recommendation with comments."), default=Delivery.INAPP,
)
WEEKLY_DIGEST = _kind(
    "weekly_digest", _("Weekly digest"), STAFF,
    _("Each week: new enrollments, status changes due to the agency, packets waiting for review, overdue "
      "raises and credentials expiring soon. Nothing to say, no digest."),
    mandatory=True,
)
