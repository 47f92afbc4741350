"""Every tenant-owned model is scoped: a query outside a sponsor's scope fails."""

import pytest
from django.apps import apps
from django.conf import settings
from django_scopes import ScopeError, scope

# The tenant itself and the people who sign in belong to no single sponsor; tasks waiting for the broker
# (imt.DeferredTask) belong to the platform, carry only ids, and are seen by operators alone.
UNSCOPED = {"imt.User", "programs.Sponsor", "imt.DeferredTask"}


def project_models():
    for model in apps.get_models():
        if apps.get_app_config(model._meta.app_label).name in settings.PROJECT_APPS:
            yield model


def test_the_walk_finds_the_project_models():
    labels = {m._meta.label for m in project_models()}
    assert {"programs.Employer", "programs.Membership", "programs.Invitation"} <= labels


@pytest.mark.parametrize("model", [m for m in project_models() if m._meta.label not in UNSCOPED], ids=str)
def test_tenant_owned_model_refuses_unscoped_queries(model, world):
    with pytest.raises(ScopeError):
        list(model.objects.all())
    with pytest.raises(ScopeError):
        model.objects.filter(pk=1).exists()
    with scope(sponsor=world.a):
        list(model.objects.all()[:1])  # inside the scope the same query works


@pytest.mark.parametrize("model", [m for m in project_models() if m._meta.label not in UNSCOPED], ids=str)
def test_tenant_owned_model_has_a_sponsor(model):
    field_names = {f.name for f in model._meta.get_fields()}
    assert "sponsor" in field_names, f"{model._meta.label} has no sponsor field to scope by"
