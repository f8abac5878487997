"""Public pages come from the cache (spasmcare/core/caching.py), and nobody ever sees a stale or
someone else's page: every change a person or an editor makes shows on the next view, and a
signed-in person's pages are rendered for them on every view.

"Another worker" is a thread here: Django gives it its own database connection, so its commits
reach this one exactly as another gunicorn process's would."""

import gzip
import io
import json
import re
import threading
from datetime import date, timedelta

import pytest
import time_machine
from django.contrib.sessions.models import Session
from django.core.management import call_command
from django.db import connection, connections
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from exercises.models import BodyArea, Exercise, Routine
from spasmcare.core.caching import content_revision
from spasmcare.history.models import CompletedSession, owner_tag
from spasmcare.learn.models import Article

from .conftest import PASSWORD, pass_safety_check
from .test_accounts import settings_data
from .test_history import add_session, session_payload

pytestmark = pytest.mark.django_db


def queries(client, url, **headers) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url, headers=headers)
    assert response.status_code == 200, url
    return len(ctx.captured_queries), response.text


def signed_in(user) -> Client:
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    client.get("/accounts/settings/")  # the browser's CSRF cookie, as after any form
    return client


def anonymous() -> Client:
    client = Client()
    client.get("/safety-check/")  # the browser's CSRF cookie, so pages with forms are cached too
    assert "csrftoken" in client.cookies
    return client


def csrf_tokens(html: str) -> set[str]:
    """CSRF tokens are masked afresh for each rendering: one seen again was stored."""
    return set(re.findall(r"\b[A-Za-z0-9]{64}\b", html))


def served_from_cache(client, url) -> bool:
    queries(client, url)
    return queries(client, url)[0] <= 1  # the content revision


def save_session(client, payload):
    return client.post(
        "/history/sessions/",
        json.dumps(payload),
        content_type="application/json",
        headers={"X-CSRFToken": client.cookies["csrftoken"].value},
    )


# ---- Served from the cache ----

PUBLIC_PAGES = ["/exercises/", "/exercises/cat-cow/", "/routines/", "/routines/spasm-relief/", "/learn/"]


@pytest.mark.parametrize("url", PUBLIC_PAGES + ["/learn/what-is-a-back-spasm/", "/"])
def test_a_public_page_seen_again_costs_one_query_and_is_the_same_page(client, url):
    first_count, first = queries(client, url)
    again_count, again = queries(client, url)
    assert again == first
    assert again_count == 1 < first_count  # the content revision


PLAYER = "/routines/spasm-relief/play/"
SIGNED_IN_PAGES = PUBLIC_PAGES + [
    "/learn/what-is-a-back-spasm/",
    "/",
    "/history/",
    PLAYER,
]


@pytest.mark.parametrize("url", SIGNED_IN_PAGES)
def test_a_signed_in_persons_pages_are_rendered_for_them(owner, url):
    """Only the parts that are the same for everyone may come from the cache: the page itself
    is rendered for the person every time (their session and account are read)."""
    owner.safety_outcome = "fine"
    owner.save()
    add_session(owner, date(2026, 11, 20), pain=(6, 4))
    Client().get(url)  # whatever a visitor's view of the page put in the cache
    client = signed_in(owner)
    queries(client, url)  # and whatever this person's first view put there
    again_count, again = queries(client, url)
    assert again_count >= 3  # session, account, content revision: not a stored page
    if "/play/" not in url:  # the player has no site navigation
        shown = re.sub(r"<script.*?</script>", "", again, flags=re.S)  # not JavaScript's words
        assert "Account" in shown and "Log in" not in shown


@pytest.mark.parametrize("url", [url for url in SIGNED_IN_PAGES if url not in ("/history/", PLAYER)])
def test_the_shared_parts_of_a_page_hold_nothing_of_the_person_who_filled_them(owner, other_user, url):
    """The first person to open a page fills its shared parts; the next visitor and the next
    person get none of the first one's account, CSRF token or navigation."""

    owner.safety_outcome = other_user.safety_outcome = "fine"
    owner.save()
    other_user.save()
    first = signed_in(owner)
    mine = [owner.email, owner_tag(owner), *csrf_tokens(queries(first, url)[1])]
    for client in (Client(), signed_in(other_user)):
        html = queries(client, url)[1]
        assert not [value for value in mine if value in html], url
    assert "Log in" in queries(Client(), url)[1]


