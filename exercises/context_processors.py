from django.utils.functional import SimpleLazyObject

from .models import content_version


def content_version_of(request) -> str:
    """content_version, queried once per request however many caches key on it."""
    if not hasattr(request, "_content_version"):
        request._content_version = content_version()
    return request._content_version


def content(request):
    """`content_version` for {% cache %} keys; only pages that use it run its query."""
    return {"content_version": SimpleLazyObject(lambda: content_version_of(request))}
