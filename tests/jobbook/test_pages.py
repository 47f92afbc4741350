import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django_scopes import scopes_disabled

from imt.models import User
from imt.permissions import Role
from jobbook import selectors, services
from jobbook.models import Competency, JobBookVersion, Skill
from programs.models import Membership

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}


def url(name, book, *args, **query):
    path = reverse(name, args=["keystone", book.pk, *args])
    return path + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


@pytest.fixture
def employer_admin(world, client_for):
    return client_for(world.user("keystone", Role.EMPLOYER_ADMIN))


@pytest.fixture
def draft(penn_book):
    with scopes_disabled():
        return selectors.draft_version(penn_book)


def first_competency(version):
    with scopes_disabled():
        return Competency.objects.filter(version=version).order_by("position").first()


def test_employer_admin_sees_all_eleven_competencies_and_the_2736_total(penn_book, employer_admin):
    response = employer_admin.get(url("job_book_detail", penn_book))
    assert response.status_code == 200
    assert len(response.context["competencies"]) == 11
    assert response.context["totals"].target == 2736
    assert "2,736 h of 2,736 h" in response.content.decode()


@pytest.mark.parametrize("role", [Role.MENTOR, Role.APPRENTICE, Role.INSTRUCTOR])
def test_shop_floor_roles_read_the_published_book_but_cannot_edit(penn_book, draft, world, client_for, role):
    client = client_for(world.user("keystone", role))
    page = client.get(url("job_book_detail", penn_book))
    assert page.status_code == 200
    assert page.context["version"].status == JobBookVersion.Status.PUBLISHED
    assert not page.context["can_edit"]
    assert client.get(url("job_book_print", penn_book)).status_code == 200
    competency = first_competency(draft)
    for name, args in [
        ("job_book_editor", ()), ("version_start", ()), ("version_publish", ()), ("job_book_import", ()),
        ("competency_add", ()), ("competency_edit", (competency.pk,)), ("competency_move", (competency.pk,)),
        ("skill_add", (competency.pk,)), ("job_book_history", ()), ("job_book_diff", ()),
    ]:
        assert client.post(url(name, penn_book, *args), {"name": "x"}).status_code == 403, name
    # The draft is not theirs to read either.
    assert client.get(url("job_book_version", penn_book, draft.pk)).status_code == 404
    assert client.get(url("job_book_print", penn_book, version=draft.pk)).status_code == 404


def test_an_employer_admin_cannot_see_or_edit_another_employers_book(allegheny_book, world, client_for):
    with scopes_disabled():
        user = User.objects.create_user("boss@penn.example", "x", full_name="Other Boss")
        Membership.objects.create(
            user=user, sponsor=world.a, role=Role.EMPLOYER_ADMIN,
            employer=world.member("keystone", Role.EMPLOYER_ADMIN).employer,
        )
    client = client_for(world.user("keystone", Role.EMPLOYER_ADMIN))
    assert client.get(url("job_book_detail", allegheny_book)).status_code == 404
    assert client.get(url("job_book_editor", allegheny_book)).status_code == 404
    assert client.post(url("version_start", allegheny_book)).status_code == 404
    assert client.get(url("job_book_export", allegheny_book)).status_code == 404
    listed = client.get(reverse("job_book_list", args=["keystone"])).context["rows"]
    assert [book.employer.name for book, _ in listed] == ["Penn Precision Plastics"]


def test_sponsor_admin_edits_any_book_and_reviewer_reads_all(allegheny_book, world, client_for):
    admin = client_for(world.user("keystone", Role.SPONSOR_ADMIN))
    assert admin.post(url("version_start", allegheny_book)).status_code == 302
    assert admin.get(url("job_book_editor", allegheny_book)).status_code == 200
    reviewer = client_for(world.user("keystone", Role.SPONSOR_REVIEWER))
    assert reviewer.get(url("job_book_history", allegheny_book)).status_code == 200
    assert reviewer.get(url("job_book_detail", allegheny_book)).context["sees_drafts"]
    assert reviewer.get(url("job_book_editor", allegheny_book)).status_code == 403
    assert len(reviewer.get(reverse("job_book_list", args=["keystone"])).context["rows"]) == 2


