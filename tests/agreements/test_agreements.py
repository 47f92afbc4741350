"""The apprenticeship agreement: produced at enrollment, signed by its three parties, amended by a
transfer or credit granted, its PDF, and its records that never change."""

import shutil
import subprocess

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from agreements import selectors, services
from agreements.models import Agreement, AgreementSignature, Party
from agreements.pdf import render_agreement
from apprentices import services as apprentice_services
from apprentices.models.append_only import ImmutableRecordError
from imt.permissions import Role
from rti.demo import demo_pdf
from tests.apprentices.conftest import days_ago
from tests.db import refused

pytestmark = pytest.mark.django_db


def sign_all(enrollment, make, apprentice):
    agreement = selectors.current_agreement(enrollment).agreement
    signers = [(apprentice, Party.APPRENTICE), (make.employer_admin, Party.EMPLOYER),
               (make.sponsor_admin, Party.SPONSOR)]
    for by, party in signers:
        services.agreement_sign(agreement=agreement, by=by, party=party, password_confirmed_at=timezone.now())
    return agreement


def test_enrolling_produces_the_original_agreement_from_the_standards_version(make, produced):
    apprentice = make.apprentice(name="Rita Moreno")
    enrollment = produced(apprentice=apprentice)
    [agreement] = Agreement.objects.filter(enrollment=enrollment)
    assert (agreement.number, agreement.reason) == (1, Agreement.Reason.ORIGINAL)
    assert agreement.status_change.kind == "enrolled"
    terms = agreement.content
    standards = enrollment.standards_version
    assert terms["apprentice"]["name"] == "Rita Moreno"
    assert terms["employer"]["name"] == "Penn Precision Plastics"
    assert terms["term"]["months"] == standards.term_months
    assert terms["rti"]["hours"] == standards.rti_hours_required
    assert [s["hourly_rate"] for s in terms["wages"]["steps"]] == ["15.90", "18.55"]  # 60 % and 70 % of $26.50
    assert terms["amendment"] is None
    assert selectors.current_agreement(enrollment).status == selectors.PENDING


def test_an_enrollment_rolled_back_produces_nothing_and_a_repeat_produces_no_second_original(make, produced, now):
    enrollment = produced()
    agreement = Agreement.objects.get(enrollment=enrollment)
    again = services.agreement_for_status_change(agreement.status_change)
    assert again == agreement
    assert services.agreement_produce(enrollment=enrollment, reason="original", by=make.sponsor_admin.user) == agreement
    assert Agreement.objects.filter(enrollment=enrollment).count() == 1


def test_pending_until_all_three_parties_have_signed(make, produced, now):
    apprentice = make.apprentice()
    enrollment = produced(apprentice=apprentice)
    agreement = selectors.current_agreement(enrollment).agreement
    steps = [(apprentice, Party.APPRENTICE), (make.employer_admin, Party.EMPLOYER), (make.sponsor_admin, Party.SPONSOR)]
    for count, (by, party) in enumerate(steps, start=1):
        assert selectors.current_agreement(enrollment).status == selectors.PENDING
        signed = services.agreement_sign(agreement=agreement, by=by, party=party, password_confirmed_at=now)
        assert signed.signature.signer == by.user
        assert signed.signature.content["agreement_hash"] == agreement.content_hash
        assert selectors.current_agreement(enrollment).signed_count == count
    assert selectors.current_agreement(enrollment).status == selectors.SIGNED


def test_a_party_signs_once_and_needs_a_fresh_password(make, produced, now):
    apprentice = make.apprentice()
    agreement = selectors.current_agreement(produced(apprentice=apprentice)).agreement
    with pytest.raises(ValidationError) as error:
        services.agreement_sign(agreement=agreement, by=apprentice, party=Party.APPRENTICE, password_confirmed_at=None)
    assert "password" in error.value.message_dict
    services.agreement_sign(agreement=agreement, by=apprentice, party=Party.APPRENTICE, password_confirmed_at=now)
    with pytest.raises(ValidationError, match="already signed"):
        services.agreement_sign(agreement=agreement, by=apprentice, party=Party.APPRENTICE, password_confirmed_at=now)


def test_the_wrong_party_cannot_sign(make, produced, now):
    apprentice = make.apprentice()
    agreement = selectors.current_agreement(produced(apprentice=apprentice)).agreement
    other_apprentice = make.apprentice()
    allegheny_admin = make.member(Role.EMPLOYER_ADMIN, employer=make.allegheny)
    refusals = [
        (apprentice, Party.EMPLOYER),  # the apprentice signs only as the apprentice
        (make.employer_admin, Party.SPONSOR),
        (make.sponsor_admin, Party.APPRENTICE),
    ]
    for by, party in refusals:
        with pytest.raises(ValidationError, match="cannot sign this agreement as that party"):
            services.agreement_sign(agreement=agreement, by=by, party=party, password_confirmed_at=now)
    for by, party in [(other_apprentice, Party.APPRENTICE), (allegheny_admin, Party.EMPLOYER),
                      (make.mentor, Party.EMPLOYER), (make.reviewer, Party.SPONSOR)]:
        with pytest.raises(PermissionDenied):
            services.agreement_sign(agreement=agreement, by=by, party=party, password_confirmed_at=now)
    assert not AgreementSignature.objects.filter(agreement=agreement).exists()


