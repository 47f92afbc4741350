from imt.dashboard import register_panel


@register_panel
def completion_counts(request):
    """Sponsor staff see how many recommendations wait for review; an apprentice sees their checklist."""
    from completion.models import Recommendation

    membership = request.membership
    if membership.role == "apprentice":
        enrollment = request.dashboard.get("enrollment")
        if enrollment is None:
            return {}
        from completion.eligibility import eligibility

        return {"completion_checklist": eligibility(enrollment, progress=request.dashboard.get("progress"))}
    if not membership.can("completion.review"):
        return {}
    return {
        "review_queue_count": Recommendation.objects.filter(
            sponsor=request.sponsor, status=Recommendation.Status.PENDING
        ).count()
    }
