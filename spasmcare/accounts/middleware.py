from django.conf import settings
from django.utils import timezone


def user_time_zone(get_response):
    """Render every date and time for a signed-in person in their own time zone (Settings),
    whichever page, fragment or download shows it. Anonymous visitors see UTC."""

    def middleware(request):
        # Only a request carrying a session can be signed in; others skip the session lookup.
        if settings.SESSION_COOKIE_NAME in request.COOKIES and request.user.is_authenticated:
            with timezone.override(request.user.tz):
                return get_response(request)
        return get_response(request)

    return middleware