def test_editor_changes_come_back_as_an_htmx_fragment(penn_book, draft, employer_admin):
    competency = first_competency(draft)
    response = employer_admin.post(url("skill_add", penn_book, competency.pk), {"name": "Read a press alarm"}, **HTMX)
    assert response.status_code == 200
    assert response.templates[0].name == "jobbook/partials/editor.html"
    assert "Read a press alarm" in response.content.decode()
    response = employer_admin.post(
        url("competency_edit", penn_book, competency.pk),
        {"name": competency.name, "description": "", "target_hours": "980", "minimum_hours": "900"}, **HTMX,
    )
    assert response.context["totals"].target == 2716
    assert "20 h less than the 2,736" in response.content.decode()
    with scopes_disabled():
        competency.refresh_from_db()
    assert (competency.target_hours, competency.minimum_hours) == (980, 900)


def test_an_invalid_inline_edit_is_shown_next_to_the_field(penn_book, draft, employer_admin):
    competency = first_competency(draft)
    response = employer_admin.post(
        url("competency_edit", penn_book, competency.pk),
        {"name": "", "target_hours": "10", "minimum_hours": "20"}, **HTMX,
    )
    assert response["HX-Retarget"] == f"#competency-{competency.pk}-head"
    form = response.context["form"]
    assert "name" in form.errors and "minimum_hours" in form.errors


def test_editor_forms_also_work_as_plain_posts(penn_book, draft, employer_admin):
    """A form sent before htmx took it over (or with scripts off) still saves, or says why not."""
    competency = first_competency(draft)
    page = employer_admin.get(url("job_book_editor", penn_book)).content.decode()
    action = url("competency_edit", penn_book, competency.pk)
    assert f'method="post" action="{url("skill_add", penn_book, competency.pk)}"' in page
    assert f'method="post" action="{action}"' in employer_admin.get(action, **HTMX).content.decode()

    response = employer_admin.post(
        action, {"name": competency.name, "description": "", "target_hours": "980", "minimum_hours": "900"},
        follow=True,
    )
    assert response.redirect_chain == [(url("job_book_editor", penn_book), 302)]
    assert "20 h less than the 2,736" in response.content.decode()

    response = employer_admin.post(action, {"name": "", "target_hours": "10", "minimum_hours": "20"}, follow=True)
    assert response.redirect_chain == [(url("job_book_editor", penn_book), 302)]
    assert "Name: This field is required." in response.content.decode()
    with scopes_disabled():
        competency.refresh_from_db()
    assert competency.name and (competency.target_hours, competency.minimum_hours) == (980, 900)


def test_reordering_through_the_editor(penn_book, draft, employer_admin):
    with scopes_disabled():
        second = selectors.competencies_of(draft)[1]
    employer_admin.post(url("competency_move", penn_book, second.pk), {"direction": "up"}, **HTMX)
    with scopes_disabled():
        assert selectors.competencies_of(draft)[0].pk == second.pk


def test_publishing_through_the_page_and_editing_again_makes_a_new_draft(penn_book, draft, employer_admin):
    response = employer_admin.post(url("version_publish", penn_book), {"note": "Hot mold safety"})
    assert response.status_code == 302
    with scopes_disabled():
        draft.refresh_from_db()
        assert draft.status == JobBookVersion.Status.PUBLISHED
        assert selectors.draft_version(penn_book) is None
    # A published book cannot be changed through the editor...
    competency = first_competency(draft)
    response = employer_admin.post(url("skill_add", penn_book, competency.pk), {"name": "Sneaky"}, **HTMX)
    assert "cannot be changed" in response.context["error"]
    with scopes_disabled():
        assert not Skill.objects.filter(name="Sneaky").exists()
    # ...editing starts version 3.
    employer_admin.post(url("version_start", penn_book))
    with scopes_disabled():
        assert selectors.draft_version(penn_book).number == 3
    history = employer_admin.get(url("job_book_history", penn_book))
    assert [v.number for v in history.context["versions"]] == [3, 2, 1]
    diff = employer_admin.get(url("job_book_diff", penn_book))
    assert diff.status_code == 200


