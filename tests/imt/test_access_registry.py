"""Tenant isolation, checked for every URL pattern the resolver knows.

Every pattern must be declared in the access registry (imt.access).  For each
sponsor-scoped pattern, with real object ids of sponsor A (keystone):
- an anonymous visitor is sent to sign in;
- every member of sponsor B gets 404 on A's address;
- every member of sponsor B gets 404 when guessing A's object ids under B's address;
- members of A whose role is not declared get 403 or 404;
- members of A whose role is declared can open it;
- members of A whose role may open it but not write to it are refused a POST (403, or 405 where the page
  takes no forms at all), and the sponsor reviewer writes only the decisions the README gives them.

- members of A whose role may open it but who may not see the records it names
  (imt/visibility.py) get 404.

A URL names a record as <int:kind_pk>; the kind needs a rule in imt/visibility.py
and an entry in OBJECT_IDS below, which makes a record of sponsor A for it; a new
pattern needs nothing here.
"""

import datetime
import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django_scopes import scopes_disabled

from imt import visibility
from imt.access import access_of
from imt.permissions import PERMISSIONS, REVIEWER_DECISIONS, REVIEWER_OWN_SETTINGS, Role

KWARG = re.compile(r"<(?:\w+:)?(\w+)>")


def walk(resolver=None, prefix="", namespace=""):
    resolver = resolver or get_resolver()
    for pattern in resolver.url_patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            ns = namespace
            if pattern.namespace:
                ns = f"{namespace}{pattern.namespace}:"
            yield from walk(pattern, route, ns)
        elif isinstance(pattern, URLPattern):
            # Unnamed patterns get the view's dotted path as their name, as Django's resolver does.
            callback = pattern.callback
            name = namespace + (pattern.name or f"{callback.__module__}.{callback.__name__}")
            yield route, name, pattern.callback


ALL_PATTERNS = list(walk())
SPONSOR_PATTERNS = [
    (route, name, access_of(view, name)) for route, name, view in ALL_PATTERNS
    if access_of(view, name) is not None and access_of(view, name).is_sponsor
]


def _invitation(world):
    from programs import services

    return services.invitation_create(
        sponsor=world.a, email="new.hire@example.com", role=Role.MENTOR,
        employer=world.member("keystone", Role.MENTOR).employer, invited_by=world.user("keystone", Role.SPONSOR_ADMIN),
    ).pk


def _penn_book(world):
    from jobbook.models import JobBook

    return JobBook.objects.get(sponsor=world.a, employer=world.member("keystone", Role.EMPLOYER_ADMIN).employer)


def _penn_draft_competency(world):
    from jobbook.selectors import draft_version

    return draft_version(_penn_book(world)).competencies.order_by("position").first()


# kwarg name -> function(world) returning the id of an object of sponsor A.
OBJECT_IDS = {
    "employer_pk": lambda world: world.member("keystone", Role.EMPLOYER_ADMIN).employer_id,
    "member_pk": lambda world: world.member("keystone", Role.MENTOR).pk,
    "invitation_pk": _invitation,
    "program_pk": lambda world: world.a.programs.order_by("pk").first().pk,
    "standards_version_pk": lambda world: world.a.programs.order_by("pk").first().standards_versions.get(number=1).pk,
    # Penn Precision Plastics, the employer of keystone's employer admin, mentor and apprentice.
    "job_book_pk": lambda world: _penn_book(world).pk,
    "version_pk": lambda world: _penn_book(world).versions.get(status="published").pk,
    "competency_pk": lambda world: _penn_draft_competency(world).pk,
    "skill_pk": lambda world: _penn_draft_competency(world).skills.order_by("position").first().pk,
    # RTI and credentials: the demo instructor teaches the section; the apprentice is apprentice@keystone.example.
    "course_pk": lambda world: _keystone_course(world, "Blueprint Reading").pk,
    "provider_pk": lambda world: _blueprint_section(world).provider_id,
    "section_pk": lambda world: _blueprint_section(world).pk,
    "section_enrollment_pk": lambda world: _blueprint_section(world).enrollments.get(
        apprentice=world.member("keystone", Role.APPRENTICE)).pk,
    "credit_pk": lambda world: _prior_course_credit(world).pk,
    "apprentice_pk": lambda world: world.member("keystone", Role.APPRENTICE).pk,
    "credential_pk": lambda world: world.member("keystone", Role.APPRENTICE).credentials.exclude(evidence="")
    .order_by("pk").first().pk,
    "credential_type_pk": lambda world: _keystone_credential_type(world).pk,
    # Apprentices: apprentice@keystone.example's enrollment at Penn Precision Plastics, mentored by mentor@keystone.
    "apprentice_enrollment_pk": lambda world: _apprentice_enrollment(world).pk,
    "ojt_entry_pk": lambda world: _pending_ojt_entry(world).pk,
    "sign_off_request_pk": lambda world: _sign_off_request(world).pk,
    "standing_pk": lambda world: _advanced_standing(world).pk,
    "sign_off_pk": lambda world: _apprentice_enrollment(world).sign_offs.filter(revocation__isnull=True)
    .order_by("pk").first().pk,
    # Completion: a recommendation of apprentice@keystone.example with a built packet and a certificate.
    "recommendation_pk": lambda world: _completion(world)["recommendation"].pk,
    "packet_pk": lambda world: _completion(world)["packet"].pk,
    "certificate_pk": lambda world: _completion(world)["certificate"].pk,
    # Transcripts: an issued transcript of apprentice@keystone.example's enrollment.
    "transcript_issue_pk": lambda world: _transcript_issue(world).pk,
    # #16 the token API: a read token of keystone, made by its sponsor admin.
    "api_token_pk": lambda world: _api_token(world).pk,
    # Notifications: one of mentor@keystone.example's, seen by nobody else.
    "notification_pk": lambda world: _notification(world).pk,
    # #16 hours import: a payroll file of keystone's employer admin, mapped and previewed.
    "hours_import_pk": lambda world: _hours_import(world).pk,
    # Imports: a roster file uploaded by keystone's employer admin (Penn Precision Plastics).
    "roster_import_pk": lambda world: _roster_import(world).pk,
}


