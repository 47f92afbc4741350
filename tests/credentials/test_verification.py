"""A verified credential is kept as it was verified: a correction is a new credential that replaces it and
is verified again (the review found that a raw UPDATE could rewrite a verified credential)."""

from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.db import DatabaseError, connection, transaction
from django_scopes import scope

from credentials import services
from credentials.models import Credential
from imt.permissions import Role
from tests.credentials.conftest import upload
from tests.credentials.test_uploads import PNG, recorded_credential


def verified_credential(world):
    credential = recorded_credential(world)
    with scope(sponsor=world.a):
        return services.credential_verify(credential=credential, by=world.member("keystone", Role.SPONSOR_ADMIN))


def test_correcting_a_verified_credential_records_a_new_one_that_is_verified_again(world, client_for):
    verified = verified_credential(world)
    apprentice = client_for(world.user("keystone", Role.APPRENTICE))
    page = apprentice.get(f"/keystone/credentials/{verified.pk}/edit/").content.decode()
    assert "records a corrected credential" in page
    response = apprentice.post(f"/keystone/credentials/{verified.pk}/edit/", {
        "apprentice": verified.apprentice_id, "credential_type": verified.credential_type_id,
        "earned_on": "2025-06-01", "number": "OSHA-78",
    })
    assert response.status_code == 302
    with scope(sponsor=world.a):
        kept = Credential.objects.get(pk=verified.pk)
        correction = Credential.objects.get(replaces=verified)
        assert (kept.number, kept.is_verified) == ("OSHA-77", True)
        assert (correction.number, correction.is_verified) == ("OSHA-78", False)
        assert correction.evidence.name == kept.evidence.name and Path(kept.evidence.path).exists()
        current = set(Credential.objects.current().filter(apprentice=verified.apprentice).values_list("pk", flat=True))
        assert correction.pk in current and verified.pk not in current
    transcript = apprentice.get(f"/keystone/records/{verified.apprentice_id}/").content.decode()
    assert "OSHA-78" in transcript and "OSHA-77" not in transcript
    # The replaced record is neither edited nor verified again.
    assert apprentice.get(f"/keystone/credentials/{verified.pk}/edit/").status_code == 404
    admin = client_for(world.user("keystone", Role.SPONSOR_ADMIN))
    assert admin.post(f"/keystone/credentials/{verified.pk}/verify/").status_code == 404


def test_a_new_evidence_file_for_a_verified_credential_keeps_the_verified_file(world):
    verified = verified_credential(world)
    with scope(sponsor=world.a):
        correction = services.credential_update(credential=verified, by=verified.apprentice,
                                                evidence=upload("new.png", PNG, "image/png"))
        assert correction.pk != verified.pk and correction.evidence.name.endswith(".png")
        assert Path(Credential.objects.get(pk=verified.pk).evidence.path).exists()
        with pytest.raises(ValidationError, match="corrected since"):
            services.credential_update(credential=verified, by=verified.apprentice, number="X")


def test_an_unverified_credential_is_still_corrected_in_place(world):
    credential = recorded_credential(world)
    with scope(sponsor=world.a):
        updated = services.credential_update(credential=credential, by=credential.apprentice, number="OSHA-99")
        assert updated.pk == credential.pk and Credential.objects.get(pk=credential.pk).number == "OSHA-99"


def test_the_database_refuses_to_rewrite_or_delete_a_verified_credential(world):
    verified = verified_credential(world)
    for sql in ("UPDATE credentials_credential SET expires_on = '2099-12-31' WHERE id = %s",
                "UPDATE credentials_credential SET verified_at = NULL WHERE id = %s",
                "DELETE FROM credentials_credential WHERE id = %s"):
        with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql, [verified.pk])
    with scope(sponsor=world.a):
        assert Credential.objects.get(pk=verified.pk).is_verified
