from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ComplianceConfig(AppConfig):
    name = "compliance"
    verbose_name = _("Compliance with the registered standards")

    def ready(self):
        from apprentices.services.enrollments import ASSIGNMENT_CHECKS
        from compliance import panels, selectors  # noqa: F401  (sections, panels and visibility rules)
        from compliance.services import check_assignment

        if check_assignment not in ASSIGNMENT_CHECKS:
            ASSIGNMENT_CHECKS.append(check_assignment)