def _api_token(world):
    from api.services import api_token_create

    token, _secret = api_token_create(by=world.member("keystone", Role.SPONSOR_ADMIN), name="Registry", scope="read")
    return token


def _notification(world):
    from notifications.models import Notification

    notification, _created = Notification.objects.get_or_create(
        sponsor=world.a, user=world.user("keystone", Role.MENTOR), kind="registry_test", key="registry-test",
        defaults={"title": "A notification of the registry test", "url": "/keystone/"},
    )
    return notification


def _hours_import(world):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from payroll import services

    admin = world.member("keystone", Role.EMPLOYER_ADMIN)
    upload = SimpleUploadedFile("hours.csv", b"E-mail,Date,Hours\napprentice@keystone.example,2026-01-05,8\n")
    hours_import = services.hours_import_upload(by=admin, upload=upload)
    competency = _penn_book(world).versions.get(status="published").competencies.order_by("position").first()
    services.hours_mapping_save(by=admin, hours_import=hours_import, apprentice_column="E-mail", match_by="email",
                                date_column="Date", date_format="iso", hours_column="Hours",
                                default_competency_key=competency.key)
    return hours_import


def _roster_import(world):
    from imports.services import roster_import_upload

    content = (b"name,email,program,start_date,mentor\n"
               b"Casey Park,casey.park@example.com,Industrial Manufacturing Technician,2026-03-02,"
               b"mentor@keystone.example\n")
    return roster_import_upload(membership=world.member("keystone", Role.EMPLOYER_ADMIN), name="roster.csv",
                                content=content)[0]


def _transcript_issue(world):
    from transcripts.services import transcript_issue

    return transcript_issue(enrollment=_apprentice_enrollment(world), by=world.member("keystone", Role.SPONSOR_ADMIN))


def _completion(world):
    """Completion records made directly (building a real packet takes seconds; tests/completion do that)."""
    if not hasattr(world, "_completion"):
        from django.core.files.base import ContentFile
        from django.utils import timezone

        from apprentices.services import sign
        from completion.models import Certificate, CompletionPacket, Recommendation

        enrollment = _apprentice_enrollment(world)
        employer_admin = world.user("keystone", Role.EMPLOYER_ADMIN)
        recommendation = Recommendation.objects.create(
            sponsor=world.a, enrollment=enrollment, recommended_by=employer_admin,
            signature=sign(sponsor=world.a, signer=employer_admin, meaning=Recommendation.ATTESTATION,
                           content={"enrollment": enrollment.pk}, password_confirmed_at=timezone.now()),
        )
        packet = CompletionPacket(
            sponsor=world.a, recommendation=recommendation, version=1, status=CompletionPacket.Status.READY,
            requested_by=employer_admin, requested_at=timezone.now(), generated_at=timezone.now(), page_count=1,
        )
        packet.file.save("registry-test.pdf", ContentFile(b"%PDF-1.4\n%test packet\n"), save=True)
        certificate = Certificate(sponsor=world.a, enrollment=enrollment, number=f"TEST-{enrollment.pk}",
                                  completed_on=timezone.localdate())
        certificate.file.save("registry-test-certificate.pdf", ContentFile(b"%PDF-1.4\n"), save=True)
        world._completion = {"recommendation": recommendation, "packet": packet, "certificate": certificate}
    return world._completion


