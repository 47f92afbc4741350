"""Confirming a roster import: enrollments through the services, invitations sent, once; the same file
again creates nothing; an employer admin imports for their own employer only."""

import pytest
from django.core import mail
from django.urls import reverse
from django_scopes import scopes_disabled

from apprentices.models import Enrollment
from imports.models import RosterImport, RosterImportRow
from imt.permissions import Role
from programs.models import Invitation
from tests.apprentices.conftest import Factory
from tests.imports.conftest import START, csv_file, row

pytestmark = pytest.mark.django_db
A, Out = RosterImportRow.Action, RosterImportRow.Outcome


def the_import(**filters):
    with scopes_disabled():
        return RosterImport.objects.get(**filters)


def enrollments(**filters):
    with scopes_disabled():
        return Enrollment.objects.filter(**filters)


@pytest.fixture
def confirm(client_for, world, django_capture_on_commit_callbacks):
    def send(member, roster_import):
        with django_capture_on_commit_callbacks(execute=True):
            return client_for(member.user).post(
                reverse("roster_import_confirm", args=[world.a.slug, roster_import.pk]), follow=True)

    return send


def test_confirming_enrolls_the_new_apprentices_and_e_mails_their_invitations(admin, upload, confirm):
    upload(admin, csv_file([row(1), row(2, email="Second.Person@Example.com", veteran_status="veteran"),
                            row(3, employer="Nowhere")]))
    response = confirm(admin, the_import())
    roster_import = the_import()
    assert roster_import.status == RosterImport.Status.DONE
    assert (roster_import.created, roster_import.updated, roster_import.failed) == (2, 0, 0)
    assert "Imported: 2 enrolled, 0 updated." in response.content.decode()
    with scopes_disabled():
        second = Enrollment.objects.select_related("demographics", "invitation").get(email="second.person@example.com")
        assert (second.full_name, second.start_date, second.employer.name) == ("Apprentice 2", START,
                                                                              "Penn Precision Plastics")
        assert [a.mentor.user.email for a in second.mentor_assignments.all()] == ["mentor@keystone.example"]
        assert (second.demographics.veteran_status, second.demographics.state, str(second.demographics.date_of_birth)
                ) == ("veteran", "PA", "2001-05-04")
        assert second.invitation.role == Role.APPRENTICE
        assert second.agreements.count() == 1  # produced on commit, as when enrolling by hand
        outcomes = dict(RosterImportRow.objects.filter(roster_import=roster_import).values_list("number", "outcome"))
    assert outcomes == {2: Out.CREATED, 3: Out.CREATED, 4: Out.SKIPPED}
    assert sorted(m.to[0] for m in mail.outbox) == ["new1@example.com", "second.person@example.com"]


def test_an_update_changes_the_registration_answers_and_keeps_the_others(admin, upload, confirm, world):
    upload(admin, csv_file([row(1, email="apprentice@keystone.example", sex="male", veteran_status="",
                                date_of_birth="", zip="")]))
    with scopes_disabled():
        enrollment = Enrollment.objects.get(email="apprentice@keystone.example")
    with scopes_disabled():  # the row says which columns change
        assert RosterImportRow.objects.get().changes == ["sex", "state"]
    confirm(admin, the_import())
    with scopes_disabled():
        enrollment.demographics.refresh_from_db()
        assert (enrollment.demographics.sex, enrollment.demographics.state) == ("male", "PA")
        assert Enrollment.objects.filter(email="apprentice@keystone.example").count() == 1
    assert the_import().updated == 1
    # The same cells again: nothing left to change.
    upload(admin, csv_file([row(1, email="apprentice@keystone.example", sex="male", veteran_status="",
                                date_of_birth="", zip="", name="Tyler Nguyen")]))
    with scopes_disabled():
        assert RosterImport.objects.order_by("-pk").first().rows.get().action == A.UNCHANGED


def test_uploading_the_same_file_again_shows_the_earlier_import_and_creates_nothing(admin, upload, confirm):
    content = csv_file([row(1), row(2)])
    upload(admin, content)
    confirm(admin, the_import())
    sent = len(mail.outbox)
    response = upload(admin, content)
    assert "This file was uploaded on" in response.content.decode()
    assert response.redirect_chain[-1][0].endswith(f"/imports/roster/{the_import().pk}/")
    assert enrollments(email__in=["new1@example.com", "new2@example.com"]).count() == 2
    assert len(mail.outbox) == sent
    # The same rows in another file (another SHA-256): every row is unchanged, nothing to import.
    response = upload(admin, csv_file([row(1), row(2)]) + b"\n")
    with scopes_disabled():
        newest = RosterImport.objects.order_by("-pk").first()
    assert (newest.unchanged, newest.to_create, newest.to_update) == (2, 0, 0)
    assert "There is nothing to import" in response.content.decode()


