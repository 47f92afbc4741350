import pytest
from django.core.exceptions import ValidationError
from django_scopes import scopes_disabled

from jobbook import selectors, services
from jobbook.models import Competency, JobBook, JobBookVersion, Skill

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _unscoped():
    with scopes_disabled():
        yield


def test_demo_gives_penn_a_published_customized_book_and_a_second_draft(demo_world):
    penn_book = JobBook.objects.get(sponsor=demo_world.a, employer__name="Penn Precision Plastics")
    published = selectors.published_version(penn_book)
    draft = selectors.draft_version(penn_book)
    assert published.number == 1 and draft.number == 2
    local = Competency.objects.get(version=published, key="std-local")
    assert "plastics" in local.name
    assert Skill.objects.filter(competency__version=published).count() > Skill.objects.filter(
        competency__version=selectors.published_version(JobBook.objects.get(employer__name="Allegheny Metal Works"))
    ).count()


def test_demo_gives_allegheny_and_erie_the_published_standard_book(demo_world):
    for employer in ("Allegheny Metal Works", "Erie Food Processing"):
        version = selectors.published_version(JobBook.objects.get(employer__name=employer))
        competencies = selectors.competencies_of(version)
        assert len(competencies) == 11
        assert sum(c.target_hours for c in competencies) == 2736


def test_published_version_cannot_be_changed(penn_book, editor):
    published = selectors.published_version(penn_book)
    competency = Competency.objects.filter(version=published).first()
    skill = competency.skills.first()
    refused = [
        lambda: services.competency_add(by=editor, version=published, name="New"),
        lambda: services.competency_update(by=editor, competency=competency, name="Renamed", target_hours=10),
        lambda: services.competency_move(by=editor, competency=competency, offset=1),
        lambda: services.competency_remove(by=editor, competency=competency),
        lambda: services.skill_add(by=editor, competency=competency, name="New skill"),
        lambda: services.skill_update(by=editor, skill=skill, name="Renamed"),
        lambda: services.skill_move(by=editor, skill=skill, offset=1),
        lambda: services.skill_remove(by=editor, skill=skill),
        lambda: services.version_publish(version=published, by=editor),
        lambda: services.version_replace_content(by=editor, version=published, content=[]),
    ]
    before = services.version_content(published)
    for attempt in refused:
        with pytest.raises(ValidationError, match="published"):
            attempt()
    assert services.version_content(published) == before


def test_editing_a_published_book_starts_a_draft_copy_with_the_same_keys(allegheny_book, keystone_admin, editor):
    published = selectors.published_version(allegheny_book)
    assert selectors.draft_version(allegheny_book) is None
    draft = services.version_start_draft(job_book=allegheny_book, by=editor)
    assert draft.status == JobBookVersion.Status.DRAFT and draft.number == published.number + 1
    assert draft.based_on == published
    assert services.version_content(draft) == services.version_content(published)
    assert services.version_start_draft(job_book=allegheny_book, by=editor) == draft


def test_publishing_retires_the_previous_version_and_freezes_the_draft(penn_book, keystone_admin, editor):
    old = selectors.published_version(penn_book)
    draft = selectors.draft_version(penn_book)
    services.version_publish(version=draft, by=editor, note="Safety skill added")
    old.refresh_from_db()
    draft.refresh_from_db()
    assert old.status == JobBookVersion.Status.RETIRED and old.retired_at
    assert draft.status == JobBookVersion.Status.PUBLISHED
    assert draft.published_by == keystone_admin and draft.note == "Safety skill added"
    assert selectors.draft_version(penn_book) is None


def test_publishing_refuses_an_empty_competency_and_says_which(penn_book, keystone_admin, editor):
    draft = selectors.draft_version(penn_book)
    services.competency_add(by=editor, version=draft, name="Robot cell operation", target_hours=40)
    with pytest.raises(ValidationError) as refused:
        services.version_publish(version=draft, by=editor)
    assert "“Robot cell operation” has no skills" in " ".join(refused.value.messages)
    draft.refresh_from_db()
    assert draft.status == JobBookVersion.Status.DRAFT