def _apprentice_enrollment(world):
    from apprentices import services
    from apprentices.models import Enrollment

    apprentice = world.member("keystone", Role.APPRENTICE)
    enrollment = Enrollment.objects.filter(apprentice=apprentice, status__in=Enrollment.OPEN_STATUSES).first()
    if enrollment is None:
        version = _penn_book(world).versions.get(status="published")
        enrollment = services.enrollment_create(
            sponsor=world.a, by=world.user("keystone", Role.EMPLOYER_ADMIN), program=version.job_book.program,
            employer=apprentice.employer, job_book_version=version, apprentice=apprentice,
            start_date=datetime.date.today() - datetime.timedelta(days=60),
            mentors=[world.member("keystone", Role.MENTOR)],
        )
    return enrollment


def _pending_ojt_entry(world):
    from apprentices import services

    enrollment = _apprentice_enrollment(world)
    return services.hours_log(
        enrollment=enrollment, by=enrollment.apprentice.user, date=datetime.date.today() - datetime.timedelta(days=1),
        competency=enrollment.job_book_version.competencies.order_by("position").first(), hours="0.25",
    )


def _sign_off_request(world):
    from apprentices import services
    from apprentices.models import SignOffRequest, SkillSignOff

    enrollment = _apprentice_enrollment(world)
    pending = SignOffRequest.objects.filter(enrollment=enrollment, status="pending").first()
    if pending:
        return pending
    signed = SkillSignOff.objects.filter(enrollment=enrollment).values_list("skill_key", flat=True)
    skill = enrollment.job_book_version.competencies.order_by("position").first().skills.exclude(
        key__in=signed).order_by("position").first()
    return services.sign_off_request(enrollment=enrollment, by=enrollment.apprentice.user, skill=skill)


def _advanced_standing(world):
    from apprentices import services
    from rti.demo import demo_pdf

    enrollment = _apprentice_enrollment(world)
    return services.advanced_standing_request(
        enrollment=enrollment, by=world.user("keystone", Role.EMPLOYER_ADMIN), basis="course",
        description="Blueprint reading at HACC", evidence=demo_pdf("transcript.pdf"),
        hours={enrollment.job_book_version.competencies.order_by("position").first(): "8"},
    )


def _keystone_course(world, name):
    from rti.models import Course

    return Course.objects.get(sponsor=world.a, name=name)


def _blueprint_section(world):
    from rti.models import Section

    return Section.objects.filter(sponsor=world.a, course__name="Blueprint Reading",
                                  instructor=world.member("keystone", Role.INSTRUCTOR)).order_by("pk").first()


def _prior_course_credit(world):
    from rti import services
    from rti.demo import demo_pdf

    apprentice = world.member("keystone", Role.APPRENTICE)
    return services.credit_request(
        apprentice=apprentice, course=_keystone_course(world, "Digital Literacy"), institution="HACC",
        taken_title="Computer Basics", completed_on=datetime.date(2020, 5, 1), hours=8,
        evidence=demo_pdf("transcript.pdf"), by=apprentice,
    )


def _keystone_credential_type(world):
    from credentials.models import CredentialType

    return CredentialType.objects.get(sponsor=world.a, name="OSHA 10-Hour General Industry")


def url_kwargs(route, world, slug):
    kwargs = {}
    for kwarg in KWARG.findall(route):
        if kwarg == "sponsor_slug":
            kwargs[kwarg] = slug
        else:
            assert kwarg in OBJECT_IDS, f"Add a factory for URL kwarg {kwarg!r} to OBJECT_IDS in {__file__}"
            with scopes_disabled():
                kwargs[kwarg] = OBJECT_IDS[kwarg](world)
    return kwargs


def test_every_url_pattern_is_declared():
    undeclared = [f"{route} (name={name})" for route, name, view in ALL_PATTERNS if access_of(view, name) is None]
    assert not undeclared, "URL patterns missing from the access registry:\n" + "\n".join(undeclared)


def test_every_sponsor_pattern_is_under_the_sponsor_slug():
    for route, name, _access in SPONSOR_PATTERNS:
        assert route.startswith("<slug:sponsor_slug>/"), f"{name} is sponsor-scoped but lives at {route}"


def test_there_are_sponsor_patterns_to_check():
    assert len(SPONSOR_PATTERNS) >= 10


