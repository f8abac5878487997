from django.utils.functional import SimpleLazyObject

from .models import owner_tag


def queue_owner(request):
    """`owner_tag` for signed-in pages (see models.owner_tag); computed only where used."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"owner_tag": ""}
    return {"owner_tag": SimpleLazyObject(lambda: owner_tag(user))}
