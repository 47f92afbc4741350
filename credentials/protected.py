"""What the database refuses to change in credentials (see imt/protected.py): a verified credential is
kept as it was verified; a correction is a new credential that replaces it."""

from imt.protected import Frozen


def guards():
    from credentials.models import Credential

    return [Frozen(Credential, "OLD.verified_at IS NOT NULL", noun="verified credential")]
