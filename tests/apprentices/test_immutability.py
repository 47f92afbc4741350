"""Signed history cannot be altered: not through the ORM, the admin, nor a raw SQL UPDATE/DELETE."""

import datetime

import pytest
from django.contrib import admin
from django.db import DatabaseError, connection, transaction
from django.test import RequestFactory
from django.utils import timezone

from apprentices.models import (
    ImmutableRecordError,
    OJTEntry,
    Signature,
    SignOffLevel,
    SignOffRevocation,
    SkillSignOff,
    StatusChange,
)

pytestmark = pytest.mark.usefixtures("in_keystone")


def raw(sql, *params):
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql, params)


def sign_off(make, enrollment):
    skill = make.skills(make.competency())[0]
    return SkillSignOff.objects.create(
        sponsor=make.sponsor, enrollment=enrollment, skill=skill, skill_key=skill.key, mentor=make.mentor,
        level=SignOffLevel.PROFICIENT, observed_on=timezone.localdate(), signature=make.signature(),
    )


def status_change(make, enrollment):
    return StatusChange.objects.create(
        sponsor=make.sponsor, enrollment=enrollment, kind=StatusChange.Kind.STATUS, effective_date=timezone.localdate(),
        from_status="probation", to_status="active", reason="Probation passed", by=make.employer_admin.user,
    )


# --- Raw SQL, on SQLite and on PostgreSQL -------------------------------------------------


def test_raw_sql_update_of_an_approved_entry_fails(make):
    entry = make.entry(make.enrollment(), status=OJTEntry.Status.APPROVED)
    with pytest.raises(DatabaseError):
        raw("UPDATE apprentices_ojtentry SET hours = 12 WHERE id = %s", entry.pk)
    entry.refresh_from_db()
    assert entry.hours == 8


def test_raw_sql_delete_of_an_approved_entry_fails(make):
    entry = make.entry(make.enrollment(), status=OJTEntry.Status.APPROVED)
    with pytest.raises(DatabaseError):
        raw("DELETE FROM apprentices_ojtentry WHERE id = %s", entry.pk)
    assert OJTEntry.objects.filter(pk=entry.pk).exists()


@pytest.mark.parametrize("status", [OJTEntry.Status.REJECTED, OJTEntry.Status.WITHDRAWN])
def test_raw_sql_update_of_a_rejected_or_withdrawn_entry_fails(make, status):
    entry = make.entry(make.enrollment(), status=status)
    with pytest.raises(DatabaseError):
        raw("UPDATE apprentices_ojtentry SET status = 'pending' WHERE id = %s", entry.pk)


def test_raw_sql_may_still_change_a_pending_entry(make):
    entry = make.entry(make.enrollment())
    raw("UPDATE apprentices_ojtentry SET hours = 6 WHERE id = %s", entry.pk)
    entry.refresh_from_db()
    assert entry.hours == 6


def test_raw_sql_update_of_a_sign_off_fails(make):
    record = sign_off(make, make.enrollment())
    with pytest.raises(DatabaseError):
        raw("UPDATE apprentices_skillsignoff SET level = 4 WHERE id = %s", record.pk)


def test_raw_sql_delete_of_a_sign_off_fails(make):
    record = sign_off(make, make.enrollment())
    with pytest.raises(DatabaseError):
        raw("DELETE FROM apprentices_skillsignoff WHERE id = %s", record.pk)
    assert SkillSignOff.objects.filter(pk=record.pk).exists()


def test_raw_sql_update_and_delete_of_a_signature_fail(make):
    signature = make.signature()
    with pytest.raises(DatabaseError):
        raw("UPDATE apprentices_signature SET printed_name = 'Someone else' WHERE id = %s", signature.pk)
    with pytest.raises(DatabaseError):
        raw("DELETE FROM apprentices_signature WHERE id = %s", signature.pk)


def test_raw_sql_update_and_delete_of_status_history_fail(make):
    change = status_change(make, make.enrollment())
    with pytest.raises(DatabaseError):
        raw("UPDATE apprentices_statuschange SET effective_date = %s WHERE id = %s", datetime.date(2020, 1, 1),
            change.pk)
    with pytest.raises(DatabaseError):
        raw("DELETE FROM apprentices_statuschange WHERE id = %s", change.pk)


def test_raw_sql_update_and_delete_of_a_revocation_fail(make):
    record = sign_off(make, make.enrollment())
    revocation = SignOffRevocation.objects.create(
        sponsor=make.sponsor, sign_off=record, reason="Observed on the wrong press", by=make.mentor.user,
        signature=make.signature(),
    )
    with pytest.raises(DatabaseError):
        raw("UPDATE apprentices_signoffrevocation SET reason = '' WHERE id = %s", revocation.pk)
    with pytest.raises(DatabaseError):
        raw("DELETE FROM apprentices_signoffrevocation WHERE id = %s", revocation.pk)


# --- The ORM ---------------------------------------------------------------------------


def _approved_entry(make):
    entry = make.entry(make.enrollment(), status=OJTEntry.Status.APPROVED)
    entry = OJTEntry.objects.get(pk=entry.pk)
    entry.hours = 2
    return entry


def _sign_off(make):
    record = sign_off(make, make.enrollment())
    record.comment = "changed"
    return record


@pytest.mark.parametrize("changed", [_approved_entry, _sign_off], ids=["approved entry", "sign-off"])
def test_a_decided_record_refuses_save_and_delete(make, changed):
    record = changed(make)
    with pytest.raises(ImmutableRecordError):
        record.save()
    with pytest.raises(ImmutableRecordError):
        record.delete()


def test_a_queryset_update_touching_an_approved_entry_is_refused(make):
    enrollment = make.enrollment()
    make.entry(enrollment)
    make.entry(enrollment, status=OJTEntry.Status.APPROVED)
    with pytest.raises(ImmutableRecordError):
        OJTEntry.objects.filter(enrollment=enrollment).update(hours=1)
    with pytest.raises(ImmutableRecordError):
        OJTEntry.objects.filter(enrollment=enrollment).delete()


def test_a_pending_entry_can_be_saved(make):
    entry = OJTEntry.objects.get(pk=make.entry(make.enrollment()).pk)
    entry.hours = 4
    entry.save()
    assert OJTEntry.objects.get(pk=entry.pk).hours == 4


@pytest.mark.parametrize("model", [Signature, SkillSignOff, StatusChange, SignOffRevocation])
def test_append_only_querysets_refuse_update_and_delete(model):
    with pytest.raises(ImmutableRecordError):
        model.objects.all().update(pk=1)
    with pytest.raises(ImmutableRecordError):
        model.objects.all().delete()


def test_a_signature_hash_verifies_its_content(make):
    signature = make.signature()
    assert signature.verify()
    signature.content = {"test": "tampered"}
    assert not signature.verify()


# --- The admin -------------------------------------------------------------------------


@pytest.mark.parametrize("model", [OJTEntry, Signature, SkillSignOff, StatusChange, SignOffRevocation])
def test_the_admin_cannot_change_or_delete_signed_history(model, world):
    model_admin = admin.site._registry.get(model)
    if model_admin is None:
        return  # not in the admin at all
    request = RequestFactory().get("/")
    request.user = world.user("keystone", "sponsor_admin")
    request.user.is_superuser = True
    assert not model_admin.has_change_permission(request)
    assert not model_admin.has_delete_permission(request)
