"""Ratio overrides and probation outcomes are signed decisions: raw SQL UPDATE and DELETE are refused."""

import pytest
from django.db import connection
from django.utils import timezone
from django_scopes import scope

from compliance import services
from compliance.models import ProbationOutcome, RatioOverride
from tests.compliance.conftest import signed
from tests.compliance.test_probation import on_probation
from tests.compliance.test_ratio import enroll
from tests.db import refused

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("model", [RatioOverride, ProbationOutcome])
def test_raw_update_and_delete_are_refused(make, standards, model):
    standards("override")
    with scope(sponsor=make.sponsor):
        enroll(make, ratio_override=signed("Busy season"))
        services.probation_outcome_record(enrollment=on_probation(make, 3), by=make.employer_admin, outcome="passed",
                                          reason="ok", password_confirmed_at=timezone.now())
        row = model.objects.order_by("pk").first()
    table = connection.ops.quote_name(model._meta.db_table)
    assert refused(f"UPDATE {table} SET reason = 'rewritten' WHERE id = %s", row.pk)
    assert refused(f"DELETE FROM {table} WHERE id = %s", row.pk)
