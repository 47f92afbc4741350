"""The benchmark's parts: the floor page, the query-count header, the plan and the EXPLAIN check."""

import json
import subprocess
import sys
from pathlib import Path

import pytest
from django.contrib.auth import authenticate
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext, override_settings
from django.urls import reverse
from django_scopes import scopes_disabled

from apprentices import demo
from demo.management.commands.bench_plan import BENCH_PASSWORD
from imt.models import User
from imt.permissions import Role
from tests.conftest import QuietCommand

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]
on_postgresql = pytest.mark.skipif(connection.vendor != "postgresql", reason="EXPLAIN needs PostgreSQL")


def test_the_floor_page_says_who_is_signed_in_with_one_query_beyond_the_session(world, client_for):
    member = world.member("keystone", Role.APPRENTICE)
    client = client_for(member.user)
    client.get(reverse("ping"))  # the session is cached after its first read where a cache holds sessions
    with CaptureQueriesContext(connection) as captured:
        response = client.get(reverse("ping"))
    assert response.json() == {"signed_in_as": member.user.email}
    user_queries = [q for q in captured if "imt_user" in q["sql"]]
    assert len(user_queries) == 1
    assert len(captured) <= 2  # the user, and the session row unless sessions live in the cache


def test_the_floor_page_sends_visitors_to_sign_in(client):
    response = client.get(reverse("ping"))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_the_query_count_header_reports_the_queries_of_the_request(world, client_for, settings):
    mentor = world.member("keystone", Role.MENTOR).user
    url = reverse("mentor_queue", args=["keystone"])
    assert "X-Query-Count" not in client_for(mentor).get(url)  # off unless asked for
    with override_settings(MIDDLEWARE=["imt.querycount.QueryCountHeaderMiddleware", *settings.MIDDLEWARE]):
        client = client_for(mentor)  # a new client loads the middleware again
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url)
    assert response.status_code == 200
    assert int(response["X-Query-Count"]) == len(captured) > 0


def load_apprentices(count):
    with scopes_disabled():
        demo.seed(QuietCommand, {"apprentices": count})


def test_the_plan_names_people_of_every_role_who_can_sign_in_with_the_bench_password(world, tmp_path, client_for):
    load_apprentices(40)  # two load-test employers, each with an employer admin and mentors
    output = tmp_path / "plan.json"
    call_command("bench_plan", output=str(output), stdout=QuietCommand.stdout)
    plan = json.loads(output.read_text())
    assert plan["sponsor"] == "keystone"
    assert len(plan["mentors"]) == 2 and len(plan["employer_admins"]) == 2
    assert plan["apprentices"] and all(a["competencies"] for a in plan["apprentices"])
    assert plan["sponsor_admins"] == ["admin@keystone.example"]
    assert plan["sponsor_reviewers"] == ["reviewer@keystone.example"]
    emails = ([a["email"] for a in plan["apprentices"]] + plan["mentors"]
              + [e["email"] for e in plan["employer_admins"]] + plan["sponsor_admins"])
    for email in emails:
        assert authenticate(email=email, password=BENCH_PASSWORD) is not None, email
    # the employer admins have a draft to open in the editor
    employer_admin = User.objects.get(email=plan["employer_admins"][0]["email"])
    response = client_for(employer_admin).get(plan["employer_admins"][0]["editor"])
    assert response.status_code == 200
    assert "Publish" in response.content.decode()


def test_the_plan_asks_for_the_load_test_data_set_when_it_is_missing(world, tmp_path):
    with pytest.raises(Exception, match="seed_demo --apprentices"):
        call_command("bench_plan", output=str(tmp_path / "plan.json"), stdout=QuietCommand.stdout)


def analyze_as_the_owner():
    """Table statistics (ANALYZE is for the tables' owner; the tests may run as the application's role)."""
    import psycopg

    from imt import db_roles

    if not db_roles.separate_roles():
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        return
    owner, db = db_roles.owner_credentials(), connection.settings_dict
    with psycopg.connect(dbname=db["NAME"], user=owner["USER"], password=owner["PASSWORD"] or None,
                         host=owner["HOST"] or None, port=owner["PORT"] or None, autocommit=True) as owner_connection:
        owner_connection.execute("ANALYZE")


@on_postgresql
@pytest.mark.services
def test_the_explain_check_reports_sequential_scans_of_tables_above_the_size_limit(world, tmp_path):
    load_apprentices(40)
    plan = tmp_path / "plan.json"
    call_command("bench_plan", output=str(plan), stdout=QuietCommand.stdout)
    analyze_as_the_owner()
    report = tmp_path / "report.md"
    # With every table "large" some small one is surely scanned: the check must say so and fail.
    with pytest.raises(SystemExit) as failed:
        call_command("bench_explain", plan=str(plan), min_rows=0, note_rows=0, output=str(report),
                     stdout=QuietCommand.stdout)
    assert failed.value.code == 1
    text = report.read_text()
    for page in ("apprentice: dashboard", "apprentice: log hours (POST)", "mentor: queue",
                 "mentor: bulk approval (POST)", "employer: Job Book editor", "sponsor: review queue"):
        assert f"- {page}: " in text
    assert "sequential scan of `" in text


def test_the_load_script_reads_its_options():
    result = subprocess.run([sys.executable, str(ROOT / "scripts/bench/load.py"), "--help"],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert "--users" in result.stdout and "--duration" in result.stdout
