import itertools

import pytest
from django_scopes import scope

from imt.permissions import Role
from notifications.services import notify
from tests.notifications import kinds

_keys = itertools.count(1)


@pytest.fixture
def tell(world, django_capture_on_commit_callbacks):
    """tell(kind, role="mentor", sponsor="keystone", url=...) → a new notification (delivered as after a commit)."""

    def make(kind=kinds.ALERT.code, role=Role.MENTOR, sponsor="keystone", *, url="/keystone/", key=None, user=None):
        member = world.member(sponsor, role)
        number = next(_keys)
        with scope(sponsor=member.sponsor), django_capture_on_commit_callbacks(execute=True):
            return notify(sponsor=member.sponsor, user=user or member.user, kind=kind, key=key or f"test:{number}",
                          url=url, context={"number": number})

    return make
