"""What the database refuses to change in RTI records (see imt/protected.py)."""

from imt.protected import Frozen, append_only


def guards():
    from rti.models import PriorCourseCredit, ResultChange

    return [
        Frozen(PriorCourseCredit, "OLD.status <> 'pending'", noun="prior-course credit"),
        *append_only(ResultChange, noun="result changes"),
    ]
