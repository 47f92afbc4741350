from django.db.models import Count, Q
from django.utils import timezone

from imt.dashboard import register_panel
from imt.permissions import Role
from programs.models import Employer, Invitation, Membership


@register_panel
def sponsor_counts(request):
    """Counts of the sponsor's people: for sponsor staff over the sponsor, for employer roles over their employer."""
    membership = request.membership
    if membership.role == Role.APPRENTICE:
        return {}  # an apprentice's dashboard is about their own record
    members = Membership.objects.filter(sponsor=request.sponsor, is_active=True)
    if membership.employer_id:
        members = members.filter(employer=membership.employer_id)
    by_role = dict(members.values_list("role").annotate(n=Count("pk")).order_by())
    context = {
        "role_counts": [(label, by_role.get(value, 0)) for value, label in Role.choices],
        "member_count": sum(by_role.values()),
    }
    if membership.is_sponsor_staff:
        context.update(
            Employer.objects.filter(sponsor=request.sponsor).aggregate(
                employer_count=Count("pk", filter=Q(archived_at__isnull=True)),
                archived_employer_count=Count("pk", filter=Q(archived_at__isnull=False)),
            )
        )
        context["pending_invitation_count"] = Invitation.objects.filter(
            sponsor=request.sponsor, accepted_at__isnull=True, revoked_at__isnull=True,
            expires_at__gt=timezone.now(),
        ).count()
    return context