def test_the_shared_steps_of_the_player_hold_nothing_of_the_person_who_filled_them(owner, other_user):
    url = PLAYER
    for user in (owner, other_user):
        user.safety_outcome = "fine"
        user.save()
    first_html = queries(signed_in(owner), url)[1]
    assert f'data-account="{owner.pk}"' in first_html
    html = queries(signed_in(other_user), url)[1]
    assert f'data-account="{other_user.pk}"' in html and f'data-account="{owner.pk}"' not in html
    assert not csrf_tokens(first_html) & csrf_tokens(html)
    assert 'id="player-steps-data"' in html and 'class="player-step"' in html


# ---- Never stale ----


def test_an_editors_change_shows_on_the_next_view():
    client = anonymous()
    pass_safety_check(client)
    assert served_from_cache(client, "/exercises/")
    queries(client, "/routines/spasm-relief/play/")
    exercise = Exercise.objects.get(slug="cat-cow")
    exercise.name = "Cat and camel, renamed"
    exercise.save()
    routine = Routine.objects.get(slug="spasm-relief")
    routine.name = "Spasm relief, renamed"
    routine.save()
    assert "Cat and camel, renamed" in queries(client, "/exercises/")[1]
    assert "Spasm relief, renamed" in queries(client, "/routines/spasm-relief/play/")[1]


def test_a_saved_session_and_a_changed_note_show_in_history_at_once(owner):
    client = signed_in(owner)
    assert "No sessions yet" in queries(client, "/history/")[1]
    payload = session_payload(pain_before=6)
    assert save_session(client, payload).status_code == 201
    assert "Pain 6 → –" in queries(client, "/history/")[1]
    # The finish screen adds the pain afterwards to the same session: a changed row, not a new one.
    assert save_session(client, {**payload, "pain_after": 3}).status_code == 200
    assert "Pain 6 → 3" in queries(client, "/history/")[1]
    session = CompletedSession.objects.get(user=owner)
    token = client.cookies["csrftoken"].value
    response = client.post(
        f"/history/sessions/{session.pk}/edit/",
        {"note": "Easier after the walk"},
        headers={"HX-Request": "true", "X-CSRFToken": token},
    )
    assert response.status_code == 200
    assert "Easier after the walk" in queries(client, "/history/")[1]


def test_the_player_knows_the_last_pain_logged(owner):
    owner.safety_outcome = "fine"
    owner.save()
    client = signed_in(owner)
    add_session(owner, date(2026, 11, 20), pain=(6, 5))
    first = queries(client, "/routines/spasm-relief/play/")[1]
    assert '"lastPain": 5' in first
    add_session(owner, date(2026, 11, 21), pain=(4, 2))
    assert '"lastPain": 2' in queries(client, "/routines/spasm-relief/play/")[1]


def test_changed_settings_show_on_the_next_view(owner):
    client = signed_in(owner)
    assert "your goal of 3 active days" in queries(client, "/history/")[1]
    token = client.cookies["csrftoken"].value
    response = client.post(
        "/accounts/settings/", {**settings_data(weekly_goal="5"), "csrfmiddlewaretoken": token}
    )
    assert response.status_code == 302
    assert "your goal of 5 active days" in queries(client, "/history/")[1]


def test_a_changed_safety_answer_opens_or_closes_the_player():
    client = anonymous()
    pass_safety_check(client, outcome="urgent")
    assert 'id="player"' not in queries(client, "/routines/morning-mobility/play/")[1]
    assert 'id="player"' not in queries(client, "/routines/morning-mobility/play/")[1]
    pass_safety_check(client, outcome="fine")
    assert 'id="player"' in queries(client, "/routines/morning-mobility/play/")[1]


def test_history_moves_to_a_new_day_at_the_persons_midnight(owner):
    client = signed_in(owner)
    with time_machine.travel("2026-11-26 23:30 +00:00", tick=False):  # London
        add_session(owner, date(2026, 11, 26))
        assert active_days(queries(client, "/history/")[1]) == "1"
        assert active_days(queries(client, "/history/")[1]) == "1"
    with time_machine.travel("2026-11-30 00:30 +00:00", tick=False):  # Monday in London: a new week
        assert active_days(queries(client, "/history/")[1]) == "0"


def active_days(html: str) -> str:
    return re.search(r'Active days</dt><dd><span class="big-number">(\d+)<', html).group(1)


# ---- Never someone else's ----


def test_two_people_never_see_each_others_history(owner, other_user):
    add_session(owner, date(2026, 11, 20), routine="Owners own routine")
    mine = signed_in(owner)
    theirs = signed_in(other_user)
    assert "Owners own routine" in queries(mine, "/history/")[1]
    assert "Owners own routine" not in queries(theirs, "/history/")[1]


def test_two_people_get_their_own_home_page(owner, other_user):
    add_session(owner, date(2026, 11, 20), pain=(7, 7))
    mine, theirs = signed_in(owner), signed_in(other_user)
    assert "Your last pain score was 7" in queries(mine, "/")[1]
    assert "Your last pain score was 7" in queries(mine, "/")[1]
    assert "Your last pain score was 7" not in queries(theirs, "/")[1]


