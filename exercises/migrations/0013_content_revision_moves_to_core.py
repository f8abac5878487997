from django.db import migrations


class Migration(migrations.Migration):
    """ContentRevision now belongs to spasmcare.core (its table stays as it is)."""

    dependencies = [
        ("exercises", "0012_shared_routine_copies"),
        ("core", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="ContentRevision")],
        ),
    ]
