"""The PDF renderer fetches only the project's static files and the sponsor's logo."""

import shutil
import subprocess

import pytest
from django.template import engines
from django_scopes import scopes_disabled

from credentials.pdf import BASE_URL, ProjectFilesOnly, render_pdf


def test_static_files_and_the_logo_are_served(world):
    fetcher = ProjectFilesOnly(world.a)
    css = fetcher.fetch(BASE_URL + "static/css/app.css")
    assert b".bg-imt" in css.read()
    logo = fetcher.fetch(BASE_URL + "sponsor-logo")
    assert logo.read().startswith(b"\x89PNG")
    assert b".bg-imt" in fetcher.fetch("/static/css/app.css").read()
    assert fetcher.fetch("sponsor-logo").read().startswith(b"\x89PNG")


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:8000/static/css/app.css",
        "https://example.com/tracker.png",
        "file:///etc/passwd",
        "data:text/plain,hello",
        BASE_URL + "static/../../imt/settings.py",
        BASE_URL + "media/evidence/someone-else.pdf",
        "imt-pdf://elsewhere/static/css/app.css",
        "//203.0.113.9/static/css/app.css",
        "../../etc/passwd",
    ],
)
def test_every_other_address_is_refused(url, world):
    with pytest.raises(ValueError):
        ProjectFilesOnly(world.a).fetch(url)


def test_a_sponsor_without_a_logo_has_none_to_fetch(world):
    world.b.logo = ""
    with pytest.raises(ValueError):
        ProjectFilesOnly(world.b).fetch(BASE_URL + "sponsor-logo")


def test_user_text_is_escaped_and_remote_images_are_not_fetched(world, tmp_path, settings):
    template = engines["django"].from_string(
        '<html><body><h1>{{ name }}</h1><img src="http://203.0.113.9/x.png"><img src="{{ logo_url }}"></body></html>'
    )
    settings.TEMPLATES[0]["OPTIONS"]["debug"] = False
    from unittest import mock

    with mock.patch("credentials.pdf.render_to_string", side_effect=lambda name, ctx: template.render(ctx)):
        with scopes_disabled():
            pdf = render_pdf("unused.html", {"name": "<b>Tyler & Co</b>"}, sponsor=world.a)
    assert pdf.startswith(b"%PDF")
    if not shutil.which("pdftotext"):
        pytest.skip("needs pdftotext (Debian's poppler-utils)")
    path = tmp_path / "out.pdf"
    path.write_bytes(pdf)
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True).stdout
    assert "<b>Tyler & Co</b>" in text  # shown as text, not markup
