"""Security headers: the Content-Security-Policy, Cache-Control for signed-in users, Permissions-Policy.

The policy itself is settings.CONTENT_SECURITY_POLICY (django-csp); the middleware here adds what
depends on the response: who may frame it, and what a browser's PDF viewer needs.
"""

from csp.constants import SELF
from csp.middleware import CSPMiddleware
from django.conf import settings
from django.utils.cache import patch_cache_control


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's middleware, with a nonce on every response and two adjustments per response.

    Listed above XFrameOptionsMiddleware, so that it sees the X-Frame-Options that one chose.
    """

    def process_request(self, request):
        super().process_request(request)
        # django-csp puts the nonce in the header only when a template asked for it; with every
        # script in a file, none does.  One nonce per response keeps the policy the same on every
        # page, ready for the rare inline script that cannot be a file ({{ CSP_NONCE }}).
        str(request.csp_nonce)

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only=report_only)
        replace = dict(parts.replace or {})
        # frame-ancestors says in CSP what X-Frame-Options says to older browsers; a view that may be
        # framed by the site's own pages (the packet PDF) opts in with xframe_options_sameorigin.
        if response.get("X-Frame-Options", "").upper() == "SAMEORIGIN":
            replace.setdefault("frame-ancestors", [SELF])
        # Older Chromium shows a PDF through a plugin that the PDF response's own object-src governs
        # (object-src 'none' leaves a "blocked" page).  A PDF runs no script of ours, so it loses nothing.
        if response.get("Content-Type", "").startswith("application/pdf"):
            replace.setdefault("object-src", [SELF])
        parts.replace = replace or None
        return parts


class SecurityHeadersMiddleware:
    """Permissions-Policy on every response; Cache-Control: private, no-store for signed-in users.

    Listed below WhiteNoise, so static files keep their own long-lived caching.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.permissions_policy = ", ".join(
            f"{feature}=({' '.join(allow)})" for feature, allow in settings.PERMISSIONS_POLICY.items()
        )

    def __call__(self, request):
        response = self.get_response(request)
        if self.permissions_policy:
            response.headers.setdefault("Permissions-Policy", self.permissions_policy)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            # A page, fragment or file shown to a signed-in user is about someone: no shared cache
            # may keep it, nor the browser's disk after sign-out.
            patch_cache_control(response, private=True, no_store=True)
        return response
