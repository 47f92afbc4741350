"""Roster files for the import's tests, written with tablib (as a spreadsheet program would save them)."""

import datetime

import pytest
import tablib
from django.urls import reverse
from django_scopes import scopes_disabled

from imt.permissions import Role
from programs.models import Employer

HEADERS = ["name", "email", "employer", "program", "start_date", "mentor", "date_of_birth", "sex", "veteran_status",
           "state", "zip"]
PROGRAM = "Industrial Manufacturing Technician — hybrid"
PENN = "Penn Precision Plastics"
START = datetime.date(2026, 3, 2)


def row(n=1, **cells):
    values = {"name": f"Apprentice {n}", "email": f"new{n}@example.com", "employer": PENN, "program": PROGRAM,
              "start_date": START.isoformat(), "mentor": "mentor@keystone.example", "date_of_birth": "2001-05-04",
              "sex": "female", "veteran_status": "non_veteran", "state": "PA", "zip": "17101"}
    values.update(cells)
    return values


def dataset(rows, headers=HEADERS):
    data = tablib.Dataset(headers=headers)
    for values in rows:
        data.append([values.get(h, "") for h in headers])
    return data


def csv_file(rows, headers=HEADERS):
    return dataset(rows, headers).export("csv").encode()


def xlsx_file(rows, headers=HEADERS):
    return dataset(rows, headers).export("xlsx")


@pytest.fixture
def admin(world):
    return world.member("keystone", Role.SPONSOR_ADMIN)


@pytest.fixture
def employer_admin(world):
    return world.member("keystone", Role.EMPLOYER_ADMIN)


@pytest.fixture
def allegheny(world):
    with scopes_disabled():
        return Employer.objects.get(sponsor=world.a, name="Allegheny Metal Works")


@pytest.fixture
def upload(client_for, world):
    """upload(member, content, name) → the response of the upload page's POST (redirects followed)."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    def send(member, content, name="roster.csv"):
        client = client_for(member.user)
        return client.post(reverse("roster_import_upload", args=[world.a.slug]),
                           {"file": SimpleUploadedFile(name, content)}, follow=True)

    return send