def test_signed_in_and_anonymous_visitors_get_their_own_navigation(owner):
    anonymous = Client()
    assert "Log in" in queries(anonymous, "/exercises/")[1]
    assert "Account" in queries(signed_in(owner), "/exercises/")[1]
    assert "Log in" in queries(anonymous, "/exercises/")[1]


def test_a_cached_page_on_a_second_device_has_forms_that_work(owner):
    session = add_session(owner, date(2026, 11, 20))
    phone, laptop = signed_in(owner), signed_in(owner)
    queries(phone, "/history/")
    queries(laptop, "/history/")
    html = queries(laptop, f"/history/sessions/{session.pk}/edit/")[1]
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
    response = laptop.post(
        f"/history/sessions/{session.pk}/edit/", {"note": "From the laptop", "csrfmiddlewaretoken": token}
    )
    assert response.status_code == 302
    assert "From the laptop" in queries(phone, "/history/")[1]


def test_an_htmx_fragment_and_the_full_page_are_kept_apart(client):
    full = queries(client, "/exercises/?kind=stretch")[1]
    fragment = queries(client, "/exercises/?kind=stretch", **{"HX-Request": "true"})[1]
    assert "<html" in full and "<html" not in fragment
    assert "<html" in queries(client, "/exercises/?kind=stretch")[1]


def test_phones_get_the_page_compressed_and_older_clients_get_it_plain(client):
    """Stored compressed, so a phone's view of a cached page costs no compression at all."""
    phone = {"Accept-Encoding": "gzip, deflate, br, zstd"}
    first = client.get("/exercises/", headers=phone)
    again = client.get("/exercises/", headers=phone)
    plain = client.get("/exercises/")
    assert first["Content-Encoding"] == again["Content-Encoding"] == "gzip"
    assert again.content == first.content  # the same stored bytes, not compressed afresh
    assert "Accept-Encoding" in again["Vary"]
    assert not plain.has_header("Content-Encoding")

    def unnonced(html):
        return re.sub(r'nonce="[^"]*"', "", html)  # each rendering writes its own

    assert unnonced(gzip.decompress(again.content).decode()) == unnonced(plain.text)
    assert "Cat–cow" in plain.text


def test_a_one_off_message_is_shown_once_then_the_page_is_cached_again(owner):
    session = add_session(owner, date(2026, 11, 20))
    client = signed_in(owner)
    queries(client, "/history/")
    token = client.cookies["csrftoken"].value
    assert (
        client.post(
            f"/history/sessions/{session.pk}/edit/", {"note": "Felt looser", "csrfmiddlewaretoken": token}
        ).status_code
        == 302
    )
    assert "Saved your changes" in queries(client, "/history/")[1]
    assert "Saved your changes" not in queries(client, "/history/")[1]


def test_after_deleting_an_account_the_home_page_says_goodbye(owner):
    client = signed_in(owner)
    queries(Client(), "/")  # the anonymous home page is in the cache
    token = client.cookies["csrftoken"].value
    response = client.post(
        "/accounts/delete/", {"password": PASSWORD, "csrfmiddlewaretoken": token}, follow=True
    )
    assert "Your account and everything saved in it have been deleted" in response.text


# ---- Any published change moves the content revision ----


def test_a_renamed_body_area_shows_in_the_library_at_once():
    client = anonymous()
    assert served_from_cache(client, "/exercises/")
    assert served_from_cache(client, "/exercises/cat-cow/")
    area = BodyArea.objects.get(slug="lower-back")
    area.name = "Low back, renamed"
    area.save()
    assert "Low back, renamed" in queries(client, "/exercises/")[1]
    assert "Low back, renamed" in queries(client, "/exercises/cat-cow/")[1]


def test_an_exercise_moved_to_another_body_area_shows_under_its_filter_at_once():
    client = anonymous()
    exercise = Exercise.objects.get(slug="cat-cow")
    area = BodyArea.objects.exclude(exercises=exercise).first()
    assert "Cat–cow" not in queries(client, f"/exercises/?area={area.slug}")[1]
    exercise.body_areas.add(area)
    assert "Cat–cow" in queries(client, f"/exercises/?area={area.slug}")[1]


def test_an_unpublished_article_leaves_the_list_at_once():
    client = anonymous()
    article = Article.objects.published().first()
    assert article.title in queries(client, "/learn/")[1]
    article.is_published = False
    article.save()
    assert article.title not in queries(client, "/learn/")[1]
    assert client.get(article.get_absolute_url()).status_code == 404


