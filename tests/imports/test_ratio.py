"""A row that would break the employer's or the mentor's apprentice-to-journeyworker ratio is refused in
the preview, under the mentor column, with the enrollment service's message; rows above it count."""

import pytest
from django_scopes import scopes_disabled

from compliance.selectors import employer_load, journeyworkers_at, mentor_load
from imports.models import RosterImport, RosterImportRow
from programs.models import Employer, Membership, Program, RatioPolicy
from programs.services import standards_publish
from tests.imports.conftest import PENN, PROGRAM, csv_file, row

pytestmark = pytest.mark.django_db
A = RosterImportRow.Action


def room_for_one_more(world, policy):
    """Set the program's ratio so that the Penn mentor (Penn's one journeyworker) has room for exactly one
    more apprentice."""
    with scopes_disabled():
        mentor = Membership.objects.get(sponsor=world.a, user__email="mentor@keystone.example")
        penn = Employer.objects.get(sponsor=world.a, name=PENN)
        load = mentor_load(mentor.pk)
        assert journeyworkers_at(penn) == 1 and employer_load(penn.pk)[0] == load
        program = Program.objects.get(sponsor=world.a, name=PROGRAM)
        Program.objects.filter(pk=program.pk).update(ratio_apprentices=load + 1, ratio_journeyworkers=1,
                                                     ratio_policy=policy)
        program.refresh_from_db()
        standards_publish(program=program, note="ratio test")
        return load + 1


def rows_of():
    with scopes_disabled():
        return {r.number: r for r in RosterImportRow.objects.filter(roster_import=RosterImport.objects.get())}


def test_a_second_row_for_a_mentor_with_room_for_one_is_refused_under_the_mentor(admin, upload, world):
    allowed = room_for_one_more(world, RatioPolicy.REFUSE)
    response = upload(admin, csv_file([row(1), row(2)]))
    rows = rows_of()
    assert (rows[2].action, rows[3].action) == (A.CREATE, A.REFUSED)
    assert set(rows[3].errors) == {"mentor"}
    message = rows[3].errors["mentor"][0]
    assert f"{PENN} would have {allowed + 1} apprentices for 1 journeyworkers; the ratio {allowed}:1" in message
    assert message.endswith(f"would mentor {allowed + 1} apprentices; the ratio {allowed}:1 allows {allowed} per "
                            "journeyworker. The program's standards refuse it.")
    assert "The program&#x27;s standards refuse it." in response.content.decode()


def test_with_an_override_policy_the_row_is_refused_and_says_to_enroll_by_hand(admin, upload, world):
    room_for_one_more(world, RatioPolicy.OVERRIDE)
    upload(admin, csv_file([row(1), row(2)]))
    rows = rows_of()
    assert rows[2].action == A.CREATE
    assert "enroll this person by hand and sign the override there" in rows[3].errors["mentor"][0]


def test_the_ratio_look_ups_are_read_once_per_import(admin, world, django_assert_max_num_queries):
    from imports.checking import Lookups, check_row

    room_for_one_more(world, RatioPolicy.REFUSE)
    cells = [(n, row(n)) for n in range(2, 40)]
    with scopes_disabled():
        with django_assert_max_num_queries(12):
            lookups = Lookups.read(sponsor=world.a, only_employer=None, rows=cells, ratio=True)
            actions = [check_row(n, c, lookups).action for n, c in cells]
    assert actions[0] == A.CREATE and set(actions[1:]) == {A.REFUSED}


def test_a_row_refused_for_another_reason_shows_the_ratio_too_and_does_not_count(admin, upload, world):
    room_for_one_more(world, RatioPolicy.REFUSE)
    upload(admin, csv_file([row(1, state="Pennsylvania"), row(2), row(3, zip="1")]))
    rows = rows_of()
    assert rows[2].action == A.REFUSED and "mentor" not in rows[2].errors  # did not count: room is left
    assert rows[3].action == A.CREATE
    assert set(rows[4].errors) == {"zip", "mentor"}
