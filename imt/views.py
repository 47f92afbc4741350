from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from imt.dashboard import dashboard_context


def home(request):
    """Where sign-in lands: the one sponsor's dashboard, or a choice between several."""
    memberships = request.memberships
    if len(memberships) == 1:
        return redirect(reverse("dashboard", kwargs={"sponsor_slug": memberships[0].sponsor.slug}))
    return render(request, "imt/sponsor_picker.html", {"memberships": memberships})


def ping(request):
    """Who is signed in, as JSON: a keep-alive for long forms, and the benchmark's floor (one query,
    the user's row)."""
    return JsonResponse({"signed_in_as": request.user.email})


def dashboard(request, sponsor_slug):
    template = f"dashboards/{request.membership.role}.html"
    return render(request, template, dashboard_context(request))


def error_404(request, exception=None):
    return render(request, "404.html", status=404)


def error_403(request, exception=None):
    return render(request, "403.html", status=403)


def error_500(request):
    return render(request, "500.html", status=500)