def test_a_routine_step_removed_shows_at_once():
    client = anonymous()
    routine = Routine.objects.get(slug="spasm-relief")
    steps = len(routine.step_list)
    assert f"<dt>Steps</dt><dd>{steps}</dd>" in queries(client, "/routines/spasm-relief/")[1]
    routine.steps.last().delete()
    assert f"<dt>Steps</dt><dd>{steps - 1}</dd>" in queries(client, "/routines/spasm-relief/")[1]


def test_editing_someones_own_routine_keeps_visitors_cached_pages(owner):
    """A person's own routine is on no public page, so editing it renews nothing; a curated
    routine's change still does."""

    mine = Routine.objects.get(slug="spasm-relief").duplicate("My relief", owner=owner)
    before = content_revision()
    mine.name = "My evening relief"
    mine.save()
    mine.steps.last().delete()
    mine.delete()
    assert content_revision() == before
    curated = Routine.objects.get(slug="spasm-relief")
    curated.steps.last().delete()
    assert content_revision() != before


# ---- Changes another worker commits show on the next view ----


def in_another_worker(work):
    """Run work() on another connection and commit it, as another process would."""
    failures = []

    def run():
        try:
            work()
        except BaseException as error:  # re-raised in the test below
            failures.append(error)
        finally:
            connections.close_all()

    thread = threading.Thread(target=run)
    thread.start()
    thread.join()
    if failures:
        raise failures[0]


@pytest.mark.django_db(transaction=True)
def test_a_session_saved_by_another_worker_shows_in_history_at_once(owner):
    client = signed_in(owner)
    add_session(owner, date(2026, 11, 20), pain=(6, 4))
    assert "Pain 6 → 4" in queries(client, "/history/")[1]
    in_another_worker(
        lambda: add_session(owner, date(2026, 11, 21), pain=(7, 2), note="Saved on the other worker")
    )
    assert "Saved on the other worker" in queries(client, "/history/")[1]


@pytest.mark.django_db(transaction=True)
def test_an_editors_change_on_another_worker_shows_on_the_next_view(client):
    routine = Routine.objects.create(
        slug="evening-unwind", name="Evening unwind", is_published=True, purpose="Rest."
    )
    url = f"/routines/{routine.slug}/"
    assert "Evening unwind" in queries(client, url)[1]
    queries(client, url)

    def rename():
        routine.name = "Evening wind-down"
        routine.save()  # as the admin does

    in_another_worker(rename)
    page = queries(client, url)[1]
    assert "Evening wind-down" in page and "Evening unwind" not in page


@pytest.mark.django_db(transaction=True)
def test_signing_out_everywhere_on_another_worker_signs_this_browser_out(owner):
    client = signed_in(owner)
    queries(client, "/history/")
    queries(client, "/history/")
    in_another_worker(lambda: Session.objects.all().delete())
    response = client.get("/history/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


@pytest.mark.django_db(transaction=True)
def test_a_password_changed_on_another_worker_signs_other_browsers_out(owner):
    client = signed_in(owner)
    queries(client, "/history/")
    queries(client, "/history/")

    def change_password():
        owner.set_password("a completely new passphrase 7")
        owner.save()

    in_another_worker(change_password)
    response = client.get("/history/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_a_session_that_runs_out_signs_out(owner, settings):
    client = signed_in(owner)
    queries(client, "/history/")
    queries(client, "/history/")
    with time_machine.travel(timezone.now() + timedelta(seconds=settings.SESSION_COOKIE_AGE + 60)):
        response = client.get("/history/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_a_rejected_settings_form_changes_nothing_on_the_next_page(owner):
    client = signed_in(owner)
    assert "your goal of 3 active days" in queries(client, "/history/")[1]
    token = client.cookies["csrftoken"].value
    response = client.post(
        "/accounts/settings/",
        {**settings_data(weekly_goal="6", timezone="Not/AZone"), "csrfmiddlewaretoken": token},
    )
    assert response.status_code == 400
    assert "your goal of 3 active days" in queries(client, "/history/")[1]


def test_shipped_text_loaded_again_by_the_command_shows_at_once():
    """`manage.py load_content --update` writes in bulk (no signals), then moves the revision."""

    client = anonymous()
    article = Article.objects.published().first()
    Exercise.objects.filter(slug="cat-cow").update(name="Edited cat-cow")
    Article.objects.filter(pk=article.pk).update(title="Edited title")
    queries(client, "/learn/")
    assert "Edited cat-cow" in queries(client, "/exercises/")[1]
    call_command("load_content", update=True, stdout=io.StringIO())
    assert "Edited cat-cow" not in queries(client, "/exercises/")[1]
    page = queries(client, "/learn/")[1]
    assert article.title in page and "Edited title" not in page
