"""Issuing a verifiable transcript, the public verification page, revocation and amendment, and the
database's refusal to change an issued transcript."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test import Client
from django.utils import timezone
from django_scopes import scope, scopes_disabled

from apprentices.models.append_only import ImmutableRecordError
from imt.permissions import Role
from tests.db import refused
from tests.transcripts.conftest import pdf_text
from transcripts import services, throttle
from transcripts.models import TranscriptIssue, TranscriptRevocation, grouped

pytestmark = pytest.mark.django_db


def issue_as(client, enrollment):
    response = client.post(f"/keystone/transcripts/enrollments/{enrollment.pk}/")
    assert response.status_code == 302
    with scopes_disabled():
        return TranscriptIssue.objects.filter(enrollment=enrollment).order_by("-pk").first()


def verify(code):
    return Client().get(f"/verify/{code}/")


def test_the_apprentice_issues_their_transcript_and_anyone_verifies_it(record, world, client_for):
    from apprentices.services import demographics_save

    with scopes_disabled():
        apprentice = record.apprentice
        demographics_save(enrollment=record, by=apprentice.user, date_of_birth=datetime.date(1979, 4, 17))
        issue = issue_as(client_for(apprentice.user), record)
    assert issue.issued_by == apprentice.user and len(issue.code) == 16
    assert issue.summary["name"] == "Jordan Avery"

    response = verify(issue.code)
    assert response.status_code == 200
    body = response.content.decode()
    assert issue.content_hash in body and grouped(issue.code) in body
    assert "Jordan Avery" in body and record.program.name in body and "Valid." in body
    assert "noindex" in response["X-Robots-Tag"]
    # No other personal data: not the e-mail, the employer, the start date, the sign-offs or the courses.
    for private in (record.email, apprentice.user.email, record.employer.name, "1979", "April 17", "Observed on",
                    record.start_date.strftime("%B %-d, %Y")):
        assert private not in body, private
    # The code as printed (grouped, any case) finds the same page.
    assert verify(grouped(issue.code).lower()).status_code == 200


def test_the_issued_pdf_prints_code_hash_and_address(record, world, client_for):
    issue = issue_as(client_for(world.user("keystone", Role.EMPLOYER_ADMIN)), record)
    response = client_for(world.user("keystone", Role.SPONSOR_ADMIN)).get(
        f"/keystone/transcripts/issues/{issue.pk}/pdf/")
    text = pdf_text(response.content)
    assert grouped(issue.code) in text
    assert issue.content_hash in text.replace(" ", "")
    assert f"/verify/{issue.code}/" in text


@pytest.mark.parametrize("code", ["AAAAAAAAAAAAAAAA", "not-a-code", "A" * 40])
def test_an_unknown_code_is_refused(code, world):
    response = verify(code)
    assert response.status_code == 404
    assert "not a valid verification code" in response.content.decode()


def test_a_tampered_code_is_refused(record, world, client_for):
    issue = issue_as(client_for(world.user("keystone", Role.SPONSOR_ADMIN)), record)
    tampered = ("B" if issue.code[0] != "B" else "C") + issue.code[1:]
    assert verify(tampered).status_code == 404
    assert verify(issue.code[:-1]).status_code == 404


def test_the_form_sends_a_typed_code_to_its_page(world):
    response = Client().get("/verify/", {"code": "abcd-efgh ijkl-mnop"})
    assert response.status_code == 302 and response["Location"] == "/verify/ABCDEFGHIJKLMNOP/"
    assert Client().get("/verify/").status_code == 200


def test_a_record_changed_after_issue_shows_as_amended(record, world, client_for):
    from apprentices.services import enrollment_change_status

    issue = issue_as(client_for(world.user("keystone", Role.SPONSOR_ADMIN)), record)
    with scopes_disabled():
        enrollment_change_status(enrollment=record, to_status="suspended", effective_date=timezone.localdate(),
                                 reason="Laid off for the season", by=world.user("keystone", Role.EMPLOYER_ADMIN))
    body = verify(issue.code).content.decode()
    assert "amended since issue on" in body
    assert "Laid off" not in body  # the reason is the record's, not the public page's
    page = client_for(world.user("keystone", Role.SPONSOR_ADMIN)).get(
        f"/keystone/transcripts/enrollments/{record.pk}/").content.decode()
    assert "Record amended since issue" in page


def test_the_sponsor_admin_revokes_with_a_reason(record, world, client_for):
    issue = issue_as(client_for(world.user("keystone", Role.EMPLOYER_ADMIN)), record)
    revoke = f"/keystone/transcripts/issues/{issue.pk}/revoke/"
    assert client_for(world.user("keystone", Role.EMPLOYER_ADMIN)).post(revoke, {"reason": "x"}).status_code == 403
    admin = client_for(world.user("keystone", Role.SPONSOR_ADMIN))
    assert "This field is required" in admin.post(revoke, {"reason": "  "}).content.decode()
    response = admin.post(revoke, {"reason": "Issued to the wrong person"})
    assert response.status_code == 302
    body = verify(issue.code).content.decode()
    assert "Revoked." in body and "Issued to the wrong person" not in body
    with scopes_disabled():
        assert TranscriptRevocation.objects.filter(issue=issue).count() == 1
        from django.core.exceptions import ValidationError

        with pytest.raises(ValidationError):
            services.transcript_revoke(issue=issue, by=world.member("keystone", Role.SPONSOR_ADMIN), reason="again")


def test_issuing_an_unchanged_record_again_hands_back_the_same_code(record, world):
    admin = world.member("keystone", Role.SPONSOR_ADMIN)
    with scope(sponsor=world.a):
        first = services.transcript_issue(enrollment=record, by=admin)
        assert services.transcript_issue(enrollment=record, by=admin) == first  # a retried request
        services.transcript_revoke(issue=first, by=admin, reason="Issued too early")
        assert services.transcript_issue(enrollment=record, by=admin) != first  # a revoked code is not reused


def test_only_those_who_see_the_record_issue_it(record, world):
    from tests.imt.test_access_registry import _apprentice_enrollment

    with scopes_disabled():
        other_apprentice = _apprentice_enrollment(world).apprentice
        for member in (other_apprentice, world.member("keystone", Role.MENTOR),
                       world.member("keystone", Role.SPONSOR_REVIEWER), world.member("lakeshore", Role.SPONSOR_ADMIN)):
            with pytest.raises(PermissionDenied):
                services.transcript_issue(enrollment=record, by=member)


def test_guessing_codes_is_throttled(world, monkeypatch):
    monkeypatch.setattr(throttle, "UNKNOWN_CODES_ALLOWED", 3)
    for _ in range(3):
        assert verify("AAAAAAAAAAAAAAAA").status_code == 404
    response = verify("AAAAAAAAAAAAAAAB")
    assert response.status_code == 429 and response["Retry-After"]


def test_issued_transcripts_and_revocations_never_change(record, world):
    with scopes_disabled():
        issue = services.transcript_issue(enrollment=record, by=world.member("keystone", Role.SPONSOR_ADMIN))
        revocation = services.transcript_revoke(issue=issue, by=world.member("keystone", Role.SPONSOR_ADMIN),
                                                reason="Test")
        with pytest.raises(ImmutableRecordError):
            TranscriptIssue.objects.filter(pk=issue.pk).update(content_hash="0" * 64)
        with pytest.raises(ImmutableRecordError):
            issue.delete()
    table, revocations = TranscriptIssue._meta.db_table, TranscriptRevocation._meta.db_table
    assert refused(f"UPDATE {table} SET content_hash = %s WHERE id = %s", "0" * 64, issue.pk)
    assert refused(f"UPDATE {table} SET summary = %s WHERE id = %s", '{"name": "Someone Else"}', issue.pk)
    assert refused(f"DELETE FROM {table} WHERE id = %s", issue.pk)
    assert refused(f"UPDATE {revocations} SET reason = %s WHERE id = %s", "changed", revocation.pk)
    assert refused(f"DELETE FROM {revocations} WHERE id = %s", revocation.pk)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT content_hash FROM {table} WHERE id = %s", [issue.pk])
        assert cursor.fetchone()[0] == issue.content_hash


def test_the_demo_issues_one_transcript_to_the_completed_apprentice(world):
    import io

    from tests.completion.factories import make_eligible
    from transcripts import demo

    with scopes_disabled():
        enrollment = make_eligible(world, name="Sam Whitaker")
        command = type("Command", (), {"stdout": io.StringIO()})()
        demo.seed(command, {})
        demo.seed(command, {})
        assert TranscriptIssue.objects.filter(enrollment=enrollment).count() == 1


def test_the_verification_pages_are_public_not_sponsor_pages(world):
    """The access registry walks sponsor pages with real ids; these are declared PUBLIC, answer without a
    sign-in, and a sponsor's slug can never be "verify"."""
    from django.core.exceptions import ValidationError
    from django.urls import resolve

    from imt.access import PUBLIC, access_for
    from programs.models import validate_not_reserved

    for path in ("/verify/", "/verify/ABCDEFGHIJKLMNOP/"):
        assert access_for(resolve(path)) == PUBLIC
    assert Client().get("/verify/").status_code == 200
    with pytest.raises(ValidationError):
        validate_not_reserved("verify")


def test_the_verification_page_reads_a_bounded_number_of_queries(
    record, world, client_for, django_assert_max_num_queries
):
    issue = issue_as(client_for(world.user("keystone", Role.SPONSOR_ADMIN)), record)
    with django_assert_max_num_queries(22):
        assert verify(issue.code).status_code == 200
