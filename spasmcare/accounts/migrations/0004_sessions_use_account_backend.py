"""Sessions made before AccountBackend name Django's ModelBackend, which is no longer in
AUTHENTICATION_BACKENDS; Django would treat those people as signed out. Point them at the new
backend instead (same users, same checks)."""

from django.db import migrations

OLD = "django.contrib.auth.backends.ModelBackend"
NEW = "spasmcare.accounts.backends.AccountBackend"


def move_sessions(old, new):
    def run(apps, schema_editor):
        from django.contrib.auth import BACKEND_SESSION_KEY
        from django.contrib.sessions.backends.db import SessionStore

        Session = apps.get_model("sessions", "Session")
        store = SessionStore()
        for session in Session.objects.using(schema_editor.connection.alias).iterator():
            data = store.decode(session.session_data)
            if data.get(BACKEND_SESSION_KEY) == old:
                data[BACKEND_SESSION_KEY] = new
                session.session_data = store.encode(data)
                session.save(update_fields=["session_data"])

    return run


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0003_throttle"),
        ("sessions", "0001_initial"),
    ]

    operations = [migrations.RunPython(move_sessions(OLD, NEW), move_sessions(NEW, OLD))]
