"""SpasmCare's URLs, plus /bench/bare/ when SPASMCARE_BENCH_BARE=1.

The bare view answers "ok" through the same middleware stack, so the ratio of a page's
requests per second to the bare view's shows what the page itself costs on this machine.
"""

import os
import time

from django.http import HttpResponse
from django.urls import path

from spasmcare import urls as spasmcare_urls


def bare(request):
    return HttpResponse("ok")


def echo_bench_header(get_response):
    """Sends mix.lua's X-Bench request header back, so wrk can tell which page a response is
    for and when it was asked (wrk gives its script no other way to match the two), with the
    CPU time this worker spent on it in microseconds (X-Bench-CPU): unlike latency, that
    doesn't grow when other programs share the machine. (PostgreSQL's own CPU isn't in it.)"""

    def middleware(request):
        started = time.thread_time_ns()
        response = get_response(request)
        if sent := request.META.get("HTTP_X_BENCH"):
            response["X-Bench"] = sent
            response["X-Bench-CPU"] = str((time.thread_time_ns() - started) // 1000)
        return response

    return middleware


# The project's patterns themselves, not include()d: i18n_patterns may only be used at the root.
urlpatterns = list(spasmcare_urls.urlpatterns)
if os.environ.get("SPASMCARE_BENCH_BARE") == "1":
    urlpatterns.insert(0, path("bench/bare/", bare, name="bench_bare"))
