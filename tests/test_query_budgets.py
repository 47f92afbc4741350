"""Performance budgets of the busiest pages.

Each page runs at most 15 SQL queries per request (the signed-in ping at most 2), as many with ten
times the apprentices, entries or pending items as with a few, and none while its template renders:
views hand templates evaluated data, never a lazy queryset or related manager.
"""

import contextlib
import datetime
import itertools
import sys
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.db import connection
from django.template import Context, Engine, engines
from django.template.base import Node, Template
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django_scopes import scope, scopes_disabled

from apprentices.models import AdvancedStanding, OJTEntry, SignOffLevel, SignOffRequest, SkillSignOff
from apprentices.selectors import mentor_queue
from completion.models import CompletionPacket, Recommendation
from credentials import services as credential_services
from credentials.models import CredentialType
from imt.permissions import Role
from jobbook import selectors as jobbook_selectors
from jobbook import services as jobbook_services
from jobbook.models import JobBook
from programs.models import Employer, Membership
from tests.apprentices.conftest import Factory, days_ago

pytestmark = pytest.mark.django_db

BUDGET = 15
PING_BUDGET = 2
_days = itertools.count(1)


# --- The guard: no query while a template renders --------------------------------------------


@dataclass
class RenderQuery:
    page: str  # the templates being rendered, outermost first
    where: str  # the template and line of the node that ran the query
    sql: str

    def __str__(self):
        sql = self.sql if len(self.sql) <= 300 else self.sql[:300] + " …"
        return f"{self.where} (rendering {self.page}):\n    {sql}"


def _node_rendering():
    """The template and line of the innermost template node being rendered, from the call stack."""
    frame = sys._getframe()
    while frame is not None:
        if frame.f_code is Node.render_annotated.__code__:
            node = frame.f_locals.get("self")
            origin, token = getattr(node, "origin", None), getattr(node, "token", None)
            name = getattr(origin, "template_name", None) or getattr(origin, "name", "?")
            return f"{name}, line {getattr(token, 'lineno', '?')}"
        frame = frame.f_back
    return "?"


@dataclass
class RenderWatch:
    queries: list  # RenderQuery: each query run while a template rendered
    templates: list  # the names of the templates rendered

    def report(self):
        return "\n".join(str(query) for query in self.queries)


@contextlib.contextmanager
def queries_while_rendering():
    """Watch every query run inside Template._render (the inner render, after the context processors,
    which may query): yields a RenderWatch with the template, line and SQL of each."""
    rendering, watch = [], RenderWatch(queries=[], templates=[])
    inner_render = Template._render  # the test runner's instrumented render

    def _render(template, context):
        name = template.name or "<string>"
        rendering.append(name)
        watch.templates.append(name)
        try:
            return inner_render(template, context)
        finally:
            rendering.pop()

    def record(execute, sql, params, many, context):
        if rendering:
            watch.queries.append(RenderQuery(" > ".join(rendering), _node_rendering(), sql))
        return execute(sql, params, many, context)

    with pytest.MonkeyPatch.context() as patch, connection.execute_wrapper(record):
        patch.setattr(Template, "_render", _render)
        yield watch


MEMBERS = "{% for m in members %}{{ m.pk }}{% endfor %}"


def test_the_guard_catches_a_lazy_queryset_a_template_evaluates(world):
    with scopes_disabled(), queries_while_rendering() as watch:
        engines["django"].from_string(MEMBERS).render({"members": Membership.objects.filter(sponsor=world.a)})
    assert len(watch.queries) == 1
    assert "programs_membership" in watch.queries[0].sql
    assert watch.queries[0].where.endswith(", line 1")


