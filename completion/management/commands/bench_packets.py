"""Measure the completion packet: one full packet's time and peak memory, and packets per minute
with real Celery workers.

    manage.py bench_packets                  # needs PostgreSQL (DATABASE_URL) and Redis (REDIS_URL)
    manage.py bench_packets --apprentices 50 --workers 2

It creates (once) a sponsor `bench-packets` whose apprentices each have a full program of records
(at least 600 hour entries and 80 sign-offs), then builds packets and prints a table.
"""

import argparse
import json
import os
import resource
import subprocess
import sys
import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.utils import timezone
from django_scopes import scopes_disabled

from apprentices.models import OJTEntry, SkillSignOff
from apprentices.services import sign
from completion.models import CompletionPacket, Recommendation
from completion.records import complete_record
from credentials.services import program_requirements_seed as credential_requirements_seed
from imt.models import User
from imt.permissions import Role
from jobbook import services as jobbook_services
from programs.models import Employer, Membership, Program, Sponsor
from programs.services import program_create, sponsor_create
from rti.services import program_requirements_seed as course_requirements_seed

SLUG = "bench-packets"
EXTRA_SKILLS = ["Explain the step to a new hire", "Spot the usual failure", "Record the result on the sheet"]


class Command(BaseCommand):
    help = "Benchmark completion packets: one packet's time and peak memory; packets per minute with workers."

    def add_arguments(self, parser):
        parser.add_argument("--apprentices", type=int, default=50)
        parser.add_argument("--workers", type=int, default=2)
        parser.add_argument("--build-one", type=int, help=argparse.SUPPRESS)

    def handle(self, *args, **options):
        with scopes_disabled():
            if options["build_one"]:
                return self.build_one(options["build_one"])
            if connection.vendor != "postgresql" or not settings.REDIS_URL:
                raise CommandError("Set DATABASE_URL (PostgreSQL) and REDIS_URL: the workers share both.")
            enrollments = self.records(options["apprentices"])
            single = self.single(enrollments[0])
            throughput = self.throughput(enrollments, options["workers"])
            entries = OJTEntry.objects.filter(enrollment=enrollments[0]).count()
            sign_offs = SkillSignOff.objects.filter(enrollment=enrollments[0]).count()
        rows = [
            ("one packet: seconds", f"{single['seconds']:.2f}"),
            ("one packet: peak memory of the process (MB)", f"{single['max_rss_mb']:.0f}"),
            ("one packet: pages", str(single["pages"])),
            ("records in it: hour entries / sign-offs", f"{entries} / {sign_offs}"),
            (f"{throughput['count']} packets with {options['workers']} worker processes: seconds",
             f"{throughput['seconds']:.1f}"),
            ("packets per minute", f"{throughput['per_minute']:.1f}"),
        ]
        width = max(len(name) for name, _ in rows)
        self.stdout.write("\n| measure | value |\n|---|---|")
        for name, value in rows:
            self.stdout.write(f"| {name.ljust(width)} | {value} |")

    # --- data ---------------------------------------------------------------------------------

    def records(self, count):
        sponsor = Sponsor.objects.filter(slug=SLUG).first()
        if sponsor is None:
            sponsor = self.sponsor()
        employer = Employer.objects.get(sponsor=sponsor)
        existing = list(Recommendation.objects.filter(sponsor=sponsor).values_list("enrollment_id", flat=True))
        started = time.monotonic()
        for number in range(len(existing), count):
            enrollment = complete_record(
                sponsor=sponsor, employer=employer, full_name=f"Bench Apprentice {number + 1:03d}", hours_per_day=4,
            )
            user = Membership.objects.get(sponsor=sponsor, role=Role.EMPLOYER_ADMIN).user
            signature = sign(sponsor=sponsor, signer=user, meaning=Recommendation.ATTESTATION,
                             content={"enrollment": enrollment.pk}, password_confirmed_at=timezone.now())
            Recommendation.objects.create(sponsor=sponsor, enrollment=enrollment, recommended_by=user,
                                          signature=signature)
            self.stdout.write(f"\r  records: {number + 1}/{count}", ending="")
            self.stdout.flush()
        if count > len(existing):
            self.stdout.write(f"\n  built in {time.monotonic() - started:.0f} s")
        recommendations = Recommendation.objects.filter(sponsor=sponsor).select_related("enrollment")
        return [r.enrollment for r in recommendations.order_by("pk")[:count]]

    def sponsor(self):
        sponsor = sponsor_create(name="Benchmark Sponsor", slug=SLUG, admin_email="admin@bench-packets.example",
                                 admin_name="Bench Admin")
        employer = Employer.objects.create(sponsor=sponsor, name="Bench Plastics")
        people = {Role.EMPLOYER_ADMIN: employer, Role.MENTOR: employer, Role.INSTRUCTOR: None}
        for role, at in people.items():
            user = User.objects.create_user(f"{role}@bench-packets.example", None, full_name=f"Bench {role.label}")
            Membership.objects.create(user=user, sponsor=sponsor, role=role, employer=at)
        program = program_create(sponsor=sponsor, name="IMT (benchmark)", approach=Program.Approach.HYBRID)
        course_requirements_seed(program=program)
        credential_requirements_seed(program=program)
        admin = Membership.objects.get(sponsor=sponsor, user__email="admin@bench-packets.example")
        book = jobbook_services.job_book_create(program=program, employer=employer, by=admin, name="Bench Job Book")
        draft = book.versions.get()
        for competency in draft.competencies.all():
            for name in EXTRA_SKILLS:
                jobbook_services.skill_add(competency=competency, by=admin, name=name)
        jobbook_services.version_publish(version=draft, by=admin)
        return sponsor

    # --- measures --------------------------------------------------------------------------------

    def _packet(self, enrollment):
        recommendation = Recommendation.objects.get(enrollment=enrollment)
        last = recommendation.packets.order_by("-version").values_list("version", flat=True).first() or 0
        return CompletionPacket.objects.create(
            sponsor=enrollment.sponsor, recommendation=recommendation, version=last + 1,
            requested_by=recommendation.recommended_by, requested_at=timezone.now(),
        )

    def single(self, enrollment):
        """Build one packet in a fresh process, so that its peak memory is the packet's alone."""
        packet = self._packet(enrollment)
        result = subprocess.run(
            [sys.executable, "manage.py", "bench_packets", "--build-one", str(packet.pk)],
            cwd=settings.BASE_DIR, capture_output=True, text=True, check=True,
        )
        return json.loads(result.stdout.strip().splitlines()[-1])

    def build_one(self, packet_id):
        from completion.services import packet_build

        started = time.monotonic()
        packet = packet_build(packet_id)
        seconds = time.monotonic() - started
        max_rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        self.stdout.write(json.dumps({"seconds": seconds, "max_rss_mb": max_rss_mb, "pages": packet.page_count}))

    def throughput(self, enrollments, workers):
        from completion.tasks import build_packet
        from imt.celery import app

        queue = f"bench-{os.getpid()}"
        env = {**os.environ, "CELERY_TASK_DEFAULT_QUEUE": queue}
        processes = [
            subprocess.Popen(
                [sys.executable, "-m", "celery", "-A", "imt", "worker", "-Q", queue, "--pool", "solo",
                 "--without-gossip", "--without-mingle", "-l", "warning", "-n", f"bench{index}@%h"],
                cwd=settings.BASE_DIR, env=env,
            )
            for index in range(workers)
        ]
        try:
            time.sleep(4)  # let the workers connect before the clock starts
            packets = [self._packet(enrollment) for enrollment in enrollments]
            app.conf.task_default_queue = queue
            started = time.monotonic()
            for packet in packets:
                build_packet.apply_async(args=[packet.pk], queue=queue)
            ids = [p.pk for p in packets]
            while CompletionPacket.objects.filter(pk__in=ids, status="ready").count() < len(ids):
                if CompletionPacket.objects.filter(pk__in=ids, status="failed").exists():
                    raise CommandError("A packet failed; see the worker output above.")
                time.sleep(0.5)
            seconds = time.monotonic() - started
        finally:
            for process in processes:
                process.terminate()
            for process in processes:
                process.wait(timeout=30)
        return {"count": len(ids), "seconds": seconds, "per_minute": len(ids) * 60 / seconds}
