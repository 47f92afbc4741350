"""What the database refuses to change in RTI records (see imt/protected.py).

A result lives in two places: the append-only ResultChange rows (its history, one per recording) and a
copy of the newest on the seat (SectionEnrollment), which pages read.  The seat's copy may change only to
exactly the values of a new ResultChange of that seat, so no result is rewritten without a history line;
a seat with a result is never deleted or moved to another section or apprentice."""

from imt.protected import Frozen, Guard, append_only, changed

RESULT_COLUMNS = ("attended_hours", "grade", "completed_on", "hours_reason")


class _ResultGuards:
    def guards(self, vendor):
        same = "IS NOT DISTINCT FROM" if vendor == "postgresql" else "IS"
        matches_newest = " AND ".join(
            [f"c.{column} {same} NEW.{column}" for column in RESULT_COLUMNS]
            + [f"c.changed_by_id {same} NEW.recorded_by_id", f"c.changed_at {same} NEW.recorded_at"]
        )
        newest = (
            "NOT EXISTS (SELECT 1 FROM rti_resultchange c WHERE c.id = "
            "(SELECT max(id) FROM rti_resultchange WHERE enrollment_id = NEW.id) AND " + matches_newest + ")"
        )
        result_changed = changed([*RESULT_COLUMNS, "recorded_by_id", "recorded_at"], vendor)
        seat = "rti_sectionenrollment"
        return [
            Guard(seat, "UPDATE", "a result changes only with a new result change row that records it",
                  f"{result_changed} AND {newest}", name="result"),
            Guard(seat, "UPDATE", "a seat with a result keeps its section and apprentice",
                  "OLD.recorded_at IS NOT NULL AND " + changed(["section_id", "apprentice_id", "sponsor_id"], vendor),
                  name="recorded"),
            Guard(seat, "DELETE", "a seat with a result is never deleted", "OLD.recorded_at IS NOT NULL",
                  name="recorded"),
            Guard(seat, "INSERT", "a seat starts without a result; results come with their history line",
                  "NEW.recorded_at IS NOT NULL OR NEW.attended_hours IS NOT NULL OR NEW.completed_on IS NOT NULL "
                  "OR NEW.grade <> ''", name="result"),
        ]


def guards():
    from rti.models import PriorCourseCredit, ResultChange

    return [
        Frozen(PriorCourseCredit, "OLD.status <> 'pending'", noun="prior-course credit"),
        *append_only(ResultChange, noun="result changes"),
        _ResultGuards(),
    ]
