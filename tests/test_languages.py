"""Each person gets SpasmCare in their own language (spasmcare/core/languages.py): pages at an
address per language, the chooser, the account's language for everything sent later, the page
cache and the service worker per language."""

import re
from datetime import UTC, datetime

import pytest
import time_machine
from django.conf import settings
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import translation
from icalendar import Calendar

from spasmcare.accounts import signup
from spasmcare.accounts.models import User
from spasmcare.reminders.sender import reminder_message, send_pass

from .conftest import PASSWORD
from .test_caching import queries
from .test_reminders import make_reminder

pytestmark = pytest.mark.django_db

DUTCH_BROWSER = {"Accept-Language": "nl-NL,nl;q=0.9,en;q=0.5"}


def html_lang(response) -> str:
    return re.search(r'<html lang="([^"]+)"', response.text).group(1)


def csrf_client() -> Client:
    client = Client(enforce_csrf_checks=True)
    client.get(reverse("language"))  # the chooser's form sets the CSRF cookie
    return client


def choose(client: Client, language: str, next_url: str):
    return client.post(
        reverse("language"),
        {"language": language, "next": next_url, "csrfmiddlewaretoken": client.cookies["csrftoken"].value},
    )


# ---- Addresses and the first visit ----


@pytest.mark.parametrize(("url", "lang"), [("/", "en"), ("/nl/", "nl"), ("/es/routines/", "es")])
def test_each_language_has_its_own_address_and_says_so(client, url, lang):
    response = client.get(url)
    assert response.status_code == 200
    assert html_lang(response) == lang
    assert response["Content-Language"] == lang


def test_a_first_visit_follows_the_browsers_language(client):
    response = client.get("/routines/", headers=DUTCH_BROWSER)
    assert response.status_code == 302 and response["Location"] == "/nl/routines/"
    assert "private" in response["Cache-Control"]  # no shared cache keeps one person's redirect
    assert client.get("/routines/", headers={"Accept-Language": "en-GB,en"}).status_code == 200
    assert client.get("/routines/", headers={"Accept-Language": "de-DE,fr"}).status_code == 200  # not offered


def test_an_old_link_keeps_working_and_opens_in_the_persons_language(client):
    """Bookmarks and emails from before the languages are English addresses."""
    assert client.get("/learn/", headers=DUTCH_BROWSER)["Location"] == "/nl/learn/"
    assert client.get("/relief/").status_code == 200


def test_a_shared_address_in_a_language_shows_that_language_whatever_the_browser(client):
    response = client.get("/es/routines/", headers=DUTCH_BROWSER)
    assert response.status_code == 200 and html_lang(response) == "es"


def test_every_page_names_its_other_languages_for_search_engines(client, settings):
    settings.SITE_URL = "https://spasmcare.example"
    html = client.get("/nl/routines/spasm-relief/").text
    alternates = dict(re.findall(r'<link rel="alternate" hreflang="([^"]+)" href="([^"]+)">', html))
    assert alternates == {
        "en": "https://spasmcare.example/routines/spasm-relief/",
        "nl": "https://spasmcare.example/nl/routines/spasm-relief/",
        "es": "https://spasmcare.example/es/routines/spasm-relief/",
        "x-default": "https://spasmcare.example/routines/spasm-relief/",
    }


@pytest.mark.parametrize("url", ["/sw.js", "/sw.js?lang=nl"])
def test_addresses_that_are_the_same_in_every_language_are_never_redirected(client, url):
    assert client.get(url, headers=DUTCH_BROWSER).status_code == 200


# ---- Choosing ----


def test_the_chooser_names_each_language_in_its_own_words_whatever_the_page_is_in(client):
    html = client.get("/es/language/?next=/es/routines/").text
    for code, name in settings.LANGUAGES:
        assert f'lang="{code}"' in html and f">{name}</button>" in html
    assert '<span lang="nl">Taal</span>' in html and '<span lang="en">Language</span>' in html


def test_the_menu_leads_to_the_chooser_from_every_page(client):
    html = client.get("/nl/learn/").text
    link = re.search(r'<a class="language-link" href="([^"]+)"', html).group(1)
    assert link == "/nl/language/?next=/nl/learn/"
    assert "Idioma" in html  # findable by someone who reads only Spanish


