"""The template files: the header row and an example row, read back by the same library."""

import pytest
import tablib
from django.urls import reverse
from django.utils.html import escape
from django_scopes import scopes_disabled

from imports.columns import COLUMNS
from imt.permissions import Role
from programs.models import Program

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_the_template_downloads_and_parses_back_with_tablib(kind, client_for, world):
    response = client_for(world.user("keystone", Role.EMPLOYER_ADMIN)).get(
        reverse(f"roster_import_template_{kind}", args=[world.a.slug]))
    assert response.status_code == 200
    assert response["Content-Disposition"] == f'attachment; filename="roster-template.{kind}"'
    content = response.content.decode("utf-8") if kind == "csv" else response.content
    data = tablib.Dataset().load(content, format=kind)
    assert data.headers == [c.key for c in COLUMNS]
    example = data.dict[0]
    # The example names this sponsor's first program, the employer admin's employer and one of its mentors,
    # so that the template uploaded as it is checks without an unknown-name error.
    with scopes_disabled():
        first_program = Program.objects.filter(sponsor=world.a).order_by("pk").first().name
    assert (example["program"], example["employer"], example["mentor"]) == (
        first_program, "Penn Precision Plastics", "mentor@keystone.example")
    assert {k: v for k, v in example.items() if k not in ("program", "employer", "mentor")} == {
        c.key: c.example for c in COLUMNS if c.key not in ("program", "employer", "mentor")}


def test_the_upload_page_lists_the_program_names_and_the_employers_mentors(client_for, world):
    page = client_for(world.user("keystone", Role.EMPLOYER_ADMIN)).get(
        reverse("roster_import_upload", args=[world.a.slug])).content.decode()
    with scopes_disabled():
        names = list(Program.objects.filter(sponsor=world.a).values_list("name", flat=True))
    for name in names:
        assert f'<code class="text-break">{escape(name)}</code>' in page
    assert '<code class="text-break">mentor@keystone.example</code>' in page


def test_an_unknown_program_lists_the_valid_names(client_for, world):
    from tests.imports.conftest import PROGRAM, csv_file, row

    client = client_for(world.user("keystone", Role.SPONSOR_ADMIN))
    from django.core.files.uploadedfile import SimpleUploadedFile
    page = client.post(reverse("roster_import_upload", args=[world.a.slug]), {
        "file": SimpleUploadedFile("r.csv", csv_file([row(1, program="IMT")]))}, follow=True).content.decode()
    assert "No program is named “IMT” at this sponsor; write one of:" in page
    assert escape(PROGRAM) in page


def test_the_upload_page_explains_every_column(client_for, world):
    page = client_for(world.user("keystone", Role.SPONSOR_ADMIN)).get(
        reverse("roster_import_upload", args=[world.a.slug])).content.decode()
    for column in COLUMNS:
        assert f"<code>{column.key}</code>" in page
    assert "No roster was imported yet." in page
    assert "social security number" in page
