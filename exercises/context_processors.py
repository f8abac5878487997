from django.utils.functional import SimpleLazyObject

from .models import content_version


def content(request):
    """`content_version` for {% cache %} keys; only pages that use it run its query."""
    return {"content_version": SimpleLazyObject(content_version)}
