"""Reads of apprenticeship agreements: an enrollment's agreements and their status, which party a
member may sign as, and the agreements waiting for a member's signature."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef, Prefetch, QuerySet

from agreements.models import Agreement, AgreementSignature, Party
from apprentices.models import Enrollment
from imt.permissions import Role
from programs.models import Membership

PENDING, SIGNED, SUPERSEDED = "pending", "signed", "superseded"
PARTIES = [Party.APPRENTICE, Party.EMPLOYER, Party.SPONSOR]


@dataclass
class AgreementStatus:
    """An agreement with its signatures by party and where it stands."""

    agreement: Agreement
    signatures: dict[str, AgreementSignature] = field(default_factory=dict)
    superseded: bool = False

    @property
    def signed_count(self) -> int:
        return len(self.signatures)

    @property
    def status(self) -> str:
        if self.superseded:
            return SUPERSEDED
        return SIGNED if self.signed_count == len(PARTIES) else PENDING

    @property
    def is_pending(self) -> bool:
        return self.status == PENDING

    @property
    def parties(self) -> list[tuple[str, str, AgreementSignature | None]]:
        """(party, label, signature or None) for each of the three parties, in order."""
        return [(str(p.value), str(p.label), self.signatures.get(p.value)) for p in PARTIES]


def _with_signatures(queryset: QuerySet[Agreement]) -> QuerySet[Agreement]:
    return queryset.prefetch_related(
        Prefetch("signatures", queryset=AgreementSignature.objects.select_related("signature__signer"))
    )


def newer_exists() -> Exists:
    return Exists(Agreement.objects.filter(enrollment=OuterRef("enrollment"), number__gt=OuterRef("number")))


def agreements_of(enrollment: Enrollment) -> list[AgreementStatus]:
    """Every agreement of the enrollment, newest first, with its status."""
    agreements = list(_with_signatures(Agreement.objects.filter(enrollment=enrollment).order_by("-number")))
    return [
        AgreementStatus(agreement, {s.party: s for s in agreement.signatures.all()}, superseded=index > 0)
        for index, agreement in enumerate(agreements)
    ]


def current_agreement(enrollment: Enrollment) -> AgreementStatus | None:
    """The enrollment's newest agreement, the one in force once signed; None before there is one."""
    agreement = _with_signatures(Agreement.objects.filter(enrollment=enrollment).order_by("-number")).first()
    if agreement is None:
        return None
    return AgreementStatus(agreement, {s.party: s for s in agreement.signatures.all()})


def parties_for(membership: Membership, agreement: Agreement) -> list[str]:
    """The parties `membership` may sign `agreement` as: the apprentice themself, an employer admin of the
    employer the agreement names, a sponsor admin for the sponsor."""
    if not membership.is_active or agreement.sponsor_id != membership.sponsor_id:
        return []
    enrollment = agreement.enrollment
    if membership.role == Role.APPRENTICE and enrollment.apprentice_id == membership.pk:
        return [Party.APPRENTICE]
    if membership.role == Role.EMPLOYER_ADMIN and membership.employer_id == agreement.content["employer"]["id"]:
        return [Party.EMPLOYER]
    if membership.role == Role.SPONSOR_ADMIN:
        return [Party.SPONSOR]
    return []


def awaiting_signature_of(membership: Membership) -> QuerySet[Agreement]:
    """The current agreements of open enrollments that `membership` may sign and has not yet signed
    (as the party it signs for), oldest first."""
    agreements = Agreement.objects.filter(
        sponsor=membership.sponsor_id, enrollment__status__in=Enrollment.OPEN_STATUSES,
    ).exclude(newer_exists()).select_related("enrollment__employer", "enrollment__program")
    if not membership.is_active:
        return agreements.none()
    if membership.role == Role.APPRENTICE:
        party, agreements = Party.APPRENTICE, agreements.filter(enrollment__apprentice=membership)
    elif membership.role == Role.EMPLOYER_ADMIN:
        party, agreements = Party.EMPLOYER, agreements.filter(enrollment__employer=membership.employer_id)
    elif membership.role == Role.SPONSOR_ADMIN:
        party = Party.SPONSOR
    else:
        return agreements.none()
    signed = AgreementSignature.objects.filter(agreement=OuterRef("pk"), party=party)
    return agreements.exclude(Exists(signed)).order_by("created_at", "pk")