@pytest.mark.parametrize(("route", "name", "access"), SPONSOR_PATTERNS, ids=[p[1] for p in SPONSOR_PATTERNS])
def test_sponsor_page_isolation(route, name, access, world, client, client_for):
    kwargs = url_kwargs(route, world, world.a.slug)
    url = reverse(name, kwargs=kwargs)

    response = client.get(url)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"], f"anonymous on {url}"

    has_objects = set(kwargs) != {"sponsor_slug"}
    guessed = reverse(name, kwargs={**kwargs, "sponsor_slug": world.b.slug})
    for role in Role:
        outsider = client_for(world.user("lakeshore", role))
        assert outsider.get(url).status_code == 404, f"{role} of sponsor B on A's {url}"
        assert outsider.post(url).status_code == 404, f"{role} of sponsor B posting to A's {url}"
        if has_objects:
            # A role the page is not for is refused before any object is looked up (403 tells nothing);
            # a role it is for must not find sponsor A's object under sponsor B's address.
            # A role that may read but not write is refused the POST before any look-up too.
            expected = (404,) if role in access.roles else (403, 404)
            expected_post = (404,) if role in access.writers else (403, 404, 405)
            assert outsider.post(guessed).status_code in expected_post, f"{role} of B guessing A's ids at {guessed}"
            assert outsider.get(guessed).status_code in (*expected, 405), f"{role} of B guessing A's ids at {guessed}"

    for role in Role:
        member = world.member("keystone", role)
        status = client_for(member.user).get(url).status_code
        if role in access.roles and _sees_all(member, kwargs):
            assert status in (200, 302, 405), f"{role} of sponsor A may use {url} but got {status}"
        elif role in access.roles:
            # Within the sponsor, a record the member may not see (imt/visibility.py) is not there for them.
            assert status == 404, f"{role} of sponsor A does not see the records of {url} but got {status}"
        else:
            assert status in (403, 404), f"{role} of sponsor A may not use {url} but got {status}"


def _sees_all(member, kwargs):
    with scopes_disabled():
        return all(
            visibility.visible(member, name.removesuffix("_pk")).filter(pk=value).exists()
            for name, value in kwargs.items() if name.endswith("_pk")
        )


def test_every_record_a_sponsor_url_names_has_a_visibility_rule():
    missing = sorted({
        f"{name}: <{kwarg}>" for route, name, _access in SPONSOR_PATTERNS for kwarg in KWARG.findall(route)
        if kwarg.endswith("_pk") and kwarg.removesuffix("_pk") not in visibility.RULES
    })
    assert not missing, "Declare who sees these with @visibility.rule (imt/visibility.py):\n" + "\n".join(missing)


def test_no_sponsor_url_names_a_record_other_than_by_its_kind():
    for route, name, _access in SPONSOR_PATTERNS:
        for kwarg in KWARG.findall(route):
            assert kwarg == "sponsor_slug" or kwarg.endswith("_pk"), f"{name} names <{kwarg}>: use <int:kind_pk>"


@pytest.mark.parametrize(("route", "name", "access"), SPONSOR_PATTERNS, ids=[p[1] for p in SPONSOR_PATTERNS])
def test_a_role_writes_only_where_its_permissions_say(route, name, access, world, client_for):
    url = reverse(name, kwargs=url_kwargs(route, world, world.a.slug))
    for role in Role:
        if role in access.writers:
            continue  # the page's own tests send it forms
        status = client_for(world.user("keystone", role)).post(url, {"anything": "1"}).status_code
        if role in access.roles:
            assert status in (403, 405), f"{role} may read {url} but not write to it, yet a POST got {status}"
        else:
            assert status in (403, 404), f"{role} may not use {url}, yet a POST got {status}"


def test_the_sponsor_reviewer_writes_only_decisions():
    for _route, name, access in SPONSOR_PATTERNS:
        if Role.SPONSOR_REVIEWER in access.writers:
            assert access.write in REVIEWER_DECISIONS | REVIEWER_OWN_SETTINGS, (
                f"the reviewer may write {name} through {access.write!r}")
    for permission in REVIEWER_DECISIONS:
        assert Role.SPONSOR_REVIEWER in PERMISSIONS[permission]


def test_every_write_permission_names_roles_that_can_open_the_page():
    for _route, name, access in SPONSOR_PATTERNS:
        assert access.writers <= access.roles, name
        assert not access.write or access.writers == PERMISSIONS[access.write], name


def test_signed_in_pages_send_anonymous_visitors_to_sign_in(client):
    for route, name, view in ALL_PATTERNS:
        access = access_of(view, name)
        if access.kind != "signed_in" or KWARG.search(route):
            continue
        response = client.get(reverse(name))
        assert response.status_code == 302, f"{name} answered {response.status_code} to an anonymous visitor"
        assert "/accounts/login/" in response["Location"] or "/accounts/" in response["Location"], name


def test_unknown_sponsor_slug_is_404(world, client_for):
    admin = client_for(world.user("keystone", Role.SPONSOR_ADMIN))
    assert admin.get("/no-such-sponsor/").status_code == 404
