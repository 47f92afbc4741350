"""What the database refuses to change in wage records (see imt/protected.py): a raise due and the
employer's decision on it are written once and never updated or deleted."""

from imt.protected import append_only


def guards():
    from wages.models import RaiseDue, WageDecision

    return [
        *append_only(RaiseDue, noun="raises due"),
        *append_only(WageDecision, noun="wage decisions"),
    ]
