"""Sessions made while SpasmCare had its own authentication backend name it; Django would treat
those people as signed out now that the standard ModelBackend is back. Point them at it (same
users, same checks), so nobody is signed out by the change."""

from django.db import migrations

OLD = "spasmcare.accounts.backends.AccountBackend"
NEW = "django.contrib.auth.backends.ModelBackend"


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
        ("accounts", "0006_safety_pain"),
        ("sessions", "0001_initial"),
    ]

    operations = [migrations.RunPython(move_sessions(OLD, NEW), move_sessions(NEW, OLD))]
