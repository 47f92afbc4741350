"""Roles and the one permission vocabulary of the platform.

A membership may do something when its role holds the permission:
`membership.can("members.manage")`.  Each URL names the permission that opens it
and the one that writes to it (imt/access.py); the view does not repeat them.  A
service that writes checks the same name with `require(by, "hours.approve",
record)`, which also holds the record against the member's visibility rule
(imt/visibility.py): what a page would answer with 404 a service refuses too.
"""

from django.core.exceptions import PermissionDenied
from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    SPONSOR_ADMIN = "sponsor_admin", _("Sponsor admin")
    SPONSOR_REVIEWER = "sponsor_reviewer", _("Sponsor reviewer")
    EMPLOYER_ADMIN = "employer_admin", _("Employer admin")
    MENTOR = "mentor", _("Mentor")
    INSTRUCTOR = "instructor", _("Instructor")
    APPRENTICE = "apprentice", _("Apprentice")


SPONSOR_STAFF = frozenset({Role.SPONSOR_ADMIN, Role.SPONSOR_REVIEWER})
EMPLOYER_ROLES = frozenset({Role.EMPLOYER_ADMIN, Role.MENTOR, Role.APPRENTICE})
ALL_ROLES = frozenset(Role)

ADMIN = frozenset({Role.SPONSOR_ADMIN})
RECORD_VIEWERS = frozenset({Role.APPRENTICE, Role.EMPLOYER_ADMIN, Role.MENTOR, *SPONSOR_STAFF})

