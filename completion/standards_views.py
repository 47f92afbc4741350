"""The page that moves enrollments to a later version of their program's standards: choose, preview, sign."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from completion import standards_moves
from completion.forms import StandardsMoveForm
from imt.pages import apply_validation_error


def standards_move(request, sponsor_slug, standards_version):
    """Step 1 (GET): the enrollments on older versions, the open ones ticked.  Step 2 (GET with
    ?preview): whose checklist and eligibility change, and the signing form.  POST: the signed move."""
    version = standards_version
    candidates = list(standards_moves.candidates(version))
    movable = {str(e.pk): e for e in candidates if not standards_moves.refusal(e, version)}
    closed = [e for e in candidates if str(e.pk) not in movable]
    data = request.POST if request.method == "POST" else None
    chosen = request.POST.getlist("enrollments") if data else request.GET.getlist("enrollments")
    selected = [movable[pk] for pk in chosen if pk in movable]
    form = StandardsMoveForm(data, initial={"enrollments": [e.pk for e in selected]}, request=request,
                             choices=[(pk, e.full_name) for pk, e in movable.items()])
    if data is not None and form.is_valid():
        try:
            moves = standards_moves.standards_move(
                version=version, enrollments=[movable[pk] for pk in form.cleaned_data["enrollments"]],
                by=request.membership, reason=form.cleaned_data["reason"], password_confirmed_at=form.confirmed_at,
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, ngettext(
                "%(n)d enrollment was moved to version %(v)d.", "%(n)d enrollments were moved to version %(v)d.",
                len(moves)) % {"n": len(moves), "v": version.number})
            return redirect("standards_version", sponsor_slug, version.pk)
    previewing = data is not None or "preview" in request.GET
    if previewing and not selected:
        messages.error(request, _("Choose at least one enrollment to move."))
        previewing = False
    preview = standards_moves.move_preview(version, selected) if previewing else []
    preview.sort(key=lambda row: not row.eligibility_changes)  # whose eligibility changes, first
    return render(request, "completion/standards_move.html", {
        "version": version, "program": version.program, "movable": list(movable.values()), "closed": closed,
        "chosen": set(chosen) if chosen else set(movable), "previewing": previewing, "preview": preview,
        "changing": [row for row in preview if row.eligibility_changes], "form": form,
    })
