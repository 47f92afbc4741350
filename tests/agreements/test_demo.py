"""The demo's agreements: one per demo enrollment, apprentice@keystone.example's fully signed, a recent one
pending; seeding again changes nothing."""

import pytest
from django_scopes import scopes_disabled

from agreements.models import Agreement, AgreementSignature
from agreements.selectors import PENDING, SIGNED, current_agreement
from apprentices.models import Enrollment
from tests.conftest import seed_demo_data

pytestmark = pytest.mark.django_db


def test_the_demo_has_agreements_signed_and_pending(demo_world):
    with scopes_disabled():
        enrollments = Enrollment.objects.exclude(email__startswith="load-apprentice-")
        assert not enrollments.exclude(agreements__isnull=False).exists()
        rita = Enrollment.objects.get(email="apprentice@keystone.example", sponsor__slug="keystone")
        assert current_agreement(rita).status == SIGNED
        statuses = [current_agreement(e).status for e in enrollments.filter(sponsor__slug="keystone")]
        assert PENDING in statuses
        counts = (Agreement.objects.count(), AgreementSignature.objects.count())
        seed_demo_data("agreements")
        assert (Agreement.objects.count(), AgreementSignature.objects.count()) == counts
