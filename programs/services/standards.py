"""Publishing a program's draft standards as a new version, by the sponsor admin.

The program's editable fields and wage steps are the draft; `standards_publish` (programs.services.programs)
freezes them into the next `StandardsVersion`.  Publishing changes no enrollment: an enrollment keeps the
version it was registered under until it is moved (completion.standards_moves)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from imt.permissions import require
from programs.models import Membership, Program, StandardsVersion
from programs.selectors import draft_changes
from programs.services.programs import standards_publish


def standards_version_publish(*, program: Program, by: Membership, note: str) -> StandardsVersion:
    """Publish the program's draft as its next version, saying what changed.  Refused when the draft is
    the same as the newest version (nothing to publish) or without a note."""
    require(by, "standards.publish", program)
    program = Program.objects.get(pk=program.pk)  # the draft as saved, whatever the caller holds
    if not note.strip():
        raise ValidationError({"note": _("Say what changed in this version.")})
    if not draft_changes(program):
        raise ValidationError(_("The draft is the same as the newest published version: there is nothing to publish."))
    return standards_publish(program=program, by=by.user, note=note.strip())
