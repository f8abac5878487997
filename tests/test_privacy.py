"""Per-person data is private: for every kind of thing a person owns, someone else asking for it
gets a 404 (not a 403 that would confirm it exists), and nothing changes. On a shared phone,
nothing of one person's is kept for, shown to or saved for the next: sessions queued on the
phone name their account, logging out clears what the browser kept, and signed-in pages are
never stored by any cache."""

import json
from datetime import date

import pytest
from django.templatetags.static import static

from spasmcare.history.models import CompletedSession, owner_tag
from spasmcare.reminders.models import PushSubscription, Reminder

from .conftest import PASSWORD
from .test_history import add_session, post_session, session_payload

pytestmark = pytest.mark.django_db


@pytest.fixture
def theirs(other_user):
    session = add_session(other_user, date(2026, 11, 20), pain=(6, 3), note="their private note")
    reminder = Reminder.objects.create(user=other_user, enabled=True, email_enabled=True)
    device = PushSubscription.objects.create(
        user=other_user, endpoint="https://fcm.googleapis.com/fcm/send/theirs", p256dh="k", auth="a"
    )
    return {"session": session, "reminder": reminder, "device": device}


@pytest.fixture
def me(client, owner):
    client.force_login(owner)
    return client


def test_their_session_is_404(me, theirs):
    pk = theirs["session"].pk
    assert me.post(f"/history/sessions/{pk}/delete/").status_code == 404
    assert CompletedSession.objects.filter(pk=pk).exists()


def test_their_note_is_404(me, theirs):
    pk = theirs["session"].pk
    assert me.post(f"/history/sessions/{pk}/edit/", {"note": "overwritten"}).status_code == 404
    assert CompletedSession.objects.get(pk=pk).note == "their private note"


def test_their_push_subscription_is_404(me, theirs):
    pk = theirs["device"].pk
    assert me.post(f"/reminders/push/{pk}/delete/").status_code == 404
    response = me.post(f"/reminders/push/{pk}/delete/", "{}", content_type="application/json")
    assert response.status_code == 404
    assert PushSubscription.objects.filter(pk=pk).exists()


def test_their_calendar_token_never_matches_anyone_else(me, theirs, owner):
    mine = Reminder.objects.create(user=owner)
    assert me.get(f"/reminders/calendar/{mine.calendar_token}.ics").status_code == 200
    guessed = theirs["reminder"].calendar_token[:-4] + "zzzz"
    assert me.get(f"/reminders/calendar/{guessed}.ics").status_code == 404


def test_their_reminder_settings_are_not_reachable_or_changed(me, theirs):
    page = me.get("/reminders/").content.decode()
    assert theirs["reminder"].calendar_token not in page
    assert "fcm/send/theirs" not in page
    me.post("/reminders/calendar/new/")
    theirs["reminder"].refresh_from_db()
    assert theirs["reminder"].email_enabled and theirs["reminder"].calendar_token


def test_their_data_is_never_in_my_export_summary_or_history(me, theirs):
    exported = json.loads(me.get("/accounts/export.json").content)
    assert exported["sessions"] == []
    assert "their private note" not in me.get("/accounts/export.csv").content.decode()
    summary = me.get("/history/summary/", {"start": "2026-11-01", "end": "2026-11-30"}).content.decode()
    assert "their private note" not in summary
    assert "their private note" not in me.get("/history/").content.decode()


# ---- A shared phone ----


def test_a_queued_session_tagged_for_another_account_is_refused_and_not_saved(me, owner, other_user):
    payload = session_payload(account=owner_tag(other_user), note="their session")
    response = post_session(me, payload)
    assert response.status_code == 409
    assert "another account" in response.json()["message"]
    assert not CompletedSession.objects.filter(key=payload["key"]).exists()


@pytest.mark.parametrize("tag", [5, ["x"], {"a": 1}, "", "0" * 20, True])
def test_a_queued_session_with_a_forged_tag_is_refused_without_a_server_error(me, tag):
    response = post_session(me, session_payload(account=tag))
    assert response.status_code == 409
    assert CompletedSession.objects.count() == 0


