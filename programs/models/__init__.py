"""The sponsor (tenant), its employers and people (tenancy), and its programs' registered standards."""

from programs.models.standards import (
    STANDARDS_FIELDS,
    Program,
    RatioPolicy,
    StandardsMove,
    StandardsVersion,
    WageStep,
)
from programs.models.tenancy import (
    RESERVED_SLUGS,
    Employer,
    Invitation,
    Membership,
    MfaPolicy,
    Sponsor,
    SponsorRecord,
    new_invitation_token,
    validate_not_reserved,
)

__all__ = [
    "RESERVED_SLUGS", "STANDARDS_FIELDS", "Employer", "Invitation", "Membership", "MfaPolicy", "Program", "RatioPolicy",
    "Sponsor", "SponsorRecord", "StandardsMove", "StandardsVersion", "WageStep", "new_invitation_token",
    "validate_not_reserved",
]
