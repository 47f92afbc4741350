"""Once installed the append-only triggers here; they are now installed after every migrate, with the
guards of the other apps, by imt.protected (post_migrate), so this step does nothing any more."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("apprentices", "0001_initial")]

    operations = [migrations.RunPython(migrations.RunPython.noop, migrations.RunPython.noop)]
