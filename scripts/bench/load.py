"""The load generator of `make bench`: locust, headless, driven from Python against a running server.

    python scripts/bench/load.py --host http://127.0.0.1:8001 --plan bench/plan.json --output bench/results.md

Two phases, each with `--users` concurrent users (20) after everyone has signed in:

1. "pages": people of every role use the pages they use most, with a think time between requests,
   and each also asks for the floor (/ping/, a signed-in page of one query) so that every page's p95
   can be set against the floor's, measured under the same load;
2. "log hours": every user is an apprentice posting hours back to back, with no think time: the
   sustained rate of the busiest write.

The server runs in production configuration behind no proxy, so each request says it came through
one over HTTPS (X-Forwarded-Proto), and the cookie jar sends the secure cookies over plain HTTP to
the loopback address.  Sign-ins are not measured.  The server adds X-Query-Count to each response
(QUERY_COUNT_HEADER=1), which the table reports.
"""

import argparse
import datetime
import itertools
import json
import random
import re
import sys
import time
from collections import defaultdict
from http.cookiejar import DefaultCookiePolicy
from pathlib import Path
from urllib.parse import urlencode

import gevent
from locust import FastHttpUser, between, constant, events, task
from locust.env import Environment

PLAN = {}
SESSIONS = {}  # e-mail -> the cookies of its signed-in session, kept across phases
READY = set()  # users of the current phase that have signed in
QUERIES = defaultdict(list)  # page name -> query counts of its responses
ENTRY_ID = re.compile(r'name="entries"\s+value="(\d+)"')
CSRF_FIELD = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
FLOOR = "floor: /ping/ (signed in, one query)"
THINK = (0.5, 1.5)


class BehindTLS(DefaultCookiePolicy):
    """The server thinks it is behind a TLS proxy and marks its cookies secure; send them anyway."""

    def return_ok_secure(self, cookie, request):
        return True


class Person(FastHttpUser):
    abstract = True
    wait_time = between(*THINK)
    default_headers = {"X-Forwarded-Proto": "https"}
    people = "apprentices"

    def on_start(self):
        self.client.cookiejar.set_policy(BehindTLS())
        self.person = next(_turns[self.people])
        self.email = self.person if isinstance(self.person, str) else self.person["email"]
        self.base = f"/{PLAN['sponsor']}/"
        if self.email in SESSIONS:  # signed in during an earlier phase: the same session
            for cookie in SESSIONS[self.email]:
                self.client.cookiejar.set_cookie(cookie)
        else:
            self.sign_in()
            SESSIONS[self.email] = list(self.client.cookiejar)
        READY.add(id(self))

    def sign_in(self):
        """Through the sign-in form.  Sign-ins are rate-limited per address (30 a minute): on 429, wait."""
        for _attempt in range(20):
            page = self.client.get("/accounts/login/", name="sign-in")
            token = CSRF_FIELD.search(page.text).group(1)
            with self.client.post("/accounts/login/", name="sign-in", allow_redirects=False, catch_response=True,
                                  data={"login": self.email, "password": PLAN["password"],
                                        "csrfmiddlewaretoken": token},
                                  headers=self._origin("/accounts/login/")) as response:
                if response.status_code == 302:
                    response.success()
                    return
                if response.status_code != 429:
                    response.failure(f"{self.email} could not sign in ({response.status_code})")
                    raise RuntimeError(f"{self.email} could not sign in")
                response.success()
            gevent.sleep(5)
        raise RuntimeError(f"{self.email} was refused sign-in for too long")

    def _origin(self, path):
        """The page's own origin, as the browser behind the TLS proxy would send it (CSRF checks it)."""
        origin = "https://" + self.host.split("://", 1)[1]
        return {"Origin": origin, "Referer": origin + path}

    def _count(self, name, response):
        header = response.headers.get("X-Query-Count") if response.headers else None
        if header is not None:
            QUERIES[name].append(int(header))

    def page(self, path, name, headers=None):
        """GET a page; anything but 200 is an error."""
        with self.client.get(path, name=name, allow_redirects=False, catch_response=True,
                             headers=headers) as response:
            self._count(name, response)
            if response.status_code != 200:
                response.failure(f"HTTP {response.status_code}")
            return response

    def submit(self, path, data, name):
        """POST a form; a redirect is success, the form shown again (200) or anything else an error."""
        token = next(cookie.value for cookie in self.client.cookiejar if cookie.name == "csrftoken")
        body = urlencode({**data, "csrfmiddlewaretoken": token}, doseq=True)  # lists as repeated fields
        headers = {**self._origin(path), "Content-Type": "application/x-www-form-urlencoded"}
        with self.client.post(path, data=body, name=name, allow_redirects=False, catch_response=True,
                              headers=headers) as response:
            self._count(name, response)
            if response.status_code != 302:
                response.failure(f"HTTP {response.status_code}")
            return response



