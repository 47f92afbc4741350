"""The template files: the header row and an example row, read back by the same library."""

import pytest
import tablib
from django.urls import reverse

from imports.columns import COLUMNS
from imt.permissions import Role

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
    assert data.dict == [{c.key: c.example for c in COLUMNS}]


def test_the_upload_page_explains_every_column(client_for, world):
    page = client_for(world.user("keystone", Role.SPONSOR_ADMIN)).get(
        reverse("roster_import_upload", args=[world.a.slug])).content.decode()
    for column in COLUMNS:
        assert f"<code>{column.key}</code>" in page
    assert "No roster was imported yet." in page
    assert "social security number" in page
