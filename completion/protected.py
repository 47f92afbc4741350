"""What the database refuses to change in completion records (see imt/protected.py), and the rule that an
apprenticeship reaches *completed* only through the sponsor's approval of a completion review."""

from imt.protected import Frozen, Guard, immutable_columns

APPROVED = (
    "EXISTS (SELECT 1 FROM completion_reviewdecision d JOIN completion_recommendation r "
    "ON r.id = d.recommendation_id WHERE r.enrollment_id = {enrollment} AND d.decision = 'approve')"
)


def guards():
    from completion.models import Certificate, CompletionPacket, Recommendation, ReviewDecision

    return [
        Guard("apprentices_enrollment", "INSERT", "an enrollment cannot start completed",
              "NEW.status = 'completed'", name="completed"),
        Guard("apprentices_enrollment", "UPDATE",
              "an apprenticeship is completed only by the sponsor's approval of a completion review",
              "NEW.status = 'completed' AND OLD.status <> 'completed' AND NOT "
              + APPROVED.format(enrollment="NEW.id"), name="completed"),
        Guard("apprentices_enrollment", "UPDATE", "a completed apprenticeship never changes status",
              "OLD.status = 'completed' AND NEW.status <> 'completed'", name="stays_completed"),
        Guard("apprentices_statuschange", "INSERT",
              "an apprenticeship is completed only by the sponsor's approval of a completion review",
              "NEW.to_status = 'completed' AND NOT " + APPROVED.format(enrollment="NEW.enrollment_id"),
              name="completed"),
        # A decision is final from the moment it is written; only the time its e-mail went out is added.
        Frozen(ReviewDecision, "1 = 1", mutable=["notified_at"], noun="review decision"),
        Frozen(Recommendation, "OLD.status <> 'pending'", noun="completion recommendation"),
        Frozen(CompletionPacket, "OLD.status = 'ready'", noun="completion packet (once ready)"),
        immutable_columns(Certificate, ["sponsor_id", "enrollment_id", "number", "completed_on"]),
        Frozen(Certificate, "OLD.issued_at IS NOT NULL", mutable=["file", "issued_at"], noun="certificate"),
        Guard(Certificate._meta.db_table, "DELETE", "certificates are never deleted"),
    ]
