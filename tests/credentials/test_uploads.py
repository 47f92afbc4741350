import datetime
from pathlib import Path

import pytest
from django.db import transaction
from django_scopes import scope

from credentials import services as credential_services
from credentials.models import Credential, CredentialType
from imt.permissions import Role
from tests.credentials.conftest import upload
from tests.files import image_bytes, open_action_javascript, pdf_bytes

ELF = b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 200
PE = b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 200
EXTENSIONS = {"application/pdf": ".pdf", "image/png": ".png", "image/jpeg": ".jpg"}
PNG = image_bytes("PNG")
JPEG = image_bytes("JPEG")


def post_credential(world, client, evidence):
    apprentice = world.member("keystone", Role.APPRENTICE)
    with scope(sponsor=world.a):
        osha = CredentialType.objects.get(sponsor=world.a, name="OSHA 10-Hour General Industry")
    return client.post("/keystone/credentials/new/", {
        "apprentice": apprentice.pk, "credential_type": osha.pk, "earned_on": "2025-06-01", "number": "OSHA-77",
        "evidence": evidence,
    })


def stored_files(evidence_dir):
    return [p for p in evidence_dir.rglob("*") if p.is_file()] if evidence_dir.exists() else []


@pytest.mark.parametrize(("name", "content", "message"), [
    ("certificate.pdf", PE, "This file is a program, not a document"),
    ("certificate.pdf", ELF, "This file is a program, not a document"),
    ("certificate.pdf", b"", "The file is empty"),
    ("certificate.docx", b"PK\x03\x04" + b"\x00" * 100, "Only PDF, JPEG and PNG files are accepted"),
    ("certificate.txt", b"I passed OSHA 10, honest.", "Only PDF, JPEG and PNG files are accepted"),
    ("certificate.pdf", b"%PDF-1.4\n" + b"0" * (10 * 1024 * 1024), "evidence files may be at most 10 MB"),
    ("certificate.pdf", pdf_bytes(open_action_javascript), "This PDF contains scripts or embedded files"),
    ("certificate.pdf", b"<html><script>alert(1)</script>" + pdf_bytes(), "does not start as a PDF does"),
    ("card.png", b"\x89PNG\r\n\x1a\n<script>alert(1)</script>", "not really a PNG or JPEG"),
], ids=["executable renamed pdf", "elf renamed pdf", "empty", "word document", "text", "over 10 MB",
        "pdf with a script", "web page with a pdf behind it", "png signature then html"])
def test_a_bad_evidence_file_is_refused_with_a_clear_message_and_nothing_is_stored(
    world, client_for, evidence_dir, name, content, message
):
    with scope(sponsor=world.a):
        before = Credential.objects.filter(sponsor=world.a).count()
    client = client_for(world.user("keystone", Role.APPRENTICE))
    files_before = stored_files(evidence_dir)
    response = post_credential(world, client, upload(name, content))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert 'value="OSHA-77"' in response.content.decode()  # what was typed is kept
    with scope(sponsor=world.a):
        assert Credential.objects.filter(sponsor=world.a).count() == before
    assert stored_files(evidence_dir) == files_before


@pytest.mark.parametrize(("name", "content", "content_type"), [
    ("card.pdf", None, "application/pdf"), ("card-photo.PNG", PNG, "image/png"), ("scan", JPEG, "image/jpeg"),
], ids=["pdf", "png", "jpeg without extension"])
def test_pdf_png_and_jpeg_are_accepted_by_their_content_and_stored_outside_public_urls(
    world, client_for, evidence_dir, settings, name, content, content_type
):
    client = client_for(world.user("keystone", Role.APPRENTICE))
    evidence = upload(name) if content is None else upload(name, content, "application/octet-stream")
    assert post_credential(world, client, evidence).status_code == 302
    with scope(sponsor=world.a):
        credential = Credential.objects.filter(sponsor=world.a, number="OSHA-77").get()
    assert credential.evidence_content_type == content_type
    assert credential.evidence.name.startswith(f"evidence/{world.a.pk}/")
    assert name not in credential.evidence.name  # stored under an unguessable name
    assert credential.evidence.name.endswith(EXTENSIONS[content_type])  # of the verified type
    assert not getattr(settings, "MEDIA_URL", "").strip("/") or all(
        "media" not in str(p.pattern) for p in __import__("imt.urls").urls.urlpatterns
    )
    response = client.get(f"/keystone/credentials/{credential.pk}/evidence/")
    assert response.status_code == 200 and response["Content-Type"] == content_type
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"].startswith("sandbox;")  # the browser runs nothing in it
    assert response["Content-Disposition"] == (
        f'inline; filename="credential-evidence-{credential.pk}{EXTENSIONS[content_type]}"'
    )


def recorded_credential(world):
    apprentice = world.member("keystone", Role.APPRENTICE)
    with scope(sponsor=world.a):
        return credential_services.credential_record(
            apprentice=apprentice, by=apprentice, earned_on=datetime.date(2025, 6, 1), number="OSHA-77",
            credential_type=CredentialType.objects.get(sponsor=world.a, name="OSHA 10-Hour General Industry"),
            evidence=upload("first scan.pdf"),
        )


def test_replacing_the_evidence_removes_the_old_file_once_the_change_is_saved(
    world, client_for, django_capture_on_commit_callbacks
):
    credential = recorded_credential(world)
    old = credential.evidence.path
    client = client_for(world.user("keystone", Role.APPRENTICE))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/keystone/credentials/{credential.pk}/edit/", {
            "apprentice": credential.apprentice_id, "credential_type": credential.credential_type_id,
            "earned_on": "2025-06-01", "number": "OSHA-77", "evidence": upload("second scan.png", PNG, "image/png"),
        })
    assert response.status_code == 302
    credential.refresh_from_db()
    assert credential.evidence.name.endswith(".png") and Path(credential.evidence.path).exists()
    assert not Path(old).exists()


def test_a_replacement_that_is_rolled_back_keeps_the_old_file(world, django_capture_on_commit_callbacks):
    credential = recorded_credential(world)
    old = credential.evidence.path
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError), scope(sponsor=world.a):
        with transaction.atomic():
            credential_services.credential_update(
                credential=credential, by=credential.apprentice, evidence=upload("second.png", PNG, "image/png"),
            )
            raise RuntimeError("something after the replacement failed")
    with scope(sponsor=world.a):
        credential = Credential.objects.get(pk=credential.pk)
    assert credential.evidence.path == old and Path(old).exists()
