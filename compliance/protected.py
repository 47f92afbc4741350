"""What the database refuses to change in compliance records (see imt/protected.py): a ratio override and a
probation outcome are signed decisions, inserted once."""

from imt.protected import append_only


def guards():
    from compliance.models import ProbationOutcome, RatioOverride

    return [*append_only(RatioOverride), *append_only(ProbationOutcome)]
