from django.shortcuts import render
from django.views.decorators.http import require_GET


@require_GET
def safety_check(request):
    return render(request, "learn/safety.html")
