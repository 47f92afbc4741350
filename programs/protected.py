"""What the database refuses to change in programs (see imt/protected.py): a published version of a
program's registered standards is never changed or deleted; a new version is a new row."""

from imt.protected import append_only


def guards():
    from programs.models import StandardsVersion

    return [*append_only(StandardsVersion, noun="published standards versions")]
