"""Requests and responses as every app's views handle them."""

import json
from datetime import date, datetime

from django.http import HttpRequest
from django.http.request import RawPostDataException
from django.utils.http import content_disposition_header, url_has_allowed_host_and_scheme
from django_htmx.middleware import HtmxDetails


class HtmxHttpRequest(HttpRequest):
    """A request as views see it behind django-htmx's middleware, which adds `.htmx` (falsy for
    a normal page load; its attributes say which htmx request this is)."""

    htmx: HtmxDetails


def json_object(request: HttpRequest) -> dict | None:
    """The request body as a JSON object, or None for anything else: not JSON or not UTF-8, a
    JSON array or number, JSON nested thousands deep (RecursionError), or a multipart body the
    CSRF check has already read (RawPostDataException), which leaves no JSON to read."""
    try:
        data = json.loads(request.body)
    except (ValueError, UnicodeDecodeError, RecursionError, RawPostDataException):
        return None
    return data if isinstance(data, dict) else None


def safe_next_url(request: HttpRequest) -> str:
    """The `next` the request carries (POST, then GET) if it is a path on this site ("/…"), else "".

    Only a path: `redirect()` reads anything else that has no "/" or "." as the name of a URL
    pattern and raised NoReverseMatch (a 500) for `next=<img src=x onerror=alert(1)>`."""
    url = request.POST.get("next") or request.GET.get("next") or ""
    is_safe = url.startswith("/") and url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return url if is_safe else ""


def download_headers(filename: str) -> dict[str, str]:
    """Headers that make a response a download saved under `filename`."""
    return {"Content-Disposition": content_disposition_header(True, filename)}


# Spreadsheet apps run a cell that starts with one of these as a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(value):
    """A value for a CSV cell: dates and times in ISO 8601, and text a spreadsheet would run as
    a formula ("=HYPERLINK(…)") quoted so it shows as text."""
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value