def test_the_guard_names_the_included_template_and_line_that_ran_the_query(world):
    engine = Engine(loaders=[("django.template.loaders.locmem.Loader", {
        "page.html": "<h1>People</h1>\n{% include 'rows.html' %}",
        "rows.html": "<ul>\n{% for m in members %}<li>{{ m.pk }}</li>{% endfor %}\n</ul>",
    })])
    with scopes_disabled(), queries_while_rendering() as watch:
        engine.get_template("page.html").render(Context({"members": Membership.objects.filter(sponsor=world.a)}))
    (query,) = watch.queries
    assert (query.page, query.where) == ("page.html > rows.html", "rows.html, line 2")


def test_the_guard_lets_a_view_evaluate_its_data_before_rendering(world):
    with scopes_disabled(), queries_while_rendering() as watch:
        members = list(Membership.objects.filter(sponsor=world.a))
        engines["django"].from_string(MEMBERS).render({"members": members})
    assert watch.queries == []
    assert watch.templates == ["<string>"]


# --- The pages ----------------------------------------------------------------------------------


@dataclass
class Page:
    client: object
    url: str
    grow: Callable  # adds about ten times the data the page shows
    post: Callable = None  # for a POST: () -> the form data, made fresh before each request
    budget: int = BUDGET
    headers: dict = None  # e.g. the header htmx sends with a fragment request

    def form_data(self):
        return self.post() if self.post else None

    def send(self, form_data, *, follow=False):
        if form_data is None:
            return self.client.get(self.url, follow=follow, headers=self.headers)
        return self.client.post(self.url, form_data, follow=follow, headers=self.headers)


PAGES = {}


def builds(*names):
    """Register a function that builds the named pages (name, data, client_for) -> Page."""
    def register(build):
        for name in names:
            PAGES[name] = build
        return build
    return register


def url(name, query=""):
    return reverse(name, args=["keystone"]) + query


class Data(Factory):
    """The apprentices' factories, and a few more rows the pages show."""

    def entries(self, enrollment, n, *, pending_every=2, days_back=180):
        for i in range(n):
            status = OJTEntry.Status.PENDING if i % pending_every == 0 else OJTEntry.Status.APPROVED
            self.entry(enrollment, hours="1", date=days_ago(i % days_back + 1), status=status,
                       competency=self.competency(index=i % 5))

    def sign_offs(self, enrollment, n):
        skills = [s for i in range(11) for s in self.skills(self.competency(index=i))]
        with scope(sponsor=self.sponsor):
            done = set(SkillSignOff.objects.filter(enrollment=enrollment).values_list("skill_key", flat=True))
            for skill in [s for s in skills if s.key not in done][:n]:
                SkillSignOff.objects.create(
                    sponsor=self.sponsor, enrollment=enrollment, skill=skill, skill_key=skill.key, mentor=self.mentor,
                    level=SignOffLevel.PROFICIENT, observed_on=days_ago(5), signature=self.signature(),
                )

    def sign_off_request(self, enrollment, index=0):
        skill = self.skills(self.competency(index=index % 11))[0]
        with scope(sponsor=self.sponsor):
            SignOffRequest.objects.create(
                sponsor=self.sponsor, enrollment=enrollment, skill=skill, skill_key=skill.key,
                requested_by=enrollment.apprentice.user,
            )

    def standing_request(self, enrollment):
        with scope(sponsor=self.sponsor):
            AdvancedStanding.objects.create(
                sponsor=self.sponsor, enrollment=enrollment, basis=AdvancedStanding.Basis.EXPERIENCE,
                description="Ten years on the floor", requested_by=self.employer_admin.user,
            )

    def expiring_credential(self, apprentice):
        with scope(sponsor=self.sponsor):
            first_aid = CredentialType.objects.get(sponsor=self.sponsor, name="First Aid/CPR")
            credential_services.credential_record(
                apprentice=apprentice, credential_type=first_aid, earned_on=days_ago(700),
                expires_on=timezone.localdate() + datetime.timedelta(days=10), by=self.sponsor_admin,
            )

    def recommendation(self, enrollment, *, packet=False):
        with scope(sponsor=self.sponsor):
            recommendation = Recommendation.objects.create(
                sponsor=self.sponsor, enrollment=enrollment, recommended_by=self.employer_admin.user,
                signature=self.signature(self.employer_admin.user),
            )
            if packet:
                CompletionPacket.objects.create(
                    sponsor=self.sponsor, recommendation=recommendation, version=1,
                    status=CompletionPacket.Status.READY, requested_by=self.employer_admin.user,
                    requested_at=timezone.now(),
                )

    def employer(self, name):
        with scopes_disabled():
            return Employer.objects.create(sponsor=self.sponsor, name=name)


