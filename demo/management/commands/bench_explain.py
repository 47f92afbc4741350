"""EXPLAIN every query of the benchmarked pages on the current (large) PostgreSQL database.

Each page of the benchmark plan (`bench_plan`) is requested in-process as its user; every SELECT,
UPDATE and DELETE it ran is explained, and a sequential scan of a table with at least --min-rows rows
is reported (with the page, the table and the statement).  Writes are rolled back.  Exits with 1 when
such a scan is found, so the benchmark says so plainly.
"""

import datetime
import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django_scopes import scopes_disabled

from imt.models import User

EXPLAINED = ("SELECT", "UPDATE", "DELETE", "WITH")


class Rollback(Exception):
    pass


def plan_nodes(node):
    yield node
    for child in node.get("Plans", []):
        yield from plan_nodes(child)


class Command(BaseCommand):
    help = "EXPLAIN the benchmarked pages' queries and report sequential scans of large tables."

    def add_arguments(self, parser):
        parser.add_argument("--plan", default="bench/plan.json")
        parser.add_argument("--min-rows", type=int, default=100_000,
                            help="a table with at least this many rows must not be scanned sequentially")
        parser.add_argument("--note-rows", type=int, default=10_000,
                            help="sequential scans of tables with at least this many rows are listed, not failed")
        parser.add_argument("--output", default="", help="also write the report (Markdown) to this file")

    def handle(self, *args, plan, min_rows, note_rows, output, **options):
        if connection.vendor != "postgresql":
            raise CommandError("EXPLAIN checks need PostgreSQL (set DATABASE_URL).")
        plan = json.loads(Path(plan).read_text())
        watched = self._large_tables(min(min_rows, note_rows))
        large = {table: rows for table, rows in watched.items() if rows >= min_rows}
        lines, scans, pages, total = [], 0, 0, 0
        for email, name, method, path, data, *headers in self._pages(plan):
            queries = self._capture(email, method, path, data, *headers)
            pages += 1
            found, noted = [], []
            for sql in queries:
                if not sql.lstrip().upper().startswith(EXPLAINED):
                    continue
                total += 1
                for table in self._sequential_scans(sql, watched):
                    line = f"  - sequential scan of `{table}` ({watched[table]:,} rows): `{sql[:300]}`"
                    (found if table in large else noted).append(line)
            scans += len(found)
            verdict = "no sequential scan of a large table" if not found else f"{len(found)} sequential scans"
            if noted:
                verdict += f"; {len(noted)} of a table under {min_rows:,} rows (noted)"
            lines.append(f"- {name}: {len(queries)} queries, {verdict}")
            lines += found + noted
        summary = (f"{total} statements explained on {pages} pages. Large tables (at least {min_rows:,} rows): "
                   + ", ".join(f"{t} ({n:,})" for t, n in sorted(large.items(), key=lambda kv: -kv[1])) + " — "
                   + ("no sequential scan of any of them." if not scans else f"{scans} sequential scans of them.")
                   + f" Scans of tables of {note_rows:,} rows or more are noted.")
        report = "\n".join(["### EXPLAIN on the large data set", "", summary, "", *lines]) + "\n"
        self.stdout.write(report)
        if output:
            with open(output, "a") as out:
                out.write("\n" + report)
        if scans:
            raise SystemExit(1)

    def _large_tables(self, min_rows):
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT c.relname, c.reltuples::bigint FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
                "WHERE c.relkind = 'r' AND n.nspname = current_schema() AND c.reltuples >= %s", [min_rows])
            return dict(cursor.fetchall())

    def _sequential_scans(self, sql, large):
        with connection.cursor() as cursor:
            cursor.execute("EXPLAIN (FORMAT JSON) " + sql)
            plan = cursor.fetchone()[0]
        if isinstance(plan, str):
            plan = json.loads(plan)
        return [node["Relation Name"] for node in plan_nodes(plan[0]["Plan"])
                if node["Node Type"] == "Seq Scan" and node.get("Relation Name") in large]

    def _capture(self, email, method, path, data, headers=None):
        client = Client(headers=headers)
        with scopes_disabled():
            client.force_login(User.objects.get(email=email))
        try:
            with transaction.atomic():
                with CaptureQueriesContext(connection) as captured:
                    response = getattr(client, method)(path, data or {})
                if response.status_code not in (200, 302):
                    raise CommandError(f"{method.upper()} {path} as {email} answered {response.status_code}.")
                raise Rollback
        except Rollback:
            pass
        return [query["sql"] for query in captured.captured_queries]

    def _pages(self, plan):
        base = f"/{plan['sponsor']}/"
        apprentice, mentor, employer = plan["apprentices"][0], plan["mentors"][0], plan["employer_admins"][0]
        admin, reviewer = plan["sponsor_admins"][0], plan["sponsor_reviewers"][0]
        yesterday = (datetime.date.today() - datetime.timedelta(days=1)).isoformat()
        yield apprentice["email"], "floor (/ping/)", "get", "/ping/", None
        yield apprentice["email"], "apprentice: dashboard", "get", base, None
        yield (apprentice["email"], "apprentice: completion checklist (htmx)", "get",
               base + "completion/my-checklist/", None, {"HX-Request": "true"})
        yield apprentice["email"], "apprentice: log hours (POST)", "post", base + "hours/log/", {
            "quick-date": yesterday, "quick-competency": apprentice["competencies"][0], "quick-hours": "0.25"}
        yield mentor, "mentor: queue", "get", base + "queue/", None
        yield mentor, "mentor: bulk approval (POST)", "post", base + "queue/", {
            "entries": self._pending_ids(mentor, base), "action": "approve"}
        yield employer["email"], "employer: roster, page 2", "get", base + "apprentices/?page=2", None
        yield employer["email"], "employer: roster, filtered, page 2", "get", \
            base + "apprentices/?status=active&page=2", None
        yield employer["email"], "employer: roster sorted by progress", "get", \
            base + "apprentices/?sort=-progress", None
        yield employer["email"], "employer: Job Book editor", "get", employer["editor"], None
        yield admin, "sponsor: dashboard", "get", base, None
        yield admin, "sponsor: roster (all apprentices)", "get", base + "apprentices/", None
        yield reviewer, "sponsor: review queue", "get", base + "completion/", None

    def _pending_ids(self, email, base):
        from apprentices.selectors import mentor_queue
        from programs.models import Membership

        with scopes_disabled():
            mentor = Membership.objects.get(user__email=email, sponsor__slug=base.strip("/"))
            return [entry.pk for entry in mentor_queue(mentor).entries[:10]]
