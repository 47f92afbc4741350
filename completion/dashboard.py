from imt.dashboard import register_panel


@register_panel
def completion_counts(request):
    """Sponsor staff see how many recommendations wait for review."""
    from completion.models import Recommendation

    if not request.membership.can("completion.review"):
        return {}
    return {
        "review_queue_count": Recommendation.objects.filter(
            sponsor=request.sponsor, status=Recommendation.Status.PENDING
        ).count()
    }
