from django.db import migrations, models


def evening_wind_down_is_not_gentle_relief(apps, schema_editor):
    # The shipped content flagged it; its child's pose, both knees to the chest and figure-4
    # stretch are too deep for an acute spasm (content/routines.toml now says so too).
    Routine = apps.get_model("exercises", "Routine")
    Routine.objects.filter(slug="evening-wind-down").update(gentle_relief=False)


class Migration(migrations.Migration):
    dependencies = [
        ("exercises", "0005_spoken_guidance"),
    ]

    operations = [
        migrations.AlterField(
            model_name="routine",
            name="gentle_relief",
            field=models.BooleanField(
                default=False,
                help_text=(
                    "Offered to someone waiting for a doctor's appointment (the safety check's 'book an "
                    "appointment' outcome) and straight after the one-tap 'Back spasm right now?' check. "
                    "Tick only routines a person in an acute spasm can do lying down with small, "
                    "comfortable movements: not deep stretches such as child's pose, both knees to the "
                    "chest or a figure-4 stretch. Routines made only of relief positions and breathing "
                    "are offered in those cases anyway."
                ),
            ),
        ),
        migrations.RunPython(evening_wind_down_is_not_gentle_relief, migrations.RunPython.noop),
    ]