class PagesPerson(Person):
    """Phase one: each role's pages, and the floor now and then."""

    abstract = True

    @task(1)
    def floor(self):
        self.page("/ping/", FLOOR)


class Apprentice(PagesPerson):
    fixed_count = 8
    people = "apprentices"

    @task(3)
    def dashboard(self):
        self.page(self.base, "apprentice: dashboard")
        self.page(self.base + "completion/my-checklist/", "apprentice: checklist (htmx, after the dashboard)",
                  headers={"HX-Request": "true"})

    @task(3)
    def log_hours(self):
        log_hours(self, "apprentice: log hours (POST)")


def log_hours(user, name):
    today = datetime.date.today()
    start = max(datetime.date.fromisoformat(user.person["start_date"]), today - datetime.timedelta(days=90))
    day = start + datetime.timedelta(days=random.randint(0, (today - start).days))
    user.submit(user.base + "hours/log/", {
        "quick-date": day.isoformat(), "quick-competency": random.choice(user.person["competencies"]),
        "quick-hours": "0.25", "quick-note": "",
    }, name)


class Mentor(PagesPerson):
    fixed_count = 4
    people = "mentors"

    @task(3)
    def queue(self):
        self.page(self.base + "queue/", "mentor: queue")

    @task(1)
    def bulk_approve(self):
        page = self.page(self.base + "queue/", "mentor: queue")
        ids = ENTRY_ID.findall(page.text or "")[:10]
        if ids:
            self.submit(self.base + "queue/", {"entries": ids, "action": "approve", "reason": ""},
                        "mentor: bulk approval of 10 (POST)")


class EmployerAdmin(PagesPerson):
    fixed_count = 3
    people = "employer_admins"

    @task(2)
    def roster(self):
        self.page(self.base + "apprentices/?page=2", "employer: roster, page 2")

    @task(2)
    def roster_filtered(self):
        self.page(self.base + "apprentices/?status=active&page=2", "employer: roster, filtered, page 2")

    @task(1)
    def roster_by_progress(self):
        self.page(self.base + "apprentices/?sort=-progress", "employer: roster sorted by progress")

    @task(2)
    def editor(self):
        self.page(self.person["editor"], "employer: Job Book editor")


class SponsorAdmin(PagesPerson):
    fixed_count = 3
    people = "sponsor_admins"

    @task(3)
    def dashboard(self):
        self.page(self.base, "sponsor: dashboard")


class Reviewer(PagesPerson):
    fixed_count = 2
    people = "sponsor_reviewers"

    @task(3)
    def review_queue(self):
        self.page(self.base + "completion/", "sponsor: review queue")

    @task(1)
    def dashboard(self):
        self.page(self.base, "sponsor: dashboard")


class Logger(Person):
    """Phase two: an apprentice posting hours with no pause."""

    wait_time = constant(0)
    people = "apprentices"

    @task
    def log_hours(self):
        log_hours(self, "apprentice: log hours (POST), back to back")


_turns = {}


def run_phase(host, user_classes, users, warmup, duration):
    """Start `users` users, let them sign in and warm up, then measure for `duration` seconds."""
    QUERIES.clear()
    READY.clear()
    for key in _turns:  # each phase starts again with the first people of the plan
        _turns[key] = itertools.cycle(PLAN[key])
    env = Environment(user_classes=user_classes, host=host, events=events)
    runner = env.create_local_runner()
    runner.start(users, spawn_rate=users)
    for _ in range(180):
        if len(READY) >= users or env.stats.total.num_failures:
            break
        gevent.sleep(1)
    gevent.sleep(warmup)
    if env.stats.total.num_failures:
        errors = "; ".join(f"{e.name}: {e.error}" for e in env.stats.errors.values())
        runner.quit()
        sys.exit(f"The warm-up failed: {errors}")
    env.stats.reset_all()
    QUERIES.clear()
    started = time.monotonic()
    gevent.sleep(duration)
    elapsed = time.monotonic() - started
    rows = []
    for (name, _method), entry in sorted(env.stats.entries.items()):
        if name == "sign-in" or not entry.num_requests:
            continue
        counts = QUERIES.get(name, [])
        rows.append({
            "page": name, "requests": entry.num_requests,
            "p50": entry.get_response_time_percentile(0.50), "p95": entry.get_response_time_percentile(0.95),
            "p99": entry.get_response_time_percentile(0.99), "rps": entry.num_requests / elapsed,
            "errors": entry.num_failures,
            "queries": (max(counts) if counts else None), "queries_min": (min(counts) if counts else None),
        })
    failures = [f"{e.name}: {e.error} ×{e.occurrences}" for e in env.stats.errors.values()]
    runner.quit()
    return rows, failures


