"""What the database refuses to change in Job Books (see imt/protected.py): a published or retired version,
its competencies and its skills are frozen; only a published version's retirement is recorded."""

from imt.protected import Guard, changed, columns_of

NOT_DRAFT = "(SELECT status FROM jobbook_jobbookversion WHERE id = {version}) <> 'draft'"
COMPETENCY_NOT_DRAFT = NOT_DRAFT.format(version="(SELECT version_id FROM jobbook_competency WHERE id = {competency})")


class _JobBookGuards:
    def guards(self, vendor):
        from jobbook.models import Competency, JobBookVersion, Skill

        version = JobBookVersion._meta.db_table
        fixed = changed(columns_of(JobBookVersion, but=("status", "retired_at")), vendor)
        rows = []
        for model, frozen_old, frozen_new in (
            (Competency, NOT_DRAFT.format(version="OLD.version_id"), NOT_DRAFT.format(version="NEW.version_id")),
            (Skill, COMPETENCY_NOT_DRAFT.format(competency="OLD.competency_id"),
             COMPETENCY_NOT_DRAFT.format(competency="NEW.competency_id")),
        ):
            table, noun = model._meta.db_table, model._meta.verbose_name_plural
            rows += [
                Guard(table, "INSERT", f"{noun} cannot be added to a published or retired version", frozen_new,
                      name="published"),
                Guard(table, "UPDATE", f"{noun} of a published or retired version never change",
                      f"{frozen_old} OR {frozen_new}", name="published"),
                Guard(table, "DELETE", f"{noun} of a published or retired version are never deleted", frozen_old,
                      name="published"),
            ]
        return [
            Guard(version, "UPDATE", "a published or retired version never changes (it may only be retired)",
                  f"OLD.status <> 'draft' AND ({fixed} OR OLD.status = 'retired' OR NEW.status = 'draft')",
                  name="published"),
            Guard(version, "DELETE", "a published or retired version is never deleted", "OLD.status <> 'draft'",
                  name="published"),
            *rows,
        ]


def guards():
    return [_JobBookGuards()]
