"""What the database refuses to change in programs (see imt/protected.py): a published version of a
program's registered standards is never changed or deleted; a new version is a new row;
nor is the record of an enrollment moved from one version to another."""

from imt.protected import append_only


def guards():
    from programs.models import StandardsMove, StandardsVersion

    return [
        *append_only(StandardsVersion, noun="published standards versions"),
        *append_only(StandardsMove, noun="standards moves"),
    ]