def test_choosing_keeps_the_person_on_the_same_page_in_the_new_language():
    client = csrf_client()
    response = choose(client, "nl", "/routines/spasm-relief/")
    assert response.status_code == 302 and response["Location"] == "/nl/routines/spasm-relief/"
    # The choice stays on this phone: an English address now opens the Dutch page.
    assert client.get("/learn/")["Location"] == "/nl/learn/"
    response = choose(client, "en", "/nl/learn/")
    assert response["Location"] == "/learn/"
    assert client.get("/learn/", headers=DUTCH_BROWSER).status_code == 200  # English chosen beats the browser


def test_choosing_is_a_post_with_csrf():
    client = Client(enforce_csrf_checks=True)
    client.get(reverse("language"))
    response = client.post(reverse("language"), {"language": "nl", "next": "/"})
    assert response.status_code == 403
    assert settings.LANGUAGE_COOKIE_NAME not in client.cookies
    client.get(reverse("language"), {"language": "nl", "next": "/"})  # a GET only shows the choices
    assert settings.LANGUAGE_COOKIE_NAME not in client.cookies


def test_an_unknown_language_or_a_next_elsewhere_changes_nothing_harmful():
    client = csrf_client()
    response = choose(client, "xx", "/routines/")
    assert response.status_code == 302 and settings.LANGUAGE_COOKIE_NAME not in client.cookies
    response = choose(client, "nl", "https://evil.example/")
    assert response.status_code == 302 and "evil" not in response["Location"]


def test_a_signed_in_persons_choice_is_kept_on_the_account_and_followed_on_any_phone(owner):
    client = Client(enforce_csrf_checks=True)
    client.force_login(owner)
    client.get(reverse("language"))
    choose(client, "es", "/history/")
    owner.refresh_from_db()
    assert owner.language == "es"
    other_phone = Client()
    other_phone.force_login(owner)
    assert other_phone.get("/history/", headers=DUTCH_BROWSER)["Location"] == "/es/history/"


def test_settings_change_the_accounts_language_and_carry_on_in_it(owner):
    client = Client()
    client.force_login(owner)
    form = client.get("/accounts/settings/").text
    assert '<option value="nl" lang="nl">Nederlands</option>' in form
    data = {
        "language": "nl",
        "timezone": "Europe/Amsterdam",
        "weekly_goal": "3",
        "cue_voice": "on",
        "cue_guidance": "more",
    }
    response = client.post("/accounts/settings/", data, follow=True)
    assert response.redirect_chain[0] == ("/nl/accounts/settings/", 302)
    assert "Instellingen opgeslagen." in response.text
    owner.refresh_from_db()
    assert owner.language == "nl"


def test_an_unknown_language_in_settings_is_refused_with_a_clear_message(owner):
    client = Client()
    client.force_login(owner)
    response = client.post("/accounts/settings/", {"language": "xx", "timezone": "UTC", "weekly_goal": "3"})
    assert response.status_code == 400
    owner.refresh_from_db()
    assert owner.language == "en"


# ---- Sign-up ----


@pytest.mark.parametrize(
    ("lang", "subject"), [("nl", "Maak je SpasmCare-account af"), ("es", "Termina de crear")]
)
def test_signing_up_on_a_page_in_a_language_makes_an_account_in_it(client, lang, subject):
    client.post(f"/{lang}/accounts/signup/", {"email": "ana@example.com", "timezone": "Europe/Madrid"})
    (message,) = mail.outbox
    assert message.subject.startswith(subject)
    link = re.search(r"https?://\S+/accounts/signup/confirm/\S+/", message.body).group(0)
    assert f"/{lang}/accounts/signup/confirm/" in link
    path = link.split("://", 1)[1].split("/", 1)[1]
    client.post("/" + path, {"password1": PASSWORD, "password2": PASSWORD})
    assert User.objects.get(email="ana@example.com").language == lang


def test_a_signup_link_from_before_the_languages_still_makes_an_english_account(client):
    token = signup.tokens.seal(signup.PURPOSE, {"e": "old@example.com", "tz": "UTC", "n": ""})
    client.post(f"/accounts/signup/confirm/{token}/", {"password1": PASSWORD, "password2": PASSWORD})
    assert User.objects.get(email="old@example.com").language == "en"


# ---- Everything sent later, in the account's language ----


def test_the_reminder_email_is_in_the_accounts_language_whatever_was_active(owner):
    owner.language = "nl"
    owner.save()
    with time_machine.travel(datetime(2026, 11, 26, 7, 0, tzinfo=UTC)):
        make_reminder(owner)
    with time_machine.travel(datetime(2026, 11, 26, 7, 31, tzinfo=UTC)), translation.override("es"):
        assert send_pass().sent == 1
    (message,) = mail.outbox
    assert "Nieuw hier?" in message.body or "rustige" in message.body, message.body
    assert "/nl/" in message.body and "/es/" not in message.body
    unsubscribe = message.extra_headers["List-Unsubscribe"]
    assert "/nl/reminders/unsubscribe/" in unsubscribe


