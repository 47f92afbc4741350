import pytest
from django.utils import timezone

from tests.apprentices.conftest import enroll, in_keystone, make  # noqa: F401  (the apprentices' factories)


@pytest.fixture
def produced(enroll, django_capture_on_commit_callbacks):
    """produced(**overrides) → an enrollment made by the service, with the work its commit hands over done."""

    def _produced(**overrides):
        with django_capture_on_commit_callbacks(execute=True):
            return enroll(**overrides)

    return _produced


@pytest.fixture
def now():
    return timezone.now()