def test_confirming_twice_imports_once(admin, upload, confirm):
    upload(admin, csv_file([row(1)]))
    roster_import = the_import()
    confirm(admin, roster_import)
    confirm(admin, roster_import)
    assert enrollments(email="new1@example.com").count() == 1
    assert len(mail.outbox) == 1
    with scopes_disabled():
        assert Invitation.objects.filter(email="new1@example.com").count() == 1


def test_a_row_that_fails_when_importing_is_recorded_and_the_others_go_on(admin, upload, confirm, monkeypatch):
    from apprentices.services import enrollments as enrolling

    upload(admin, csv_file([row(1), row(2), row(3)]))

    def ratio_breach(*, enrollment, **kwargs):
        from django.core.exceptions import ValidationError

        if enrollment.email == "new2@example.com":
            raise ValidationError({"mentors": "Frank Miller already mentors too many apprentices."})

    monkeypatch.setattr(enrolling, "ASSIGNMENT_CHECKS", [ratio_breach])
    response = confirm(admin, the_import())
    assert "1 row failed when importing" in response.content.decode()
    with scopes_disabled():
        failed = RosterImportRow.objects.get(outcome=Out.FAILED)
    assert (failed.number, failed.errors) == (3, {"mentor": ["Frank Miller already mentors too many apprentices."]})
    assert sorted(enrollments(email__startswith="new").values_list("email", flat=True)) == [
        "new1@example.com", "new3@example.com"]
    assert sorted(m.to[0] for m in mail.outbox) == ["new1@example.com", "new3@example.com"]


def test_an_employer_admin_imports_for_their_own_employer_only(employer_admin, upload, confirm):
    upload(employer_admin, csv_file([row(1, employer=""), row(2, employer="Allegheny Metal Works")]))
    roster_import = the_import()
    assert roster_import.employer == employer_admin.employer
    with scopes_disabled():
        refused = roster_import.rows.get(number=3)
    assert refused.action == A.REFUSED
    assert refused.errors["employer"] == ["You may import apprentices of Penn Precision Plastics only."]
    confirm(employer_admin, roster_import)
    assert enrollments(email="new1@example.com", employer=employer_admin.employer).count() == 1
    assert not enrollments(email="new2@example.com").exists()


def test_an_employer_admin_does_not_see_another_employers_imports(admin, employer_admin, upload, client_for, world,
                                                                   allegheny):
    with scopes_disabled():
        other_admin = Factory(world).member(Role.EMPLOYER_ADMIN, employer=allegheny)
    upload(other_admin, csv_file([row(1, employer="Allegheny Metal Works")]))
    upload(admin, csv_file([row(2)]))
    with scopes_disabled():
        theirs, sponsors = RosterImport.objects.order_by("pk")
    client = client_for(employer_admin.user)
    for roster_import in (theirs, sponsors):
        assert client.get(reverse("roster_import", args=[world.a.slug, roster_import.pk])).status_code == 404
        assert client.post(reverse("roster_import_confirm", args=[world.a.slug, roster_import.pk])).status_code == 404
    page = client.get(reverse("roster_import_upload", args=[world.a.slug])).content.decode()
    assert "roster.csv" not in page
    # The same file as another employer's import is a new import of their own, not a view of the other's.
    upload(employer_admin, csv_file([row(1, employer="Allegheny Metal Works")]))
    with scopes_disabled():
        assert RosterImport.objects.filter(employer=employer_admin.employer).count() == 1


def test_the_roster_links_to_the_import_for_those_who_may(client_for, world):
    for role, shown in [(Role.SPONSOR_ADMIN, True), (Role.EMPLOYER_ADMIN, True), (Role.SPONSOR_REVIEWER, False),
                        (Role.MENTOR, False)]:
        page = client_for(world.user("keystone", role)).get(reverse("roster", args=[world.a.slug])).content.decode()
        assert ("Import a roster" in page) is shown, role
