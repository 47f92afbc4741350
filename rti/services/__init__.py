"""State-changing actions on RTI: the catalog, providers, sections, rosters, results and prior-course credit.

Each function is one transaction and the only way to perform its action.  `by` is the acting member;
each action checks the permission its page declares for writing (imt/permissions.require), and the record
against the member's visibility rule.  One module per part: catalog (courses, providers, sections, program
requirements, the IMT catalog), rosters (enrollment and results), credit (prior-course credit).
"""

from rti.services._access import require_apprentice, require_own_sponsor
from rti.services.catalog import (
    PROVIDER_FIELDS,
    SECTION_FIELDS,
    catalog_seed,
    course_create,
    course_restore,
    course_retire,
    course_update,
    program_requirements_seed,
    provider_create,
    provider_update,
    requirements_set,
    section_create,
    section_update,
)
from rti.services.credit import credit_decide, credit_request
from rti.services.rosters import (
    RESULT_FIELDS,
    SHORT_TEXT,
    SectionResultsError,
    result_errors,
    result_write,
    section_enroll,
    section_results_record,
    section_unenroll,
)

__all__ = [
    "PROVIDER_FIELDS", "RESULT_FIELDS", "SECTION_FIELDS", "SHORT_TEXT", "SectionResultsError", "catalog_seed",
    "course_create", "course_restore", "course_retire", "course_update", "credit_decide", "credit_request",
    "program_requirements_seed", "provider_create", "provider_update", "require_apprentice", "require_own_sponsor",
    "requirements_set", "result_errors", "result_write", "section_create", "section_enroll", "section_results_record",
    "section_unenroll", "section_update",
]
