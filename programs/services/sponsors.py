"""A sponsor, its profile and logo, and its employers."""

from __future__ import annotations

import io
import warnings
from typing import IO, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _
from django_scopes import scope
from PIL import Image, ImageOps

from imt.dates import stamp
from imt.models import User
from imt.permissions import Role, require
from imt.uploads import delete_after_commit, server_name, verified_image_type
from programs.models import Employer, Membership, Sponsor

# The logo is drawn on every completion packet and certificate: what is kept is small, whatever was sent.
LOGO_MAX_SIDE = 4000
LOGO_MAX_PIXELS = 8_000_000
LOGO_KEPT_SIDE = 600


def sponsor_setup(*, sponsor: Sponsor) -> None:
    """Give a new sponsor its starting point: the IMT course catalog and credential types, written by the apps
    that own them (settings.SPONSOR_SETUP).  Adds only what is missing, so running it again changes nothing."""
    with scope(sponsor=sponsor):
        for path in settings.SPONSOR_SETUP:
            import_string(path)(sponsor=sponsor)


def sponsor_create(
    *, name: str, slug: str, admin_email: str | None = None, admin_name: str = "", admin_password: str | None = None,
    **profile: Any,
) -> Sponsor:
    """Create a sponsor and, when an e-mail is given, its first sponsor admin."""
    with transaction.atomic():
        sponsor = Sponsor(name=name, slug=slug, **profile)
        sponsor.full_clean()
        sponsor.save()
        if admin_email:
            user = User.objects.filter(email__iexact=admin_email).first()
            if user is None:
                user = User.objects.create_user(admin_email, admin_password, full_name=admin_name or admin_email)
            Membership.objects.create(user=user, sponsor=sponsor, role=Role.SPONSOR_ADMIN)
        sponsor_setup(sponsor=sponsor)
    return sponsor


def logo_png(upload: IO[bytes]) -> ContentFile[bytes]:
    """The logo as it is kept: a PNG or JPEG (by its content) of at most 4,000 pixels a side and 8
    megapixels — judged from its header before any pixel is decoded — re-drawn as a PNG of at most 600
    pixels a side, without its metadata, under a name of the server's.  ValidationError on "logo" otherwise."""
    try:
        verified_image_type(upload)
        upload.seek(0)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)  # the limits below are stricter
            image = Image.open(upload, formats=["PNG", "JPEG"])
    except ValidationError as error:
        raise ValidationError({"logo": error.messages}) from None
    width, height = image.size
    if max(width, height) > LOGO_MAX_SIDE or width * height > LOGO_MAX_PIXELS:
        raise ValidationError({"logo": _(
            "The logo is %(width)s × %(height)s pixels; a logo may be at most %(side)s pixels a side and "
            "%(megapixels)s megapixels. Save it smaller and upload it again."
        ) % {"width": width, "height": height, "side": LOGO_MAX_SIDE, "megapixels": LOGO_MAX_PIXELS // 1_000_000}})
    try:
        kept = ImageOps.exif_transpose(image).convert("RGBA")
        kept.thumbnail((LOGO_KEPT_SIDE, LOGO_KEPT_SIDE), Image.Resampling.LANCZOS)
    except (OSError, ValueError):  # a file whose header was fine but whose pixels are not
        raise ValidationError({"logo": _("The logo image is damaged. Save it again as PNG or JPEG and upload that.")}) \
            from None
    kept.info.clear()  # no text, EXIF or colour profile of the original is written
    buffer = io.BytesIO()
    kept.save(buffer, "PNG", optimize=True)
    return ContentFile(buffer.getvalue(), name=server_name("image/png"))


def sponsor_update(*, sponsor: Sponsor) -> Sponsor:
    """Save an edited sponsor (profile, logo and authenticator rule).

    A change of the rule is dated, because the people it newly covers count their grace period from that
    moment; saving it unchanged keeps the date.  A newly uploaded logo is checked and re-drawn
    (`logo_png`) before it is stored; the logo it replaces (or that was removed) is deleted from storage
    once the change is committed, never before, so that a rollback keeps the record's file."""
    with transaction.atomic():
        stored_rule, stored_logo = Sponsor.objects.select_for_update().values_list(
            "mfa_required_for", "logo").get(pk=sponsor.pk)
        if stored_rule != sponsor.mfa_required_for:
            sponsor.mfa_policy_changed_at = timezone.now()
        if sponsor.logo and not sponsor.logo._committed:  # a file assigned but not stored yet: an upload
            sponsor.logo = logo_png(sponsor.logo.file)
        sponsor.save()
        if stored_logo and stored_logo != sponsor.logo.name:
            delete_after_commit(sponsor.logo.storage, stored_logo)
    return sponsor


# --- Employers -------------------------------------------------------------


def employer_create(*, sponsor: Sponsor, by: Membership, **fields: Any) -> Employer:
    """Add an employer to `sponsor`: `by` manages employers, and the name is not taken (Employer.full_clean)."""
    require(by, "employers.manage")
    with transaction.atomic():
        employer = Employer(sponsor=sponsor, **fields)
        employer.full_clean()
        employer.save()
    return employer


def employer_update(*, employer: Employer, by: Membership, **fields: Any) -> Employer:
    """Change an employer's name, address and contact, under the rules of employer_create."""
    require(by, "employers.manage", employer)
    with transaction.atomic():
        employer = Employer.objects.select_for_update().get(pk=employer.pk)
        for name, value in fields.items():
            setattr(employer, name, value)
        employer.full_clean()
        employer.save()
    return employer


def employer_archive(*, employer: Employer, by: Membership) -> Employer:
    """Archive an employer: it stays in the records but takes no new members or apprentices."""
    require(by, "employers.manage", employer)
    return stamp(employer, "archived_at", on=True)


def employer_restore(*, employer: Employer, by: Membership) -> Employer:
    """Bring an archived employer back: it takes new members and apprentices again."""
    require(by, "employers.manage", employer)
    return stamp(employer, "archived_at", on=False)