@pytest.fixture
def data(world):
    return Data(world)


@builds("apprentice dashboard", "apprentice's completion checklist (htmx)", "hours log", "hours log POST")
def apprentice_pages(name, data, client_for):
    member = data.apprentice()
    enrollment = data.enrollment(apprentice=member)
    data.entries(enrollment, 5)
    data.sign_offs(enrollment, 3)
    data.expiring_credential(member)

    def grow():
        data.entries(enrollment, 45)
        data.sign_offs(enrollment, 27)

    client = client_for(member.user)
    if name == "apprentice dashboard":
        return Page(client, url("dashboard"), grow)
    if name == "apprentice's completion checklist (htmx)":
        return Page(client, url("completion_my_checklist"), grow, headers={"HX-Request": "true"})
    if name == "hours log":
        return Page(client, url("hours_log"), grow)
    competency = data.competency(index=2).pk

    def quick_add():  # an hour on a day of its own, so that no day reaches 24 h
        return {"quick-date": days_ago(next(_days) % 150 + 1).isoformat(), "quick-competency": competency,
                "quick-hours": "1"}

    return Page(client, url("hours_log"), grow, post=quick_add)


@builds("mentor queue", "mentor queue approval POST")
def mentor_pages(name, data, client_for):
    mentor = data.mentor_member()
    enrollments = []

    def add(n):
        for _ in range(n):
            enrollment = data.enrollment(apprentice=data.apprentice(), mentor=mentor)
            data.entry(enrollment, hours="2", date=days_ago(3))
            data.entry(enrollment, hours="3", date=days_ago(1), status=OJTEntry.Status.APPROVED)
            data.sign_off_request(enrollment, index=len(enrollments))
            enrollments.append(enrollment)

    add(5)
    client = client_for(mentor.user)
    if name == "mentor queue":
        return Page(client, url("mentor_queue"), lambda: add(45))

    def approve_all():
        for enrollment in enrollments:  # one more pending entry each, to approve with the rest
            data.entry(enrollment, hours="1", date=days_ago(next(_days) % 150 + 1))
        with scopes_disabled():  # all the queue lists (the oldest QUEUE_LIMIT)
            return {"entries": [e.pk for e in mentor_queue(mentor).entries], "action": "approve"}

    return Page(client, url("mentor_queue"), lambda: add(45), post=approve_all)


@builds("roster", "roster page 2", "roster filtered", "employer admin dashboard", "mentor dashboard")
def roster_pages(name, data, client_for):
    employer = data.employer("Query Budget Castings")
    admin = data.member(Role.EMPLOYER_ADMIN, employer=employer)
    mentor = data.member(Role.MENTOR, employer=employer)

    def add(n):
        for i in range(n):
            enrollment = data.enrollment(apprentice=data.apprentice(employer=employer), mentor=mentor)
            data.entry(enrollment, hours="4", date=days_ago(2 if i % 2 else 20), status=OJTEntry.Status.APPROVED)

    if name.endswith("dashboard"):
        add(5)
        user = admin.user if name == "employer admin dashboard" else mentor.user
        return Page(client_for(user), url("dashboard"), lambda: add(45))
    query = {
        "roster": "",
        "roster page 2": "?page=2",
        "roster filtered": "?status=active&stale=on&sort=-progress",
    }[name]
    few = 30 if name == "roster page 2" else 5  # page 2 holds 5 rows, then 25
    add(few)
    return Page(client_for(admin.user), url("roster", query), lambda: add(few * 9))


