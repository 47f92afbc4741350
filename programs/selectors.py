from django.db.models import Q
from django_scopes import scopes_disabled

from imt.models import User
from programs.models import Invitation, Membership

INVITATION_SESSION_KEY = "imt_invitation_token"


def members_of(sponsor, *, query="", role=""):
    members = Membership.objects.filter(sponsor=sponsor).select_related("user", "employer")
    if query:
        members = members.filter(Q(user__full_name__icontains=query) | Q(user__email__icontains=query))
    if role:
        members = members.filter(role=role)
    return members.order_by("-is_active", "user__full_name", "user__email")


def invitation_by_token(token):
    """The invitation behind a link; the link is the way into the sponsor, so this looks across sponsors."""
    with scopes_disabled():
        return Invitation.objects.select_related("sponsor", "employer", "invited_by").filter(token=token).first()


def pending_invitation(request):
    token = request.session.get(INVITATION_SESSION_KEY)
    if not token:
        return None
    invitation = invitation_by_token(token)
    return invitation if invitation and invitation.is_pending else None


def remember_invitation(request, invitation):
    request.session[INVITATION_SESSION_KEY] = invitation.token


def forget_invitation(request):
    request.session.pop(INVITATION_SESSION_KEY, None)


def email_has_account(email):
    return User.objects.filter(email__iexact=email).exists()
