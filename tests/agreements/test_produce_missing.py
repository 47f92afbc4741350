"""`manage.py agreements_produce_missing`: enrollments made before agreements existed get their original,
once; closed enrollments and those with an agreement are left alone."""

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django_scopes import scopes_disabled

from agreements.models import Agreement
from apprentices.models import Enrollment

pytestmark = pytest.mark.django_db


def run(*args):
    out = io.StringIO()
    call_command("agreements_produce_missing", *args, stdout=out)
    return out.getvalue()


def test_open_enrollments_without_an_agreement_get_their_original_once(make):
    # Made as rows, as enrollments from before this release were: no agreement was produced for them.
    older = [make.enrollment(), make.enrollment()]
    closed = make.enrollment(status=Enrollment.Status.CANCELLED)
    assert "2 agreement(s) produced" in run("--sponsor", make.sponsor.slug)
    with scopes_disabled():
        for enrollment in older:
            agreement = Agreement.objects.get(enrollment=enrollment)
            assert agreement.number == 1 and agreement.reason == "original"
            assert not agreement.signatures.exists()  # waiting for the three parties
        assert not Agreement.objects.filter(enrollment=closed).exists()
    assert "0 agreement(s) produced" in run()


def test_an_unknown_sponsor_is_an_error():
    with pytest.raises(CommandError, match="no sponsor"):
        run("--sponsor", "nobody")
