"""Demo answers for the Part 30 report: most of keystone's demo apprentices answered the voluntary
questions (some declined, a few left them empty), in a fixed spread so that some cells of the report
are small enough to be suppressed.  Idempotent: an enrollment that already has answers is left alone."""

from apprentices import services
from apprentices.models import Enrollment
from programs.models import Sponsor

# (sex, races, ethnicity, disability, veteran status), taken in turn; every seventh apprentice skips them.
ANSWERS = [
    ("male", ["white"], "not_hispanic", "no", "non_veteran"),
    ("female", ["white"], "not_hispanic", "no", "non_veteran"),
    ("male", ["black"], "not_hispanic", "no", "veteran"),
    ("male", ["white"], "hispanic", "prefer_not", "non_veteran"),
    ("female", ["black", "white"], "not_hispanic", "yes", "non_veteran"),
    ("male", ["asian"], "prefer_not", "no", "prefer_not"),
]
SKIP_EVERY = 7


def seed(command, options):
    sponsor = Sponsor.objects.filter(slug="keystone").first()
    if sponsor is None:
        return
    enrollments = (
        Enrollment.objects.filter(sponsor=sponsor, demographics__isnull=True)
        .exclude(email__startswith="load-apprentice-").select_related("created_by").order_by("pk")
    )
    made = 0
    for enrollment in enrollments:
        if enrollment.pk % SKIP_EVERY == 3:
            continue
        sex, races, ethnicity, disability, veteran = ANSWERS[enrollment.pk % len(ANSWERS)]
        by = enrollment.apprentice.user if enrollment.apprentice_id else enrollment.created_by
        services.demographics_save(enrollment=enrollment, by=by, races=races, sex=sex, ethnicity=ethnicity,
                                   disability=disability, veteran_status=veteran)
        made += 1
    if made:
        command.stdout.write(f"Part 30 answers at keystone: {made}")