def test_a_queued_session_tagged_for_the_signed_in_account_is_saved(me, owner):
    response = post_session(me, session_payload(account=owner_tag(owner)))
    assert response.status_code == 201
    assert CompletedSession.objects.filter(user=owner).count() == 1


def test_a_session_finished_signed_out_and_then_added_is_saved_for_whoever_chose_to_add_it(me, owner):
    # The phone sends it without a tag only after the person tapped "Add" (static/js/sessions.js).
    assert post_session(me, session_payload(account=None)).status_code == 201
    assert CompletedSession.objects.filter(user=owner).count() == 1


def test_each_account_has_its_own_tag_and_signed_in_pages_carry_it(me, owner, other_user, client):
    assert owner_tag(owner) != owner_tag(other_user)
    assert len(owner_tag(owner)) == 20 and str(owner.pk) != owner_tag(owner)
    assert f'data-account="{owner_tag(owner)}"' in me.get("/history/").content.decode()
    client.logout()
    assert "data-account" not in client.get("/").content.decode()


def test_logging_out_tells_the_browser_to_clear_what_it_kept(client, owner):
    client.force_login(owner)
    response = client.post("/accounts/logout/")
    assert response.status_code == 302
    assert response["Clear-Site-Data"] == '"cache", "storage"'


def test_deleting_the_account_tells_the_browser_to_clear_what_it_kept(client, owner):
    client.force_login(owner)
    response = client.post("/accounts/delete/", {"password": PASSWORD, "confirm": "on"})
    assert response.status_code == 302, response.content
    assert response["Clear-Site-Data"] == '"cache", "storage"'


SIGNED_IN_PAGES = [
    "/",
    "/routines/spasm-relief/play/",
    "/history/",
    "/history/summary/",
    "/accounts/settings/",
    "/accounts/export.json",
    "/reminders/",
    "/exercises/",
    "/no-such-page/",
]


@pytest.mark.parametrize("url", SIGNED_IN_PAGES)
def test_every_response_to_a_signed_in_person_is_private_and_never_stored(me, url):
    for response in (me.get(url), me.get(url)):  # rendered, then from the page cache
        directives = {d.strip() for d in response["Cache-Control"].split(",")}
        assert {"private", "no-store"} <= directives, url


def test_pages_for_anyone_stay_cacheable_for_offline_use(client):
    # The service worker keeps these for the next person on the phone; private ones it won't.
    for url in ["/", "/routines/spasm-relief/play/", "/offline/"]:
        assert "private" not in client.get(url).get("Cache-Control", ""), url


def test_pages_allow_the_screen_wake_lock_and_no_other_powerful_feature(client, me):
    for response in (client.get("/routines/spasm-relief/play/"), me.get("/history/")):
        policy = dict(item.strip().split("=", 1) for item in response["Permissions-Policy"].split(","))
        assert policy["screen-wake-lock"] == "(self)"
        for feature in ("camera", "microphone", "geolocation", "payment", "usb", "display-capture"):
            assert policy[feature] == "()"
        assert {f for f, allow in policy.items() if allow != "()"} == {"screen-wake-lock"}


def test_a_page_carries_the_page_headers_and_a_static_file_only_what_a_file_needs(client):
    # The player's first load fetches 28 files; each went with a referrer policy and an opener
    # policy that only a page uses, about 2 KB in all on a cheap phone's data plan.
    page = client.get("/routines/spasm-relief/play/")
    assert page["Referrer-Policy"] == "same-origin"
    assert page["Cross-Origin-Opener-Policy"] == "same-origin"
    assert page["X-Content-Type-Options"] == "nosniff"
    script = client.get(static("js/player/main.js"))
    assert script.status_code == 200
    assert script["X-Content-Type-Options"] == "nosniff"  # never run as anything but a script
    assert "Referrer-Policy" not in script and "Cross-Origin-Opener-Policy" not in script
