from imt.dashboard import register_panel


@register_panel
def completion_counts(request):
    """Sponsor staff see how many recommendations wait for review; an apprentice sees their checklist."""
    from completion.models import Recommendation

    membership = request.membership
    if membership.role == "apprentice":
        # The checklist is loaded by the page itself (completion.views.my_checklist).
        return {"completion_checklist_later": request.dashboard.get("enrollment") is not None}
    if not membership.can("completion.review"):
        return {}
    return {
        "review_queue_count": Recommendation.objects.filter(
            sponsor=request.sponsor, status=Recommendation.Status.PENDING
        ).count()
    }