def test_publishing_refuses_a_skill_without_a_name(penn_book, keystone_admin, editor):
    draft = selectors.draft_version(penn_book)
    competency = Competency.objects.get(version=draft, key="std-safety")
    Skill.objects.create(sponsor=draft.sponsor, competency=competency, name="  ", position=99)
    with pytest.raises(ValidationError) as refused:
        services.version_publish(version=draft, by=editor)
    assert "of “Protect self and other workers from accidents and injuries” has no name" in refused.value.messages[0]


def test_editing_a_draft_validates_names_and_hours(penn_book, editor):
    draft = selectors.draft_version(penn_book)
    competency = Competency.objects.filter(version=draft).first()
    with pytest.raises(ValidationError) as refused:
        services.competency_update(by=editor, competency=competency, name=" ", target_hours=10)
    assert "name" in refused.value.error_dict
    with pytest.raises(ValidationError) as refused:
        services.competency_update(by=editor, competency=competency, name="X", target_hours=10, minimum_hours=20)
    assert "minimum_hours" in refused.value.error_dict
    with pytest.raises(ValidationError) as refused:
        services.competency_update(by=editor, competency=competency, name="X", target_hours=-1)
    assert "target_hours" in refused.value.error_dict


def test_moving_swaps_neighbours_and_stops_at_the_ends(penn_book, editor):
    draft = selectors.draft_version(penn_book)
    first, second = selectors.competencies_of(draft)[:2]
    services.competency_move(by=editor, competency=second, offset=-1)
    assert [c.key for c in selectors.competencies_of(draft)[:2]] == [second.key, first.key]
    services.competency_move(by=editor, competency=second, offset=-1)
    assert selectors.competencies_of(draft)[0].key == second.key


def test_diff_names_every_kind_of_change(penn_book, keystone_admin, editor):
    published = selectors.published_version(penn_book)
    draft = selectors.draft_version(penn_book)
    competencies = {c.key: c for c in selectors.competencies_of(draft)}
    services.competency_update(
        competency=competencies["std-setup"], by=editor, name="Set up molding presses", target_hours=180
    )
    services.competency_update(
        competency=competencies["std-operate"], by=editor, name=competencies["std-operate"].name, target_hours=1020
    )
    services.competency_remove(by=editor, competency=competencies["std-business"])
    services.competency_add(by=editor, version=draft, name="Robot cell operation", target_hours=0)
    skill = competencies["std-measure"].skills.get(key="std-measure-gauges")
    services.skill_update(by=editor, skill=skill, name="Use go/no-go and thread gauges")
    services.skill_remove(by=editor, skill=competencies["std-measure"].skills.get(key="std-measure-test"))

    diff = selectors.version_diff(published, draft)

    def names(what, kind):
        return sorted(c.name for c in diff.of(what, kind))

    assert names("competency", "added") == ["Robot cell operation"]
    assert names("competency", "removed") == ["Demonstrate knowledge of trends and the current state of business"]
    assert names("competency", "renamed") == ["Set up molding presses"]
    hours = {c.name: (c.old, c.new) for c in diff.of("competency", "hours")}
    assert hours == {"Set up molding presses": (200, 180), "Operate production equipment": (1000, 1020)}
    assert "Work safely around hot molds, heater bands and pinch points" in names("skill", "added")
    assert "Read a part specification and know which features are critical" not in names("skill", "added")
    assert names("skill", "renamed") == ["Use go/no-go and thread gauges"]
    removed = names("skill", "removed")
    assert "Run the area's test equipment and record results on the inspection sheet" in removed
    assert "Name the plant's main products and customers" in removed  # with its competency


def test_diff_of_a_version_with_itself_is_empty(penn_book):
    published = selectors.published_version(penn_book)
    assert not selectors.version_diff(published, published)


