from django.db import migrations, models
from django.db.models import DecimalField, Exists, Max, OuterRef, Subquery, Sum, Value
from django.db.models.functions import Coalesce

HOURS = DecimalField(max_digits=10, decimal_places=2)


def fill_roster_keys(apps, schema_editor):
    """The keys of the enrollments that exist already, computed as services.refresh_roster_keys does
    (with the models as they are at this migration)."""
    Enrollment = apps.get_model("apprentices", "Enrollment")
    OJTEntry = apps.get_model("apprentices", "OJTEntry")
    CreditedHours = apps.get_model("apprentices", "CreditedHours")
    replaced = OJTEntry._base_manager.filter(corrects=OuterRef("pk"), status="approved")
    live = (
        OJTEntry._base_manager.filter(enrollment=OuterRef("pk"), status__in=["pending", "approved"])
        .exclude(Exists(replaced)).order_by().values("enrollment")
    )
    approved = live.filter(status="approved").annotate(total=Sum("hours")).values("total")[:1]
    credited = (
        CreditedHours._base_manager.filter(standing__enrollment=OuterRef("pk"), standing__status="approved")
        .order_by().values("standing__enrollment").annotate(total=Sum("hours")).values("total")[:1]
    )
    Enrollment._base_manager.update(
        counted_hours=Coalesce(Subquery(approved, output_field=HOURS), Value(0), output_field=HOURS)
        + Coalesce(Subquery(credited, output_field=HOURS), Value(0), output_field=HOURS),
        last_logged=Subquery(live.annotate(last=Max("date")).values("last")[:1]),
    )


class Migration(migrations.Migration):

    dependencies = [
        ("apprentices", "0004_roster_name_index"),
    ]

    operations = [
        migrations.AddField(
            model_name="enrollment",
            name="counted_hours",
            field=models.DecimalField(decimal_places=2, default=0, editable=False, max_digits=10,
                                      verbose_name="approved and credited OJT hours"),
        ),
        migrations.AddField(
            model_name="enrollment",
            name="last_logged",
            field=models.DateField(blank=True, editable=False, null=True, verbose_name="last day with hours logged"),
        ),
        migrations.RunPython(fill_roster_keys, migrations.RunPython.noop),
    ]
