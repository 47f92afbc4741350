"""The mentor's pages: the queue (approve many, reject with a reason), sign-offs with password confirmation,
the mentor's dashboard."""

import time
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders
from django.urls import reverse
from django_scopes import scope

from apprentices.models import OJTEntry, SignOffRequest, SkillSignOff
from imt.reauth import SESSION_KEY
from tests.apprentices.conftest import days_ago

pytestmark = pytest.mark.django_db


def url(name, *args):
    return reverse(name, args=["keystone", *args])


@pytest.fixture
def mentor(make):
    """A mentor with no demo apprentices, so their queue holds only what a test puts there."""
    return make.mentor_member()


@pytest.fixture
def mentee(make, mentor):
    member = make.apprentice(name="Mia Mentee")
    member.enrollment = make.enrollment(apprentice=member, mentor=mentor)
    return member


def statuses(*entries):
    with scope(sponsor=entries[0].sponsor):
        return [OJTEntry.objects.get(pk=e.pk).status for e in entries]


def test_the_queue_lists_pending_entries_oldest_first_with_the_apprentices_totals(make, mentor, mentee, client_for):
    make.entry(mentee.enrollment, hours="8", status=OJTEntry.Status.APPROVED, date=days_ago(30))
    newer = make.entry(mentee.enrollment, hours="3", date=days_ago(2))
    older = make.entry(mentee.enrollment, hours="5", date=days_ago(9))

    response = client_for(mentor.user).get(url("mentor_queue"))

    assert [e.pk for e in response.context["queue"].entries] == [older.pk, newer.pk]
    page = response.content.decode()
    assert page.index(f'value="{older.pk}"') < page.index(f'value="{newer.pk}"')
    assert "Totals: 8 h approved, 8 h pending" in page


def test_the_mentor_approves_two_entries_at_once_with_one_signature(make, mentor, mentee, client_for):
    first, second, third = (make.entry(mentee.enrollment, hours="2", date=days_ago(n)) for n in (3, 4, 5))

    response = client_for(mentor.user).post(url("mentor_queue"), {"entries": [first.pk, second.pk],
                                                                  "action": "approve"})

    assert response.status_code == 302
    assert statuses(first, second, third) == ["approved", "approved", "pending"]
    with scope(sponsor=make.sponsor):
        assert OJTEntry.objects.get(pk=first.pk).signature_id == OJTEntry.objects.get(pk=second.pk).signature_id


def test_a_double_submission_makes_one_approval(make, mentor, mentee, client_for):
    entry = make.entry(mentee.enrollment, hours="2")
    client = client_for(mentor.user)
    client.post(url("mentor_queue"), {"entries": [entry.pk], "action": "approve"})

    again = client.post(url("mentor_queue"), {"entries": [entry.pk], "action": "approve"})

    assert again.status_code == 200
    assert "decided meanwhile" in " ".join(again.context["form"].errors["entries"])
    with scope(sponsor=make.sponsor):
        assert OJTEntry.objects.filter(pk=entry.pk, status="approved").count() == 1


def test_the_approve_button_is_disabled_after_the_first_submit(mentor, mentee, make, client_for):
    make.entry(mentee.enrollment, hours="2")
    page = client_for(mentor.user).get(url("mentor_queue")).content.decode()
    assert 'id="queue-form"' in page and "data-once" in page
    # The script is a static file (the Content-Security-Policy allows no inline script) on every page.
    assert "js/app.js" in page
    script = Path(finders.find("js/app.js")).read_text()
    assert 'form.hasAttribute("data-once")' in script and "button.disabled = true" in script


def test_rejecting_needs_a_reason_shown_next_to_it_with_the_selection_kept(make, mentor, mentee, client_for):
    entry = make.entry(mentee.enrollment, hours="2")

    response = client_for(mentor.user).post(url("mentor_queue"), {"entries": [entry.pk], "action": "reject",
                                                                   "reason": " "})

    assert "Tell the apprentice why" in " ".join(response.context["form"].errors["reason"])
    page = response.content.decode()
    assert f'value="{entry.pk}" id="entry-{entry.pk}" checked' in page
    assert statuses(entry) == ["pending"]


def test_the_mentor_rejects_with_a_reason_the_apprentice_sees(make, mentor, mentee, client_for):
    entry = make.entry(mentee.enrollment, hours="2")

    client_for(mentor.user).post(url("mentor_queue"), {"entries": [entry.pk], "action": "reject",
                                                       "reason": "Not on the schedule"})

    assert statuses(entry) == ["rejected"]
    assert "Not on the schedule" in client_for(mentee.user).get(url("hours_list")).content.decode()


def test_selecting_nothing_is_refused(make, mentor, mentee, client_for):
    make.entry(mentee.enrollment, hours="2")
    response = client_for(mentor.user).post(url("mentor_queue"), {"action": "approve"})
    assert "Select at least one entry" in response.content.decode()


def test_an_unassigned_mentor_cannot_approve_and_gets_404_on_the_record(make, mentee, client_for):
    entry = make.entry(mentee.enrollment, hours="2")
    stranger = make.mentor_member()
    client = client_for(stranger.user)

    response = client.post(url("mentor_queue"), {"entries": [entry.pk], "action": "approve"})

    assert response.status_code == 200 and statuses(entry) == ["pending"]
    assert client.get(url("enrollment_detail", mentee.enrollment.pk)).status_code == 404
    assert client.get(url("skill_sign_off", mentee.enrollment.pk)).status_code == 404


def _confirm_password_recently(client):
    session = client.session
    session[SESSION_KEY] = time.time()
    session.save()


