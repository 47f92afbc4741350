"""What the database refuses to change in the transcripts' records (see imt/protected.py): an issued
transcript and its revocation are written once and kept."""

from imt.protected import append_only


def guards():
    from transcripts.models import TranscriptIssue, TranscriptRevocation

    return [
        *append_only(TranscriptIssue, noun="issued transcripts"),
        *append_only(TranscriptRevocation, noun="transcript revocations"),
    ]
