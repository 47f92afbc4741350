"""What the database refuses to change in the agency's records (see imt/protected.py): an export and
the records it carried are what the sponsor shows the agency, so neither is updated or deleted."""

from imt.protected import append_only


def guards():
    from agency.models import AgencyExport, ExportedRecord

    return [
        *append_only(AgencyExport, noun="agency exports"),
        *append_only(ExportedRecord, noun="exported records"),
    ]