def test_the_push_message_is_in_the_accounts_language(owner):
    owner.language = "es"
    owner.save()
    message = reminder_message(owner)
    assert message["url"].startswith("/es/")
    assert "¿Es tu primera vez?" in message["body"] or "Hoy:" in message["title"]


def test_the_calendar_feed_speaks_the_accounts_language_at_its_old_address(owner):
    owner.language = "nl"
    owner.save()
    reminder = make_reminder(owner)
    url = reverse("calendar_feed", args=[reminder.calendar_token])
    assert url.startswith("/reminders/calendar/")  # the same address for every language
    (event,) = Calendar.from_ical(Client().get(url).content).walk("VEVENT")
    assert str(event["SUMMARY"]) == "SpasmCare: een paar rustige minuten voor je rug"
    assert event["SUMMARY"].params["LANGUAGE"] == "nl"
    assert "/nl/reminders/today/" in str(event["URL"])


def test_password_reset_mail_is_in_the_accounts_language(client, owner):
    owner.language = "es"
    owner.save()
    client.post("/accounts/password/reset/", {"email": owner.email})  # asked from an English page
    (message,) = mail.outbox
    assert "/es/accounts/reset/" in message.body  # its words follow once the template is translated


def test_email_change_mail_is_in_the_accounts_language(owner):
    owner.language = "nl"
    owner.save()
    client = Client()
    client.force_login(owner)
    client.post("/nl/accounts/email/", {"email": "nieuw@example.com", "password": PASSWORD})
    (message,) = mail.outbox
    assert message.subject == "Bevestig je nieuwe e-mailadres voor SpasmCare"
    assert "/nl/accounts/email/confirm/" in message.body


# ---- The page cache, per language ----


def test_a_dutch_visitor_never_gets_the_cached_english_page_and_pays_no_more_queries():
    english, dutch = Client(), Client()
    english_first, english_page = queries(english, "/routines/")
    english_again, _ = queries(english, "/routines/")
    dutch_first, dutch_page = queries(dutch, "/nl/routines/")
    dutch_again, dutch_page_again = queries(dutch, "/nl/routines/")
    assert 'lang="nl"' in dutch_page and 'lang="nl"' in dutch_page_again
    assert dutch_page != english_page
    assert dutch_first == english_first and dutch_again == english_again == 1


def test_the_shared_parts_of_a_signed_in_page_are_kept_per_language(owner):
    client = Client()
    client.force_login(owner)
    queries(client, "/routines/spasm-relief/")  # fills the English parts
    count_en, _ = queries(client, "/routines/spasm-relief/")
    queries(client, "/nl/routines/spasm-relief/")
    count_nl, page = queries(client, "/nl/routines/spasm-relief/")
    assert count_nl == count_en
    assert 'lang="nl"' in page


# ---- Offline ----


def test_the_service_worker_keeps_the_relief_path_in_the_language_that_installed_it(client):
    dutch = client.get("/sw.js?lang=nl").text
    pages = re.search(r"const PRECACHE_PAGES = (\[.*?\]);", dutch).group(1)
    assert (
        '"/nl/relief/"' in pages
        and '"/nl/offline/"' in pages
        and '"/nl/routines/spasm-relief/play/"' in pages
    )
    assert 'const OFFLINE_URL = "/nl/offline/"' in dutch
    english = client.get("/sw.js").text
    assert 'const OFFLINE_URL = "/offline/"' in english
    # A page in another language installs its own worker (another script), which keeps the static
    # files the phone already has: their cache, named by the release, is the same in every language.
    assert dutch != english
    version = re.compile(r'const VERSION = "([^"]+)"')
    assert version.search(dutch).group(1) == version.search(english).group(1)
    assert client.get("/sw.js?lang=xx").text == english  # anything else: the default language


def test_logging_in_carries_on_in_the_accounts_language(client, owner):
    owner.language = "nl"
    owner.save()
    response = client.post("/accounts/login/", {"username": owner.email, "password": PASSWORD})
    assert response.status_code == 302 and response["Location"] == "/nl/history/"
    assert client.cookies[settings.LANGUAGE_COOKIE_NAME].value == "nl"
