from django_scopes import scopes_disabled

from tests.conftest import QuietCommand
from wages import demo
from wages.models import RaiseDue, WageDecision
from wages.selectors import is_overdue


def test_the_demo_has_a_raise_due_and_one_overdue_at_penn_and_confirmed_history(demo_world):
    with scopes_disabled():
        pending = list(RaiseDue.objects.filter(sponsor=demo_world.a, decision__isnull=True,
                                               enrollment__employer__name="Penn Precision Plastics"))
        assert any(is_overdue(r) for r in pending) and any(not is_overdue(r) for r in pending)
        assert any(r.basis == "hours" and not is_overdue(r) for r in pending)
        confirmed = WageDecision.objects.filter(sponsor=demo_world.a, decision="confirm")
        assert confirmed.count() >= 10 and all(d.signature_id and d.hourly_rate for d in confirmed)
        before = (RaiseDue.objects.count(), WageDecision.objects.count())
        demo.seed(QuietCommand, {})
        assert (RaiseDue.objects.count(), WageDecision.objects.count()) == before
