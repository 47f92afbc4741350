"""What an evidence file may be: a PDF that runs nothing, or a PNG or JPEG that Pillow verifies."""

import io

import pikepdf
import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from imt.evidence import evidence_content_type
from rti.demo import DEMO_PDF
from tests.files import (
    annotation_javascript,
    embedded_file,
    image_bytes,
    link_to_a_web_page,
    names_javascript,
    open_action_javascript,
    open_action_launch,
    page_additional_action,
    pdf_bytes,
    rich_media,
    xfa_form,
)

REFUSED = "This PDF contains scripts or embedded files"


def upload(content, name="certificate.pdf"):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


@pytest.mark.parametrize("build", [
    open_action_javascript, open_action_launch, names_javascript, embedded_file, page_additional_action,
    annotation_javascript, rich_media, xfa_form,
])
def test_a_pdf_that_runs_or_carries_something_is_refused(build):
    with pytest.raises(ValidationError, match=REFUSED):
        evidence_content_type(upload(pdf_bytes(build)))


def test_a_script_is_found_inside_a_compressed_object_stream():
    data = pdf_bytes(open_action_javascript)
    assert b"JavaScript" not in data and b"OpenAction" not in data  # no search of the raw bytes finds it
    with pytest.raises(ValidationError, match=REFUSED):
        evidence_content_type(upload(data))


@pytest.mark.parametrize("build", [open_action_javascript, embedded_file])
def test_an_uncompressed_pdf_with_active_content_is_refused_too(build):
    with pytest.raises(ValidationError, match=REFUSED):
        evidence_content_type(upload(pdf_bytes(build, compressed=False)))


@pytest.mark.parametrize("data", [DEMO_PDF, pdf_bytes(), pdf_bytes(link_to_a_web_page)],
                         ids=["demo certificate", "blank page", "links and an opening view"])
def test_an_ordinary_pdf_is_accepted(data):
    assert evidence_content_type(upload(data)) == "application/pdf"


def test_a_web_page_with_a_pdf_behind_it_is_refused():
    polyglot = b"<html><script>alert(document.cookie)</script>\n" + DEMO_PDF
    with pytest.raises(ValidationError, match="does not start as a PDF does"):
        evidence_content_type(upload(polyglot))


def test_a_damaged_pdf_is_refused_with_a_clear_message():
    with pytest.raises(ValidationError, match="damaged"):
        evidence_content_type(upload(b"%PDF-1.7\n" + b"\x00garbage" * 50))


@pytest.mark.parametrize(("kind", "content_type"), [("PNG", "image/png"), ("JPEG", "image/jpeg")])
def test_a_real_png_or_jpeg_is_accepted(kind, content_type):
    assert evidence_content_type(upload(image_bytes(kind), "photo.bin")) == content_type


@pytest.mark.parametrize("content", [
    b"\x89PNG\r\n\x1a\n" + b"\x00" * 64,  # a PNG signature and nothing after it
    b"\xff\xd8\xff\xe0" + b"<script>alert(1)</script>" * 4,
    b"\x89PNG\r\n\x1a\n" + image_bytes("JPEG")[3:],  # a PNG signature on a JPEG body
], ids=["png signature only", "jpeg signature then html", "png signature on a jpeg"])
def test_a_file_that_only_starts_like_an_image_is_refused(content):
    with pytest.raises(ValidationError, match="not really a PNG or JPEG"):
        evidence_content_type(upload(content, "photo.png"))


def test_a_pdf_that_needs_a_password_to_open_is_refused_with_a_clear_message():
    pdf = pikepdf.Pdf.new()
    pdf.add_blank_page()
    buffer = io.BytesIO()
    pdf.save(buffer, encryption=pikepdf.Encryption(owner="owner", user="secret"))
    with pytest.raises(ValidationError, match="protected by a password"):
        evidence_content_type(upload(buffer.getvalue()))
