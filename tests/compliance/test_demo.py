"""The demo's compliance page at keystone: the mentor far over the 1:1 ratio, a probation ending within 14
days and an overdue one, and a journeyworker recorded without a sign-in; a second seed adds nothing."""

from django.urls import reverse
from django.utils import timezone
from django_scopes import scopes_disabled

from compliance import demo
from compliance.models import Journeyworker
from imt.permissions import Role
from tests.conftest import QuietCommand


def test_the_demo_compliance_page_shows_the_breach_and_the_probations(demo_world, client_for):
    response = client_for(demo_world.user("keystone", Role.SPONSOR_ADMIN)).get(reverse("compliance", args=["keystone"]))
    sections = {s.key: s for s in response.context["sections"]}
    frank = [b for b in sections["ratio"].rows if b.mentor and b.mentor.user.email == "mentor@keystone.example"]
    assert frank and frank[0].apprentices > 20 and frank[0].allowed == 1
    today = timezone.localdate()
    ends = {e.email: e.probation_end for e in sections["probation"].rows}
    assert ends["rowan.castellanos@keystone.example"] < today <= ends["quinn.abernathy@keystone.example"]
    assert sections["probation"].overdue >= 1
    with scopes_disabled():
        assert Journeyworker.objects.filter(name="Walter Brandt", membership__isnull=True).count() == 1
    outsider = client_for(demo_world.user("lakeshore", Role.EMPLOYER_ADMIN))
    assert outsider.get(reverse("compliance", args=["keystone"])).status_code == 404


def test_seeding_the_compliance_demo_again_changes_nothing(demo_world):
    with scopes_disabled():
        before = Journeyworker.objects.count()
        demo.seed(QuietCommand(), {})
        assert Journeyworker.objects.count() == before