def table(title, rows, floor_p95):
    lines = [f"### {title}", "",
             "| page | requests | p50 ms | p95 ms | p99 ms | req/s | errors | queries | p95 ÷ floor p95 |",
             "|---|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for row in rows:
        queries = "–" if row["queries"] is None else (
            str(row["queries"]) if row["queries"] == row["queries_min"] else f"{row['queries_min']}–{row['queries']}")
        ratio = f"{row['p95'] / floor_p95:.1f}×" if floor_p95 else "–"
        lines.append(f"| {row['page']} | {row['requests']} | {row['p50']:.0f} | {row['p95']:.0f} | {row['p99']:.0f} "
                     f"| {row['rps']:.1f} | {row['errors']} | {queries} | {ratio} |")
    return "\n".join(lines)


def verdicts(pages, floor_p95, logging):
    """The issue's targets, each with the measured figure."""
    slowest = max((r for r in pages if r["page"] != FLOOR), key=lambda r: r["p95"])
    worst_ratio = slowest["p95"] / floor_p95 if floor_p95 else float("inf")
    most_queries = max((r for r in pages + logging if r["queries"] is not None), key=lambda r: r["queries"])
    errors = sum(r["errors"] for r in pages + logging)
    rate = sum(r["rps"] for r in logging)
    checks = [
        (slowest["p95"] <= 100, f"every page's p95 ≤ 100 ms — slowest: {slowest['page']} at {slowest['p95']:.0f} ms"),
        (worst_ratio <= 3, f"every page's p95 ≤ 3× the floor's ({floor_p95:.0f} ms) — highest: {worst_ratio:.1f}×"),
        (most_queries["queries"] <= 15, f"≤ 15 queries a request — most: {most_queries['page']} with "
                                        f"{most_queries['queries']}"),
        (errors == 0, f"zero errors — {errors}"),
        (rate >= 100, f"logging hours sustains ≥ 100 requests/s — {rate:.0f}/s"),
    ]
    return [f"- {'met' if ok else 'NOT met'}: {text}" for ok, text in checks]


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--host", required=True)
    parser.add_argument("--plan", default="bench/plan.json")
    parser.add_argument("--output", default="bench/results.md")
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument("--duration", type=int, default=60, help="seconds measured in each phase")
    parser.add_argument("--warmup", type=int, default=10, help="seconds of warm-up after everyone has signed in")
    parser.add_argument("--note", default="", help="a line about the machine and configuration for the report")
    args = parser.parse_args()

    PLAN.update(json.loads(Path(args.plan).read_text()))
    for key in ("apprentices", "mentors", "employer_admins", "sponsor_admins", "sponsor_reviewers"):
        _turns[key] = itertools.cycle(PLAN[key])

    classes = [Apprentice, Mentor, EmployerAdmin, SponsorAdmin, Reviewer]
    if sum(c.fixed_count for c in classes) != args.users:
        scale = args.users / sum(c.fixed_count for c in classes)
        for c in classes:
            c.fixed_count = max(1, round(c.fixed_count * scale))
    print(f"Phase 1: {args.users} users on the pages, {args.duration} s after {args.warmup} s of warm-up …", flush=True)
    pages, page_failures = run_phase(args.host, classes, args.users, args.warmup, args.duration)
    print(f"Phase 2: {args.users} apprentices logging hours back to back, {args.duration} s …", flush=True)
    logging, log_failures = run_phase(args.host, [Logger], args.users, args.warmup, args.duration)

    floor = next((r for r in pages if r["page"] == FLOOR), None)
    floor_p95 = floor["p95"] if floor else 0
    pages.sort(key=lambda r: (r["page"] != FLOOR, r["page"]))
    report = [
        f"## Benchmark of {datetime.datetime.now():%Y-%m-%d %H:%M}",
        "",
        f"{PLAN['size']['apprentices']:,} apprentices at {PLAN['size']['employers']} employers; {args.users} "
        f"concurrent users; {args.duration} s measured per phase after {args.warmup} s of warm-up. {args.note}",
        "",
        table(f"Pages — every role, think time {THINK[0]}–{THINK[1]} s between requests", pages, floor_p95),
        "",
        table("Logging hours — apprentices posting back to back, no think time", logging, floor_p95),
        "",
        "### Targets",
        "",
        *verdicts(pages, floor_p95, logging),
    ]
    failures = page_failures + log_failures
    if failures:
        report += ["", "### Errors", "", *[f"- {f}" for f in failures]]
    text = "\n".join(report) + "\n"
    Path(args.output).parent.mkdir(parents=True, exist_ok=True)
    Path(args.output).write_text(text)
    print(text)
    if failures:
        sys.exit(1)


if __name__ == "__main__":
    main()
