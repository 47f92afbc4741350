"""The agreement page, its PDF, the enrollment's agreement line and the dashboard panel."""

import pytest
from django.urls import reverse
from django.utils import timezone

from agreements import selectors, services
from agreements.models import AgreementSignature, Party
from imt.permissions import Role

pytestmark = pytest.mark.django_db


def url(name, enrollment):
    return reverse(name, args=[enrollment.sponsor.slug, enrollment.pk])


@pytest.fixture
def rita(make, produced):
    apprentice = make.apprentice(name="Rita Moreno")
    apprentice.enrollment = produced(apprentice=apprentice)
    return apprentice


def test_the_apprentice_signs_their_agreement_with_their_password(rita, client_for):
    client = client_for(rita.user)
    page = client.get(url("agreement", rita.enrollment))
    assert page.status_code == 200
    content = page.content.decode()
    assert "Sign as the apprentice" in content and "Your password" in content
    assert "Pending (0 of 3 signed)" in content

    wrong = client.post(url("agreement", rita.enrollment), {"party": "apprentice", "agree": "on", "password": "no"})
    assert "That password is not right." in wrong.content.decode()
    unticked = client.post(url("agreement", rita.enrollment), {"party": "apprentice", "password": "pw"})
    assert "Tick the box" in unticked.content.decode()
    assert not AgreementSignature.objects.exists()

    response = client.post(url("agreement", rita.enrollment), {"party": "apprentice", "agree": "on", "password": "pw"})
    assert response.status_code == 302
    signed = AgreementSignature.objects.get()
    assert (signed.party, signed.signature.signer) == (Party.APPRENTICE, rita.user)
    after = client.get(url("agreement", rita.enrollment)).content.decode()
    assert "Pending (1 of 3 signed)" in after and "Sign as the apprentice" not in after


def test_a_party_cannot_sign_as_another_through_the_page(rita, make, client_for):
    client = client_for(rita.user)
    client.post(url("agreement", rita.enrollment), {"party": "sponsor", "agree": "on", "password": "pw"})
    assert not AgreementSignature.objects.exists()
    mentor = client_for(make.mentor.user)
    page = mentor.get(url("agreement", rita.enrollment)).content.decode()
    assert "Sign as" not in page
    assert mentor.post(url("agreement", rita.enrollment), {"party": "employer", "agree": "on"}).status_code == 403


def test_the_enrollment_shows_its_agreement_status(rita, make, client_for):
    admin = client_for(make.sponsor_admin.user)
    detail = admin.get(url("enrollment_detail", rita.enrollment)).content.decode()
    assert url("agreement_status", rita.enrollment) in detail and url("agreement", rita.enrollment) in detail
    line = admin.get(url("agreement_status", rita.enrollment)).content.decode()
    assert "pending (0 of 3 signed)" in line and url("agreement", rita.enrollment) in line
    agreement = selectors.current_agreement(rita.enrollment).agreement
    for by, party in [(rita, Party.APPRENTICE), (make.employer_admin, Party.EMPLOYER),
                      (make.sponsor_admin, Party.SPONSOR)]:
        services.agreement_sign(agreement=agreement, by=by, party=party, password_confirmed_at=timezone.now())
    line = admin.get(url("agreement_status", rita.enrollment)).content.decode()
    assert "Agreement:" in line and ">signed</span>" in line


def test_the_dashboard_lists_agreements_waiting_for_my_signature(rita, make, client_for):
    panel = reverse("agreements_to_sign", args=[make.sponsor.slug])
    for member in (rita, make.employer_admin, make.sponsor_admin):
        client = client_for(member.user)
        assert panel in client.get(reverse("dashboard", args=[make.sponsor.slug])).content.decode()
        page = client.get(panel).content.decode()
        assert "waiting for your signature" in page and "Rita Moreno" in page, member
    mentor_dashboard = client_for(make.mentor.user).get(reverse("dashboard", args=[make.sponsor.slug]))
    assert panel not in mentor_dashboard.content.decode()
    services.agreement_sign(agreement=selectors.current_agreement(rita.enrollment).agreement, by=rita,
                            party=Party.APPRENTICE, password_confirmed_at=timezone.now())
    assert "waiting for your signature" not in client_for(rita.user).get(panel).content.decode()
    assert [a.enrollment for a in selectors.awaiting_signature_of(make.employer_admin)
            if a.enrollment_id == rita.enrollment.pk]
    assert not selectors.awaiting_signature_of(make.mentor).exists()


def test_the_pdf_downloads_and_an_earlier_number_too(rita, make, client_for):
    client = client_for(make.employer_admin.user)
    response = client.get(url("agreement_pdf", rita.enrollment))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert client.get(url("agreement_pdf", rita.enrollment) + "?number=1").status_code == 200
    assert client.get(url("agreement_pdf", rita.enrollment) + "?number=7").status_code == 404


def test_an_enrollment_without_an_agreement_says_so(make, enroll, client_for):
    enrollment = enroll()  # its commit never ran here, so nothing was produced
    client = client_for(make.sponsor_admin.user)
    assert "No agreement has been produced" in client.get(url("agreement", enrollment)).content.decode()
    assert client.get(url("agreement_pdf", enrollment)).status_code == 302


def test_the_compliance_page_lists_agreements_not_fully_signed(rita, make, client_for):
    from programs.models import Sponsor

    page = client_for(make.sponsor_admin.user).get(reverse("compliance", args=[make.sponsor.slug])).content.decode()
    assert "Apprenticeship agreements not fully signed" in page and "Rita Moreno" in page
    allegheny_admin = make.member(Role.EMPLOYER_ADMIN, employer=make.allegheny)
    other = client_for(allegheny_admin.user).get(reverse("compliance", args=[make.sponsor.slug])).content.decode()
    assert "Rita Moreno" not in other  # another employer's apprentice
    Sponsor.objects.filter(pk=make.sponsor.pk).update(agency_report_days=0)
    page = client_for(make.sponsor_admin.user).get(reverse("compliance", args=[make.sponsor.slug])).content.decode()
    assert "table-danger" in page
    agreement = selectors.current_agreement(rita.enrollment).agreement
    for by, party in [(rita, Party.APPRENTICE), (make.employer_admin, Party.EMPLOYER),
                      (make.sponsor_admin, Party.SPONSOR)]:
        services.agreement_sign(agreement=agreement, by=by, party=party, password_confirmed_at=timezone.now())
    response = client_for(make.sponsor_admin.user).get(reverse("compliance", args=[make.sponsor.slug]))
    section = next(s for s in response.context["sections"] if s.key == "agreements")
    assert rita.enrollment.pk not in [row.enrollment_id for row in section.rows]  # other sections may name her