def test_a_transfer_produces_an_amendment_to_sign_again(make, produced, django_capture_on_commit_callbacks, now):
    apprentice = make.apprentice()
    enrollment = produced(apprentice=apprentice)
    original = sign_all(enrollment, make, apprentice)
    assert selectors.current_agreement(enrollment).status == selectors.SIGNED
    with django_capture_on_commit_callbacks(execute=True):
        enrollment, _report = apprentice_services.enrollment_transfer(
            enrollment=enrollment, employer=make.allegheny, effective_date=days_ago(1), reason="Plant closed",
            by=make.sponsor_admin.user, mentors=[make.mentor_member(employer=make.allegheny)],
        )
    current = selectors.current_agreement(enrollment)
    amendment = current.agreement
    assert (amendment.number, amendment.reason) == (2, Agreement.Reason.TRANSFER)
    assert current.status == selectors.PENDING and current.signed_count == 0
    assert amendment.content["employer"]["name"] == "Allegheny Metal Works"
    assert amendment.content["amendment"]["amends"] == 1
    assert amendment.content["amendment"]["why"] == "Plant closed"
    assert "Employer" in amendment.content["amendment"]["changes"]
    history = selectors.agreements_of(enrollment)
    assert [(s.agreement.number, s.status) for s in history] == [(2, "pending"), (1, "superseded")]
    # The old employer's admin signs nothing more; the superseded original cannot be signed again.
    with pytest.raises(PermissionDenied):
        services.agreement_sign(agreement=amendment, by=make.employer_admin, party=Party.EMPLOYER,
                                password_confirmed_at=now)
    allegheny_admin = make.member(Role.EMPLOYER_ADMIN, employer=make.allegheny)
    services.agreement_sign(agreement=amendment, by=allegheny_admin, party=Party.EMPLOYER, password_confirmed_at=now)
    assert AgreementSignature.objects.filter(agreement=original).count() == 3


def test_credit_granted_produces_an_amendment_once(make, produced, django_capture_on_commit_callbacks):
    enrollment = produced()
    competency = enrollment.job_book_version.competencies.order_by("position").first()
    standing = apprentice_services.advanced_standing_request(
        enrollment=enrollment, by=make.employer_admin.user, basis="experience", description="Two years at a molder",
        evidence=demo_pdf("letter.pdf"), hours={competency: "40"},
    )
    with django_capture_on_commit_callbacks(execute=True):
        apprentice_services.advanced_standing_decide(standing=standing, by=make.sponsor_admin, approve=True,
                                                     note="Letter checked")
    amendment = selectors.current_agreement(enrollment).agreement
    assert (amendment.number, amendment.reason, amendment.standing_id) == (2, "credit", standing.pk)
    assert amendment.content["credit"]["hours"] == "40.00"
    standing.refresh_from_db()
    assert services.agreement_for_standing(standing) == amendment
    assert Agreement.objects.filter(enrollment=enrollment).count() == 2


def test_a_move_to_another_standards_version_produces_an_amendment(make, produced, django_capture_on_commit_callbacks):
    from apprentices.models import StatusChange

    enrollment = produced()
    with django_capture_on_commit_callbacks(execute=True):
        StatusChange.objects.create(
            sponsor=make.sponsor, enrollment=enrollment, kind="standards", effective_date=days_ago(0),
            reason="New wage schedule", by=make.sponsor_admin.user,
        )
    amendment = selectors.current_agreement(enrollment).agreement
    assert (amendment.number, amendment.reason) == (2, "standards")
    assert amendment.content["amendment"]["changes"] == []


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs pdftotext (poppler-utils)")
def test_the_pdf_states_the_terms_and_the_signatures(make, produced, now, tmp_path):
    apprentice = make.apprentice(name="Rita Moreno")
    enrollment = produced(apprentice=apprentice)
    agreement = selectors.current_agreement(enrollment).agreement
    services.agreement_sign(agreement=agreement, by=apprentice, party=Party.APPRENTICE, password_confirmed_at=now)
    pdf, pages = render_agreement(selectors.current_agreement(enrollment))
    path = tmp_path / "agreement.pdf"
    path.write_bytes(pdf)
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout
    flat = " ".join(text.split())
    for expected in ["Apprenticeship agreement", "Rita Moreno", "Penn Precision Plastics", enrollment.sponsor.name,
                     "17-3029.09", "1104HY", "Wage schedule", "$15.90", "$18.55", "60.00%", "Equal opportunity",
                     "will not discriminate", "Complaints", "29 CFR 29.12", "Pennsylvania Apprenticeship and Training",
                     "Probationary period", "Credit for previous experience", f"Page 1 of {pages}",
                     agreement.content_hash, "Not signed yet"]:
        assert expected in flat, expected
    block = flat.split("Signatures")[-1]  # the apprentice's signature is in the signatures block
    assert "Rita" in block and "I, the apprentice, agree to the terms" in block




def test_agreements_and_their_signatures_never_change(make, produced, now):
    apprentice = make.apprentice()
    agreement = selectors.current_agreement(produced(apprentice=apprentice)).agreement
    signed = services.agreement_sign(agreement=agreement, by=apprentice, party=Party.APPRENTICE,
                                     password_confirmed_at=now)
    for table, pk in [("agreements_agreement", agreement.pk), ("agreements_agreementsignature", signed.pk)]:
        assert refused(f"UPDATE {table} SET created_at = created_at WHERE id = %s", pk), table
        assert refused(f"DELETE FROM {table} WHERE id = %s", pk), table
    assert refused("UPDATE agreements_agreement SET content_hash = 'x' WHERE id = %s", agreement.pk)
    with pytest.raises(ImmutableRecordError):
        Agreement.objects.filter(pk=agreement.pk).update(number=5)
    with pytest.raises(ImmutableRecordError):
        signed.delete()
