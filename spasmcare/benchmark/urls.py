"""SpasmCare's URLs, plus /bench/bare/ when SPASMCARE_BENCH_BARE=1.

The bare view answers "ok" through the same middleware stack, so the ratio of a page's
requests per second to the bare view's shows what the page itself costs on this machine.
"""

import os

from django.http import HttpResponse
from django.urls import include, path


def bare(request):
    return HttpResponse("ok")


urlpatterns = [path("", include("spasmcare.urls"))]
if os.environ.get("SPASMCARE_BENCH_BARE") == "1":
    urlpatterns.insert(0, path("bench/bare/", bare, name="bench_bare"))
