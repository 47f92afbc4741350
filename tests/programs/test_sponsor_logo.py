"""The sponsor's logo: refused when it would decode to a huge image, otherwise kept small, as a PNG of the
server's naming, and the logo it replaces is removed once the change is saved."""

import io
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from PIL import Image

from credentials.pdf import BASE_URL, ProjectFilesOnly
from imt.permissions import Role
from programs import services
from programs.models import Sponsor

pytestmark = pytest.mark.django_db

PROFILE = {"name": "Keystone Manufacturing Partnership", "registration_agency": "PA ATC", "state": "PA"}


def png(image):
    buffer = io.BytesIO()
    image.save(buffer, "PNG", optimize=True)
    return buffer.getvalue()


def pixel_bomb():
    """12,000 × 12,000 pixels of one colour: a file of a few kilobytes that decodes to 144 megapixels."""
    return png(Image.new("1", (12_000, 12_000)))


def photo_with_metadata():
    image = Image.new("RGB", (2400, 1200), "#1d3f6e")
    exif = Image.Exif()
    exif[0x010E] = "Scanned at the front desk"  # ImageDescription
    exif[0x0131] = "Camera app 1.0"  # Software
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", exif=exif.tobytes())
    return buffer.getvalue()


@pytest.fixture
def admin(world, client_for):
    return client_for(world.user("keystone", Role.SPONSOR_ADMIN))


@pytest.fixture
def own_logo(world):
    """A logo file of this test's own, so that removing it leaves the demo's logo to the other tests."""
    sponsor = Sponsor.objects.get(pk=world.a.pk)
    sponsor.logo.save("test-logo.png", SimpleUploadedFile("test-logo.png", png(Image.new("RGB", (90, 30)))))
    return Path(sponsor.logo.path)


def post_logo(admin, content, name="logo.png"):
    return admin.post("/keystone/settings/", {**PROFILE, "logo": SimpleUploadedFile(name, content)})


def stored_logo(world):
    return Sponsor.objects.get(pk=world.a.pk).logo


@pytest.mark.filterwarnings("ignore::PIL.Image.DecompressionBombWarning")  # Django's image field opens it first
def test_a_pixel_bomb_is_refused_from_its_header_and_the_logo_stays(world, admin):
    bomb = pixel_bomb()
    assert len(bomb) < 40_000
    before = stored_logo(world).name

    response = post_logo(admin, bomb)

    assert response.status_code == 200
    assert "12000 × 12000 pixels" in response.content.decode()
    assert "at most 4000 pixels a side" in response.content.decode()
    assert stored_logo(world).name == before


def test_an_accepted_logo_is_kept_as_a_small_png_without_metadata_under_a_name_of_the_servers(
    world, admin, own_logo, django_capture_on_commit_callbacks
):
    old = own_logo
    with django_capture_on_commit_callbacks(execute=True):
        response = post_logo(admin, photo_with_metadata(), name="our logo (final).jpg")

    assert response.status_code == 302
    logo = stored_logo(world)
    assert logo.name.startswith("sponsor-logos/") and logo.name.endswith(".png") and "final" not in logo.name
    with Image.open(logo.path) as kept:
        assert (kept.format, kept.size) == ("PNG", (600, 300))
        assert not kept.getexif() and "icc_profile" not in kept.info
    assert not old.exists()  # the replaced logo is removed once the change is saved


def test_removing_the_logo_removes_its_file(world, admin, own_logo, django_capture_on_commit_callbacks):
    old = own_logo
    with django_capture_on_commit_callbacks(execute=True):
        response = admin.post("/keystone/settings/", {**PROFILE, "logo-clear": "on"})
    assert response.status_code == 302
    assert not stored_logo(world) and not old.exists()


def test_a_replacement_that_is_rolled_back_keeps_the_old_logo(world, own_logo, django_capture_on_commit_callbacks):
    sponsor = Sponsor.objects.get(pk=world.a.pk)
    old = own_logo
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError):
        with transaction.atomic():
            sponsor.logo = SimpleUploadedFile("new.png", png(Image.new("RGB", (300, 100), "white")))
            services.sponsor_update(sponsor=sponsor)
            raise RuntimeError("something after the replacement failed")
    assert stored_logo(world).path == str(old) and old.exists()


def test_a_huge_logo_stored_before_this_check_is_left_out_of_packets(world):
    sponsor = Sponsor.objects.get(pk=world.a.pk)
    sponsor.logo.save("old-bomb.png", SimpleUploadedFile("old-bomb.png", pixel_bomb()), save=False)
    with pytest.raises(ValueError, match="too large to draw"):
        ProjectFilesOnly(sponsor).fetch(BASE_URL + "sponsor-logo")
