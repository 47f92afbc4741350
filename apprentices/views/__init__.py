"""Apprentices' pages, by sub-domain: `hours` (quick-add, weekly timesheet, my entries), `sign_offs` (requests,
the mentor's queue, signing off and revoking), `enrollments` (roster, enrolling, the apprentice's record and
its changes, the audit trail), `demographics` and advanced `standing`.

Views validate, call one service and redirect; every rule is the services'.  The records a URL names come
to the view already looked up among those the member may see (apprentices.selectors.enrollments); anything
else answers 404.
"""

from django.http import Http404

from apprentices import selectors


def own_enrollment(request):
    """The signed-in apprentice's current enrollment (404 when they have none)."""
    enrollment = selectors.current_enrollment(request.membership)
    if enrollment is None:
        raise Http404
    return enrollment
