from django.db import migrations, models
from django.utils import timezone


def first_revision(apps, schema_editor):
    ContentRevision = apps.get_model("exercises", "ContentRevision")
    ContentRevision.objects.using(schema_editor.connection.alias).get_or_create(
        pk=1, defaults={"changed": timezone.now()}
    )


class Migration(migrations.Migration):
    dependencies = [
        ("exercises", "0008_own_routines"),
    ]

    operations = [
        migrations.CreateModel(
            name="ContentRevision",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("changed", models.DateTimeField()),
            ],
        ),
        migrations.RunPython(first_revision, migrations.RunPython.noop),
    ]