@builds("sponsor admin dashboard", "sponsor reviewer dashboard")
def sponsor_dashboards(name, data, client_for):
    def add(n):
        for i in range(n):
            apprentice = data.apprentice(employer=data.allegheny if i % 2 else data.penn)
            enrollment = data.enrollment(apprentice=apprentice)
            data.entry(enrollment, hours="2")
            data.standing_request(enrollment)
            data.recommendation(enrollment, packet=bool(i % 2))
            data.expiring_credential(apprentice)

    add(5)
    role = Role.SPONSOR_ADMIN if name == "sponsor admin dashboard" else Role.SPONSOR_REVIEWER
    return Page(client_for(data.world.user("keystone", role)), url("dashboard"), lambda: add(45))


@builds("Job Book editor")
def job_book_editor(name, data, client_for):
    employer = data.employer("Query Budget Molding")
    admin = data.member(Role.EMPLOYER_ADMIN, employer=employer)
    with scopes_disabled():
        book = jobbook_services.job_book_create(program=data.program, employer=employer, by=admin)

    def fill(competencies, skills_each):
        with scopes_disabled():
            jobbook_services.version_replace_content(
                version=jobbook_selectors.draft_version(JobBook.objects.get(pk=book.pk)), content=[
                    {"name": f"Competency {c}", "target_hours": 10,
                     "skills": [{"name": f"Skill {s}"} for s in range(skills_each)]}
                    for c in range(competencies)
                ], by=admin)

    fill(2, 5)
    editor = reverse("job_book_editor", args=["keystone", book.pk])
    return Page(client_for(admin.user), editor, lambda: fill(10, 10))


@builds("completion queue (sponsor admin)", "completion queue (sponsor reviewer)")
def completion_queue(name, data, client_for):
    def add(n):
        for i in range(n):
            data.recommendation(data.enrollment(), packet=bool(i % 2))

    add(5)
    role = Role.SPONSOR_ADMIN if "admin" in name else Role.SPONSOR_REVIEWER
    return Page(client_for(data.world.user("keystone", role)), url("completion_queue"), lambda: add(45))


@builds("ping")
def ping(name, data, client_for):
    member = data.apprentice()
    enrollment = data.enrollment(apprentice=member)
    data.entries(enrollment, 5)
    return Page(client_for(member.user), reverse("ping"), lambda: data.entries(enrollment, 45), budget=PING_BUDGET)


def build(name, data, client_for):
    return PAGES[name](name, data, client_for)


def count_queries(page):
    """The queries of one request: a POST's form data is made before, its redirect (on success) not followed."""
    form_data = page.form_data()
    with CaptureQueriesContext(connection) as captured:
        response = page.send(form_data)
    assert response.status_code == (200 if form_data is None else 302), response
    return len(captured)


# --- The budgets ----------------------------------------------------------------------------


@pytest.mark.parametrize("name", list(PAGES))
def test_the_page_runs_as_many_queries_with_ten_times_the_data_and_stays_within_budget(name, data, client_for):
    page = build(name, data, client_for)
    count_queries(page)  # warm the session and caches
    few = count_queries(page)
    page.grow()
    many = count_queries(page)
    assert few == many, f"{name}: {few} queries with the small data set, {many} with ten times the data"
    assert many <= page.budget, f"{name}: {many} queries, over the budget of {page.budget}"


@pytest.mark.parametrize("name", [name for name in PAGES if name != "ping"])  # the ping answers JSON
def test_no_query_runs_while_the_page_renders(name, data, client_for):
    page = build(name, data, client_for)
    page.grow()
    form_data = page.form_data()
    with queries_while_rendering() as watch:
        response = page.send(form_data, follow=True)  # after a POST, the page it redirects to
    assert response.status_code == 200
    assert watch.templates, "no template rendered: the guard saw nothing"
    assert not watch.queries, f"{name}: {len(watch.queries)} queries ran while templates rendered:\n{watch.report()}"