def test_publishing_an_empty_competency_is_refused_with_the_reason(penn_book, draft, employer_admin):
    employer_admin.post(url("competency_add", penn_book), {"name": "Robot cell", "target_hours": "40"}, **HTMX)
    response = employer_admin.post(url("version_publish", penn_book), follow=True)
    assert "“Robot cell” has no skills" in response.content.decode()
    with scopes_disabled():
        draft.refresh_from_db()
    assert draft.status == JobBookVersion.Status.DRAFT


def test_diff_page_shows_the_changes_between_published_and_draft(penn_book, employer_admin):
    response = employer_admin.get(url("job_book_diff", penn_book))
    assert "Work safely around hot molds, heater bands and pinch points" in response.content.decode()
    assert [c.kind for c in response.context["diff"].changes] == ["added"]


def test_export_downloads_csv_and_json(penn_book, world, client_for):
    mentor = client_for(world.user("keystone", Role.MENTOR))
    csv = mentor.get(url("job_book_export", penn_book, format="csv"))
    assert csv["Content-Type"].startswith("text/csv") and "attachment" in csv["Content-Disposition"]
    assert b"Local options: plastics injection molding" in csv.content
    assert mentor.get(url("job_book_export", penn_book, format="json")).json()["version"] == 1


def test_import_through_the_page_replaces_the_draft(penn_book, allegheny_book, world, client_for):
    from django.core.files.uploadedfile import SimpleUploadedFile

    admin = client_for(world.user("keystone", Role.SPONSOR_ADMIN))
    exported = admin.get(url("job_book_export", penn_book, format="csv")).content
    response = admin.post(url("job_book_import", allegheny_book), {"file": SimpleUploadedFile("penn.csv", exported)})
    assert response.status_code == 302
    with scopes_disabled():
        imported = services.version_content(selectors.draft_version(allegheny_book))
        assert imported == services.version_content(selectors.published_version(penn_book))


def test_employer_admin_creates_a_book_from_the_standard(world, client_for):
    from programs.models import Program
    from programs.services import program_create

    with scopes_disabled():
        program = program_create(sponsor=world.a, name="IMT night shift", wage_steps=[])
    client = client_for(world.user("keystone", Role.EMPLOYER_ADMIN))
    page = client.get(reverse("job_book_create", args=["keystone"]))
    assert page.status_code == 200
    response = client.post(reverse("job_book_create", args=["keystone"]), {
        "program": program.pk, "employer": world.member("keystone", Role.EMPLOYER_ADMIN).employer_id,
        "source": "standard",
    })
    assert response.status_code == 302
    with scopes_disabled():
        book = Program.objects.get(pk=program.pk).job_books.get()
        assert len(selectors.competencies_of(selectors.draft_version(book))) == 11


def _book_with(world, competencies, skills_each, name):
    from programs.models import Employer, Program

    editor = world.member("keystone", Role.SPONSOR_ADMIN)
    with scopes_disabled():
        employer = Employer.objects.create(sponsor=world.a, name=name)
        book = services.job_book_create(by=editor, program=Program.objects.get(sponsor=world.a), employer=employer)
        services.version_replace_content(by=editor, version=book.versions.get(), content=[
            {"name": f"Competency {c}", "target_hours": 10,
             "skills": [{"name": f"Skill {s}"} for s in range(skills_each)]}
            for c in range(competencies)
        ])
        return book


def test_the_editor_page_query_count_does_not_grow_with_the_book(world, client_for):
    small = _book_with(world, 2, 5, "Small Shop")
    large = _book_with(world, 10, 10, "Large Shop")
    admin = client_for(world.user("keystone", Role.SPONSOR_ADMIN))
    counts = []
    for book in (small, large):
        admin.get(url("job_book_editor", book))  # warm up sessions and caches
        with CaptureQueriesContext(connection) as queries:
            response = admin.get(url("job_book_editor", book))
        assert response.status_code == 200
        counts.append(len(queries))
    assert response.context["totals"].skills == 100
    assert counts[0] == counts[1]