# Who may do what.  Every sponsor page names one of these to open it and, if it takes forms, one to
# send them (imt/access.py); the services enforce the same names.  The sponsor reviewer reads what
# the sponsor admin reads and decides only advanced standing (prior learning, prior courses) and
# completion reviews: every other write belongs to another role.
PERMISSIONS = {
    "dashboard.view": ALL_ROLES,
    "sponsor.view_all": SPONSOR_STAFF,
    "sponsor.edit_profile": ADMIN,
    "employers.manage": ADMIN,
    "members.view": SPONSOR_STAFF,
    "members.manage": ADMIN,
    "programs.manage": ADMIN,
    "jobbook.view": ALL_ROLES,
    "jobbook.review": frozenset({*SPONSOR_STAFF, Role.EMPLOYER_ADMIN}),
    "jobbook.edit": frozenset({Role.SPONSOR_ADMIN, Role.EMPLOYER_ADMIN}),
    "apprentices.enroll": frozenset({Role.EMPLOYER_ADMIN, Role.SPONSOR_ADMIN}),
    "apprentices.manage": frozenset({Role.EMPLOYER_ADMIN, Role.SPONSOR_ADMIN}),
    "demographics.view": frozenset({Role.APPRENTICE, *SPONSOR_STAFF}),
    "demographics.edit": frozenset({Role.APPRENTICE, Role.SPONSOR_ADMIN}),
    "hours.log": frozenset({Role.APPRENTICE}),
    "hours.approve": frozenset({Role.MENTOR}),
    "skills.request_sign_off": frozenset({Role.APPRENTICE}),
    "skills.sign_off": frozenset({Role.MENTOR}),
    "skills.revoke": frozenset({Role.MENTOR, Role.SPONSOR_ADMIN}),
    "standing.view": frozenset({Role.EMPLOYER_ADMIN, *SPONSOR_STAFF}),
    "standing.request": frozenset({Role.EMPLOYER_ADMIN}),
    "standing.decide": SPONSOR_STAFF,
    "rti.view": frozenset({*SPONSOR_STAFF, Role.INSTRUCTOR}),
    "rti.manage": ADMIN,
    "rti.record_results": frozenset({Role.INSTRUCTOR, Role.SPONSOR_ADMIN}),
    "rti.view_credits": frozenset({*SPONSOR_STAFF, Role.EMPLOYER_ADMIN, Role.APPRENTICE}),
    "rti.request_credit": frozenset({Role.APPRENTICE, Role.EMPLOYER_ADMIN, Role.SPONSOR_ADMIN}),
    "rti.decide_credit": SPONSOR_STAFF,
    "credentials.record": frozenset({Role.APPRENTICE, Role.SPONSOR_ADMIN}),
    "credentials.verify": ADMIN,
    "credentials.manage_types": ADMIN,
    "records.view": RECORD_VIEWERS,
    "completion.view": frozenset({*SPONSOR_STAFF, Role.EMPLOYER_ADMIN}),
    "completion.view_own": frozenset({Role.APPRENTICE}),
    "completion.recommend": frozenset({Role.EMPLOYER_ADMIN}),
    "completion.review": SPONSOR_STAFF,
    "certificates.view": frozenset({*SPONSOR_STAFF, Role.EMPLOYER_ADMIN, Role.APPRENTICE}),
    "audit.view": SPONSOR_STAFF,
    "compliance.view": frozenset({*SPONSOR_STAFF, Role.EMPLOYER_ADMIN}),
    "standards.publish": ADMIN,
    # #15 ratio compliance and probation outcomes
    "journeyworkers.manage": frozenset({Role.EMPLOYER_ADMIN, Role.SPONSOR_ADMIN}),
    "probation.decide": frozenset({Role.EMPLOYER_ADMIN, Role.SPONSOR_ADMIN}),
    # #15 reports to the registration agency
    "agency.view": SPONSOR_STAFF,
    "agency.export": ADMIN,
    # #15 the apprenticeship agreement
    "agreements.sign": frozenset({Role.APPRENTICE, Role.EMPLOYER_ADMIN, Role.SPONSOR_ADMIN}),
    # #15 reports
    "reports.view": frozenset({*SPONSOR_STAFF, Role.EMPLOYER_ADMIN}),
    "reports.part30": SPONSOR_STAFF,  # EEO data: sponsor staff only (SPEC §3)
    "demographics.self_identify": frozenset({Role.APPRENTICE}),
    # #15 transcript: the apprentice, their employer and the sponsor admin hand out a verifiable transcript
    # (the sponsor reviewer writes only decisions); the sponsor admin withdraws one.
    "transcripts.issue": frozenset({Role.APPRENTICE, Role.EMPLOYER_ADMIN, Role.SPONSOR_ADMIN}),
    "transcripts.revoke": ADMIN,
    # #15 wage progression
    "wages.view": frozenset({Role.APPRENTICE, Role.EMPLOYER_ADMIN, *SPONSOR_STAFF}),
    "wages.decide": frozenset({Role.EMPLOYER_ADMIN}),
    # #16 the token API: the sponsor admin creates and revokes the sponsor's tokens and reads their calls
    "api.manage": ADMIN,
    # #16 notifications: every member reads their own inbox, chooses how each kind reaches them and marks
    # them read.  These are the person's own settings, not the sponsor's records, so the sponsor reviewer
    # (who otherwise writes only decisions) sends these forms too.
    "notifications.view": ALL_ROLES,
    "notifications.manage_own": ALL_ROLES,
    # #16 hours import from payroll: the employer admin imports for their employer; sponsor staff read the imports
    "hours.import": frozenset({Role.EMPLOYER_ADMIN}),
    "hours.imports_view": frozenset({Role.EMPLOYER_ADMIN, *SPONSOR_STAFF}),
    # #16 roster import: the sponsor admin imports for any employer, an employer admin for their own.
    "roster.import": frozenset({Role.SPONSOR_ADMIN, Role.EMPLOYER_ADMIN}),
}
# What the sponsor reviewer may change (the README's table says so, tests/imt/test_permissions.py holds it).
REVIEWER_DECISIONS = frozenset({"standing.decide", "rti.decide_credit", "completion.review"})
# What the sponsor reviewer may change of their own: how notifications reach them (#16).
REVIEWER_OWN_SETTINGS = frozenset({"notifications.manage_own"})


def role_can(role, permission):
    try:
        return role in PERMISSIONS[permission]
    except KeyError:
        raise ValueError(f"Unknown permission {permission!r}; add it to imt.permissions.PERMISSIONS.") from None


def require(membership, permission, record=None):
    """Refuse (PermissionDenied) unless `membership` is active, its role holds `permission`, and, with a
    `record`, the record is among those the member may see."""
    from imt import visibility

    role_can(None, permission)  # a misspelt permission fails loudly
    if membership is None or not membership.can(permission):
        raise PermissionDenied(_("Your role does not allow this."))
    if record is not None and not visibility.is_visible(membership, record):
        raise PermissionDenied(_("This record is not one of yours to change."))
