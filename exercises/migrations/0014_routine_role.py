from django.conf import settings
from django.db import migrations, models

# The shipped routines the code used to find by slug.
SHIPPED_ROLES = {
    "spasm-relief": "relief",
    "rest-and-breathe": "rest",
    "morning-mobility": "morning",
    "desk-break": "daytime",
    "evening-wind-down": "evening",
    "gentle-core": "strength",
    "hips-and-glutes": "strength",
    "light-walk": "walk",
}


def give_shipped_routines_their_roles(apps, schema_editor):
    Routine = apps.get_model("exercises", "Routine")
    routines = Routine.objects.using(schema_editor.connection.alias)
    for slug, role in SHIPPED_ROLES.items():
        routines.filter(slug=slug, owner__isnull=True).update(role=role)


class Migration(migrations.Migration):
    dependencies = [
        ("exercises", "0013_content_revision_moves_to_core"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="routine",
            name="role",
            field=models.CharField(
                blank=True,
                choices=[
                    ("relief", "Spasm relief: where “Back spasm right now?” leads; kept for offline use"),
                    ("rest", "Rest and breathe: kept for offline use beside the spasm relief routine"),
                    ("morning", "Suggested in the morning"),
                    ("daytime", "Suggested in the daytime"),
                    ("evening", "Suggested in the evening and at night"),
                    ("strength", "Suggested on strengthening days (these take turns)"),
                    ("walk", "Suggested on walking days"),
                ],
                default="",
                help_text="Where the app itself offers this routine, if anywhere. To give a role to another routine, take it from this one first.",
                max_length=10,
            ),
        ),
        migrations.AddConstraint(
            model_name="routine",
            constraint=models.UniqueConstraint(
                condition=models.Q(("role__in", ["", "strength"]), _negated=True),
                fields=("role",),
                name="one_routine_per_role",
                violation_error_message="Another routine already has this role: take it from that one first.",
            ),
        ),
        migrations.AddConstraint(
            model_name="routine",
            constraint=models.CheckConstraint(
                condition=models.Q(("role", ""), ("owner__isnull", True), _connector="OR"),
                name="own_routine_has_no_role",
            ),
        ),
        # A fresh database has no routines yet: the content loader gives them their roles
        # (exercises/content/routines.toml) after the migrations.
        migrations.RunPython(give_shipped_routines_their_roles, migrations.RunPython.noop),
    ]
