"""Kinds of notification of the tests' own (the real ones belong to the apps that raise them), rendered from
templates/notifications/tests/item*.  Registering the same kind twice is allowed, so importing this module
from several places is harmless."""

from imt.permissions import Role
from notifications.kinds import Delivery, Kind, register

TEMPLATE = "notifications/tests/item"

ALERT = register(Kind(code="test_alert", label="Test alert", roles=frozenset(Role), template=TEMPLATE,
                      description="Something that needs a look soon."))
SUMMARY = register(Kind(code="test_summary", label="Test summary", roles=frozenset(Role), template=TEMPLATE,
                        default=Delivery.DIGEST))
QUIET = register(Kind(code="test_quiet", label="Test quiet news", roles=frozenset(Role), template=TEMPLATE,
                      default=Delivery.INAPP))
DEADLINE = register(Kind(code="test_deadline", label="Test agency deadline", roles=frozenset(Role),
                         template=TEMPLATE, may_be_mandatory=True))
MENTORS_ONLY = register(Kind(code="test_queue", label="Test queue waiting", roles=frozenset({Role.MENTOR}),
                             template=TEMPLATE))
