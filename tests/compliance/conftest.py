import pytest
from django.utils import timezone
from django_scopes import scopes_disabled

from programs import services as program_services
from programs.models import Program
from tests.apprentices import conftest as apprentices

# The apprentices' factories serve here too.
make, in_keystone = apprentices.make, apprentices.in_keystone


@pytest.fixture
def standards(make):
    """standards(policy, apprentices=1, journeyworkers=1) → keystone's program published with that ratio."""

    def publish(policy, apprentices=1, journeyworkers=1):
        with scopes_disabled():
            Program.objects.filter(pk=make.program.pk).update(
                ratio_apprentices=apprentices, ratio_journeyworkers=journeyworkers, ratio_policy=policy)
            return program_services.standards_publish(program=make.program, note="ratio test")

    return publish


def signed(reason):
    """What an override form carries: a reason and a password confirmed just now."""
    return {"reason": reason, "password_confirmed_at": timezone.now()}
