from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("exercises", "0010_number_steps_in_order"),
    ]

    operations = [
        migrations.AddConstraint(
            model_name="routinestep",
            constraint=models.UniqueConstraint(fields=("routine", "order"), name="one_step_per_position"),
        ),
    ]
