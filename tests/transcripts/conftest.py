import subprocess

import pytest
from django.utils import timezone
from django_scopes import scopes_disabled

from imt.permissions import Role
from tests.completion.factories import make_eligible


@pytest.fixture
def record(world):
    """A complete record at keystone (hours, sign-offs, RTI, verified credentials) with one sign-off revoked."""
    from apprentices import services

    with scopes_disabled():
        enrollment = make_eligible(world, name="Jordan Avery")
        sign_off = enrollment.sign_offs.order_by("pk").first()
        services.sign_off_revoke(sign_off=sign_off, by=world.member("keystone", Role.SPONSOR_ADMIN),
                                 reason="Observed on the wrong machine", password_confirmed_at=timezone.now())
        enrollment.refresh_from_db()
    return enrollment


def pdf_text(data):
    """The PDF's text in reading order, with every run of white space (line wraps too) one space."""
    text = subprocess.run(["pdftotext", "-", "-"], input=data, capture_output=True, check=True).stdout.decode()
    return " ".join(text.split())