def test_signing_off_asks_for_the_password_and_refuses_a_wrong_one(make, mentor, mentee, client_for):
    skill = make.skills(make.competency())[0]
    mentor.user.set_password("right-pass")
    mentor.user.save()
    client = client_for(mentor.user)
    form_url = url("skill_sign_off", mentee.enrollment.pk)
    data = {"skill": skill.pk, "level": 3, "observed_on": days_ago(1).isoformat(), "comment": "Clean setup"}

    page = client.get(f"{form_url}?skill={skill.pk}")
    assert "password" in page.context["form"].fields
    assert page.context["form"]["skill"].value() == str(skill.pk)

    wrong = client.post(form_url, {**data, "password": "nope"})
    assert "That password is not right" in " ".join(wrong.context["form"].errors["password"])
    assert 'Clean setup</textarea>' in wrong.content.decode()

    signed = client.post(form_url, {**data, "password": "right-pass"})
    assert signed.status_code == 302
    with scope(sponsor=make.sponsor):
        sign_off = SkillSignOff.objects.get(enrollment=mentee.enrollment, skill_key=skill.key)
    assert (sign_off.level, sign_off.comment, sign_off.mentor_id) == (3, "Clean setup", mentor.pk)
    assert sign_off.signature.password_confirmed_at is not None

    # Confirmed a moment ago: the next sign-off does not ask again.
    assert "password" not in client.get(form_url).context["form"].fields


def test_a_sign_off_from_a_request_fulfills_it_and_shows_on_the_record(make, mentor, mentee, client_for):
    skills = make.skills(make.competency())
    with scope(sponsor=make.sponsor):
        request = SignOffRequest.objects.create(
            sponsor=make.sponsor, enrollment=mentee.enrollment, skill=skills[0], skill_key=skills[0].key,
            requested_by=mentee.user,
        )
    client = client_for(mentor.user)
    _confirm_password_recently(client)
    assert f"{url('sign_off_from_request', request.pk)}" in client.get(url("mentor_queue")).content.decode()

    response = client.post(url("sign_off_from_request", request.pk), {
        "skill": skills[0].pk, "level": 4, "observed_on": days_ago(0).isoformat()})

    assert response.status_code == 302
    with scope(sponsor=make.sponsor):
        assert SignOffRequest.objects.get(pk=request.pk).status == "fulfilled"
    record = client_for(mentee.user).get(url("enrollment_detail", mentee.enrollment.pk)).content.decode()
    assert f"signed off by {mentor.user.full_name}" in record


def test_a_sign_off_in_the_future_is_refused_next_to_the_date(make, mentor, mentee, client_for):
    skill = make.skills(make.competency())[0]
    client = client_for(mentor.user)
    _confirm_password_recently(client)
    response = client.post(url("skill_sign_off", mentee.enrollment.pk), {
        "skill": skill.pk, "level": 3, "observed_on": days_ago(-2).isoformat()})
    assert "cannot be in the future" in " ".join(response.context["form"].errors["observed_on"])


def test_the_competency_shows_mastered_when_its_last_skill_is_signed(make, mentor, mentee, client_for):
    competency = make.competency()
    client = client_for(mentor.user)
    _confirm_password_recently(client)
    for skill in make.skills(competency):
        client.post(url("skill_sign_off", mentee.enrollment.pk), {
            "skill": skill.pk, "level": 3, "observed_on": days_ago(1).isoformat()})
    page = client_for(mentee.user).get(url("enrollment_detail", mentee.enrollment.pk)).content.decode()
    assert f'data-competency="{competency.key}"' in page
    block = page[page.index(f'data-competency="{competency.key}"'):]
    assert "competency-mastered" in block[:600]


def test_the_mentor_dashboard_shows_their_apprentices_and_queue_size(make, mentor, mentee, client_for):
    make.entry(mentee.enrollment, hours="2")
    make.entry(mentee.enrollment, hours="3", date=days_ago(4))

    response = client_for(mentor.user).get(url("dashboard"))

    page = response.content.decode()
    assert response.context["queue_size"] == 2
    assert '<div class="display-6" id="queue-size">2</div>' in page
    assert "Mia Mentee" in page


def test_a_mentor_revokes_a_sign_off_with_a_reason_and_the_skill_is_open_again(make, mentor, mentee, client_for):
    skill = make.skills(make.competency())[0]
    client = client_for(mentor.user)
    _confirm_password_recently(client)
    client.post(url("skill_sign_off", mentee.enrollment.pk), {
        "skill": skill.pk, "level": 3, "observed_on": days_ago(1).isoformat()})
    with scope(sponsor=make.sponsor):
        sign_off = SkillSignOff.objects.get(enrollment=mentee.enrollment, skill_key=skill.key)
    revoke_url = url("sign_off_revoke", mentee.enrollment.pk, sign_off.pk)
    assert revoke_url in client.get(url("enrollment_detail", mentee.enrollment.pk)).content.decode()

    refused = client.post(revoke_url, {"reason": ""})
    assert "Give a reason" in " ".join(refused.context["form"].errors["reason"])
    assert client.post(revoke_url, {"reason": "Signed the wrong skill"}).status_code == 302

    with scope(sponsor=make.sponsor):
        assert SkillSignOff.objects.get(pk=sign_off.pk).revocation.reason == "Signed the wrong skill"
    assert "already revoked" in client.get(revoke_url).content.decode()
    record = client.get(url("enrollment_detail", mentee.enrollment.pk)).content.decode()
    assert f"{url('skill_sign_off', mentee.enrollment.pk)}?skill={skill.pk}" in record
    assert client_for(mentee.user).get(revoke_url).status_code == 403
