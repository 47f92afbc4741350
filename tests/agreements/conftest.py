import pytest
from django.utils import timezone

from tests.apprentices import conftest as apprentices

# The apprentices' factories serve here too.
make, in_keystone, enroll = apprentices.make, apprentices.in_keystone, apprentices.enroll


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
