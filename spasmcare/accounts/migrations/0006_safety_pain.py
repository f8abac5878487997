from django.db import migrations, models


class Migration(migrations.Migration):
    """Keep the pain rating a safety check was answered for, so the same or a lower rating goes
    straight through for the rest of the episode. `safety_check_due` goes: it was derived from
    saved sessions, which stay, and the player now asks from the rating itself (the outcome and
    when it was answered are kept as they are)."""

    dependencies = [
        ("accounts", "0005_cue_guidance"),
    ]

    operations = [
        migrations.AddField(
            model_name="user",
            name="safety_pain",
            field=models.PositiveSmallIntegerField(blank=True, null=True),
        ),
        migrations.RemoveField(
            model_name="user",
            name="safety_check_due",
        ),
    ]
