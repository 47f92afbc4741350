"""What the database refuses to change in the apprentices' records (see imt/protected.py)."""

from imt.protected import Frozen, Guard, append_only


def guards():
    from apprentices.models import (
        AdvancedStanding,
        CreditedHours,
        CreditedSkill,
        OJTEntry,
        Signature,
        SignOffRevocation,
        SkillSignOff,
        StatusChange,
    )

    standing_decided = (
        "(SELECT status FROM apprentices_advancedstanding WHERE id = {row}.standing_id) <> 'pending'"
    )
    credit = []
    for model in (CreditedHours, CreditedSkill):
        table = model._meta.db_table
        noun = model._meta.verbose_name
        credit += [
            Guard(table, "INSERT", f"{noun} cannot be added to a decided advanced standing",
                  standing_decided.format(row="NEW"), name="decided"),
            Guard(table, "UPDATE", f"{noun} of a decided advanced standing never change",
                  standing_decided.format(row="OLD") + " OR " + standing_decided.format(row="NEW"), name="decided"),
            Guard(table, "DELETE", f"{noun} of a decided advanced standing are never deleted",
                  standing_decided.format(row="OLD"), name="decided"),
        ]
    return [
        *append_only(StatusChange, noun="status changes"),
        *append_only(Signature, noun="signatures"),
        *append_only(SkillSignOff, noun="sign-offs"),
        *append_only(SignOffRevocation, noun="sign-off revocations"),
        # An OJT entry changes while pending (edit, withdraw, approve, reject) and never after.
        Frozen(OJTEntry, "OLD.status <> 'pending'", noun="OJT entry"),
        Frozen(AdvancedStanding, "OLD.status <> 'pending'", noun="advanced standing"),
        *credit,
    ]
