from django.core.checks import Warning, register

from .push import contact, contact_problem


# A deployment check: on a developer's machine the default contact is expected, and a warning on
# every manage.py command would only teach people to ignore warnings.
@register(deploy=True)
def push_contact_is_reachable(app_configs, **kwargs):
    """Push services (Apple's in particular) refuse messages whose VAPID contact can't be
    reached, so a default like mailto:hello@localhost silently stops every push reminder."""
    problem = contact_problem(contact())
    if problem is None:
        return []
    return [
        Warning(
            f"The Web Push contact {problem}; push services may refuse every reminder.",
            hint="Set SPASMCARE_PUSH_CONTACT to an email address or https:// page where the push "
            "services can reach you (or DJANGO_DEFAULT_FROM_EMAIL to a real address).",
            id="reminders.W001",
        )
    ]
