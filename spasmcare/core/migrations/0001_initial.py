from django.db import migrations, models


class Migration(migrations.Migration):
    """ContentRevision moves here from the exercises app: its table stays as it is."""

    initial = True

    dependencies = [
        ("exercises", "0012_shared_routine_copies"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
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
                    options={"db_table": "exercises_contentrevision"},
                ),
            ],
        ),
    ]
