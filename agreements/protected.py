"""What the database refuses to change in agreements (see imt/protected.py): an agreement and each
party's signature are written once and never updated or deleted."""

from imt.protected import append_only


def guards():
    from agreements.models import Agreement, AgreementSignature

    return [
        *append_only(Agreement, noun="apprenticeship agreements"),
        *append_only(AgreementSignature, noun="agreement signatures"),
    ]