def test_stable_keys_survive_copies_to_new_versions_and_new_books(penn_book, world, keystone_admin, editor):
    published = selectors.published_version(penn_book)
    draft = selectors.draft_version(penn_book)
    assert {c.key for c in selectors.competencies_of(published)} <= {c.key for c in selectors.competencies_of(draft)}
    published_skill_keys = set(Skill.objects.filter(competency__version=published).values_list("key", flat=True))
    draft_skill_keys = set(Skill.objects.filter(competency__version=draft).values_list("key", flat=True))
    assert published_skill_keys <= draft_skill_keys

    from programs.models import Employer, Program

    employer = Employer.objects.create(sponsor=world.a, name="Susquehanna Castings")
    copy = services.job_book_create(
        program=Program.objects.get(sponsor=world.a), employer=employer, by=editor, source_version=published
    )
    copied = copy.versions.get()
    assert services.version_content(copied) == services.version_content(published)


def test_a_book_cannot_be_copied_from_another_sponsor(world, keystone_admin, editor):
    from programs.models import Employer, Program

    other = selectors.published_version(JobBook.objects.get(employer__name="Erie Food Processing"))
    employer = Employer.objects.create(sponsor=world.a, name="Susquehanna Castings")
    with pytest.raises(ValidationError):
        services.job_book_create(
            program=Program.objects.get(sponsor=world.a), employer=employer, by=editor, source_version=other
        )


def test_an_employer_gets_one_book_per_program(penn_book, editor):
    with pytest.raises(ValidationError) as refused:
        services.job_book_create(by=editor, program=penn_book.program, employer=penn_book.employer)
    assert "employer" in refused.value.error_dict


def test_seeding_the_demo_twice_changes_nothing(demo_world):
    from tests.conftest import seed_demo_data

    counts = (JobBook.objects.count(), JobBookVersion.objects.count(), Skill.objects.count())
    seed_demo_data()
    assert (JobBook.objects.count(), JobBookVersion.objects.count(), Skill.objects.count()) == counts


def test_descriptions_are_at_most_5000_characters(penn_book, editor):
    draft = selectors.draft_version(penn_book)
    competency = Competency.objects.filter(version=draft).first()
    skill = Skill.objects.filter(competency=competency).first()
    too_long = "d" * 5001
    for call in (
        lambda: services.competency_update(
            competency=competency, by=editor, name="X", description=too_long, target_hours=10
        ),
        lambda: services.competency_add(by=editor, version=draft, name="New", description=too_long),
        lambda: services.skill_update(by=editor, skill=skill, name="Y", description=too_long),
        lambda: services.skill_add(by=editor, competency=competency, name="New skill", description=too_long),
    ):
        with pytest.raises(ValidationError) as refused:
            call()
        assert "5,000 characters or fewer" in " ".join(refused.value.message_dict["description"])
    services.skill_update(by=editor, skill=skill, name="Y", description="d" * 5000)
    skill.refresh_from_db()
    assert len(skill.description) == 5000


def test_an_employer_admin_cannot_edit_another_employers_book_through_the_services(world, allegheny_book):
    from django.core.exceptions import PermissionDenied

    from imt.permissions import Role

    penn_admin = world.member("keystone", Role.EMPLOYER_ADMIN)  # of Penn Precision Plastics
    draft = selectors.draft_version(allegheny_book) or services.version_start_draft(
        job_book=allegheny_book, by=world.member("keystone", Role.SPONSOR_ADMIN))
    with pytest.raises(PermissionDenied):
        services.competency_add(version=draft, by=penn_admin, name="Not yours")
    with pytest.raises(PermissionDenied):
        services.version_start_draft(job_book=allegheny_book, by=penn_admin)
    with pytest.raises(PermissionDenied):
        services.job_book_create(program=allegheny_book.program, employer=allegheny_book.employer, by=penn_admin)


def test_a_mentor_cannot_edit_their_employers_book_through_the_services(world, penn_book):
    from django.core.exceptions import PermissionDenied

    from imt.permissions import Role

    with pytest.raises(PermissionDenied):
        services.competency_add(version=selectors.draft_version(penn_book),
                                by=world.member("keystone", Role.MENTOR), name="Not a mentor's")
