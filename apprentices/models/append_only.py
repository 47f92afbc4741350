"""The machinery of append-only records: a row inserted once and never changed or deleted, in the ORM
(here) and in the database (the triggers of apprentices/protected.py)."""

from typing import Any, ClassVar

from django.db import models
from django_scopes import ScopedManager

from programs.models import SponsorRecord


class ImmutableRecordError(Exception):
    """Raised on an attempt to change or delete a record that is kept as signed history."""


class AppendOnlyQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise ImmutableRecordError(f"{self.model._meta.verbose_name_plural} are append-only and are never updated.")

    def delete(self):
        raise ImmutableRecordError(f"{self.model._meta.verbose_name_plural} are append-only and are never deleted.")


class AppendOnlyModel(SponsorRecord):
    """A record of one sponsor that is inserted once and then never changes."""

    objects: ClassVar[models.Manager[Any]] = ScopedManager(
        _manager_class=models.Manager.from_queryset(AppendOnlyQuerySet), sponsor="sponsor"
    )

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise ImmutableRecordError(f"A {self._meta.verbose_name} is append-only and is never updated.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ImmutableRecordError(f"A {self._meta.verbose_name} is append-only and is never deleted.")


def scoped(queryset_class=models.QuerySet):
    return ScopedManager(_manager_class=models.Manager.from_queryset(queryset_class), sponsor="sponsor")
