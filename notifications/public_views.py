"""The unsubscribe link of every notification e-mail, opened without signing in.

The signed token is the only authority: it names the person, the sponsor and the kind, and a token
edited by hand does not verify.  A GET only asks; the change is a POST, which a mail client's one-click
unsubscribe (RFC 8058: `List-Unsubscribe=One-Click` in the body) sends without any page or CSRF token,
so this view alone is exempt from the CSRF check.  Nothing here reveals more than the e-mail it came from.
"""

from django.core.exceptions import ValidationError
from django.shortcuts import render
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods
from django_scopes import scope

from notifications import kinds, selectors, tokens
from notifications.services import preferences as preference_services
from programs.models import Membership, Sponsor


def _private(response):
    response["X-Robots-Tag"] = "noindex, nofollow"
    response["Cache-Control"] = "no-store"
    response["Referrer-Policy"] = "no-referrer"  # the token is in the address
    return response


def _refused(request, status):
    return _private(render(request, "notifications/unsubscribe_invalid.html", {"status": status}, status=status))


@csrf_exempt
@require_http_methods(["GET", "HEAD", "POST"])
def unsubscribe(request, token):
    data = tokens.read(token)
    if data is None:
        return _refused(request, 400)
    sponsor = Sponsor.objects.filter(pk=data.sponsor_id).first()
    if sponsor is None or (not data.is_digest and data.kind not in kinds.KINDS):
        return _refused(request, 404)
    with scope(sponsor=sponsor):
        membership = Membership.objects.select_related("user", "sponsor").filter(
            sponsor=sponsor, user_id=data.user_id).first()
        if membership is None:
            return _refused(request, 404)
        kind = None if data.is_digest else data.kind
        context = {
            "sponsor": sponsor, "person": membership.user, "digest": data.is_digest,
            "kind": kinds.KINDS.get(kind) if kind else None,
            "mandatory": kind is not None and kind in selectors.mandatory_kinds(sponsor),
        }
        if request.method == "POST" and not context["mandatory"]:
            try:
                stopped = preference_services.unsubscribe(membership=membership, kind=kind)
            except ValidationError:  # made mandatory in the meantime
                context["mandatory"] = True
            else:
                return _private(render(request, "notifications/unsubscribe_done.html", {**context, "stopped": stopped}))
        else:
            context["stopping"] = preference_services.unsubscribe_kinds(membership=membership, kind=kind)
        return _private(render(request, "notifications/unsubscribe.html", context))
