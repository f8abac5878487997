import base64
import csv
import html
import io
import json
import re
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import default_token_generator
from django.core import mail
from django.db import models
from django.test import Client
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from spasmcare.accounts.export import SESSION_FIELDS
from spasmcare.history.models import CompletedSession

from .conftest import PASSWORD
from .test_own_routines import make_own

pytestmark = pytest.mark.django_db

User = get_user_model()
NEW_PASSWORD = "slow breaths by the window 7"


def page_text(response) -> str:
    return html.unescape(response.content.decode())


def main_text(response) -> str:
    """The page's own content, without anything the layout adds around it."""
    return re.search(r"<main.*?</main>", page_text(response), re.S).group(0)


def logged_in_user_id(client) -> str | None:
    return client.session.get("_auth_user_id")


def make_sessions(user, count: int, note: str = "Felt looser afterwards.") -> None:
    start = datetime(2026, 3, 2, 7, 30, tzinfo=UTC)
    CompletedSession.objects.bulk_create(
        CompletedSession(
            user=user,
            routine_name="Morning ease",
            started_at=start + timedelta(days=i),
            ended_at=start + timedelta(days=i, minutes=12),
            local_date=(start + timedelta(days=i)).date(),
            active_seconds=600,
            steps_done=5,
            steps_total=6,
            pain_before=6,
            pain_after=3,
            feeling=CompletedSession.Feeling.ABOUT_RIGHT,
            note=note,
            events=[{"type": "hurt", "step": 2, "rating": 4}],
        )
        for i in range(count)
    )


def signup_data(**overrides) -> dict:
    return {"email": "new@example.com", "timezone": "Europe/Berlin", **overrides}


def password_data(password=NEW_PASSWORD, again=None) -> dict:
    return {"password1": password, "password2": password if again is None else again}


def settings_data(**overrides) -> dict:
    return {
        "timezone": "Europe/London",
        "weekly_goal": "3",
        "cue_sound": "on",
        "cue_voice": "on",
        "cue_vibrate": "on",
        "cue_guidance": "more",
        **overrides,
    }


def checkbox_is_checked(response, name: str) -> bool:
    tag = re.search(rf'<input[^>]*name="{name}"[^>]*>', response.content.decode()).group(0)
    return " checked" in tag


# ---- Sign up ----


SIGNUP_LINK = r"http://127\.0\.0\.1:8000(/accounts/signup/confirm/\S+/)"


def signup_link(client, **overrides) -> str:
    """Ask for a sign-up link as a person would; the link's path."""
    mail.outbox.clear()
    answer = client.post(reverse("signup"), signup_data(**overrides))
    assert answer.status_code == 302 and answer["Location"] == reverse("signup_sent"), answer
    [message] = mail.outbox
    return re.search(SIGNUP_LINK, message.body).group(1)


def sign_up(client, password=NEW_PASSWORD, **overrides):
    """Sign up, follow the link in the email and choose a password; the final response."""
    link = signup_link(client, **overrides)
    page = client.get(link)
    assert "Create my account" in page_text(page)
    return client.post(link, password_data(password))


def test_sign_up_creates_an_account_and_logs_in(client):
    response = sign_up(client, email="New.Person@Example.com")

    assert response.status_code == 302
    assert response["Location"] == "/welcome/"  # a weekly goal and a reminder first
    user = User.objects.get()
    assert user.email == "new.person@example.com"
    assert user.check_password(NEW_PASSWORD)
    assert logged_in_user_id(client) == str(user.pk)
    assert mail.outbox[0].to == ["new.person@example.com"]
    assert mail.outbox[0].subject == "Finish creating your SpasmCare account"


def test_sign_up_creates_nothing_until_the_emailed_link_is_used(client):
    response = client.post(reverse("signup"), signup_data(), follow=True)

    assert "Check your email" in page_text(response)
    assert "new@example.com" in page_text(response)
    assert not User.objects.exists()
    assert logged_in_user_id(client) is None
    link = re.search(SIGNUP_LINK, mail.outbox[0].body).group(1)
    assert client.get(link).status_code == 200  # a mail scanner opening the link changes nothing
    assert not User.objects.exists()


def test_the_password_is_chosen_by_whoever_holds_the_mailbox_not_whoever_signed_up(client):
    """A pre-hijack: someone signs up another person's address with a password of their own,
    waits for the owner to confirm and use the account, then logs in to read it."""
    attacker = Client()
    attacker.post(
        reverse("signup"),
        {**signup_data(email="victim@example.com"), **password_data("attacker knows this 1")},
    )
    link = re.search(SIGNUP_LINK, mail.outbox[0].body).group(1)

    victim = Client()
    page = victim.get(link)
    assert 'autocomplete="new-password"' in page.content.decode()  # the link asks for a password
    victim.post(link, password_data("the victims own words 9"))

    assert not attacker.login(email="victim@example.com", password="attacker knows this 1")
    assert Client().login(email="victim@example.com", password="the victims own words 9")
    assert "attacker" not in mail.outbox[0].body and "attacker" not in link


def test_a_sign_up_link_never_brings_back_an_account_deleted_after_it_was_sent(client):
    link = signup_link(client)
    client.post(link, password_data())
    client.post(reverse("delete_account"), {"password": NEW_PASSWORD})
    assert not User.objects.exists()

    again = Client().post(link, password_data("someone else chose 42"))

    assert again.status_code == 400
    assert "This link no longer works" in page_text(again)
    assert not User.objects.exists()
    # A new link works as before (links record the second they were made).

    with time_machine.travel(datetime.now(UTC) + timedelta(seconds=2)):
        assert sign_up(Client()).status_code == 302 and User.objects.count() == 1


def test_a_sign_up_link_that_was_altered_or_used_twice_creates_nothing_more(client):
    link = signup_link(client)
    client.post(link, password_data())
    other = Client()

    assert other.post(link[:-5] + "abcd/", password_data()).status_code == 400
    again = other.post(link, password_data())
    assert again["Location"] == reverse("login")
    assert User.objects.count() == 1 and logged_in_user_id(other) is None


def test_a_sign_up_link_expires_with_reset_links(client):
    link = signup_link(client)
    later = datetime.now(UTC) + timedelta(seconds=settings.PASSWORD_RESET_TIMEOUT + 60)
    with time_machine.travel(later):
        response = client.post(link, password_data())

    assert response.status_code == 400
    assert "This link no longer works" in page_text(response)
    assert not User.objects.exists()


def test_sign_up_links_carry_nothing_readable(client):
    link = signup_link(client, email="readable@example.com")
    token = link.rsplit("/", 2)[-2]

    decoded = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))
    assert b"readable" not in decoded and b"Europe" not in decoded


def test_passwords_are_stored_with_argon2(client, production_password_hashing):
    sign_up(client)

    user = User.objects.get()
    assert user.password.startswith("argon2")
    assert NEW_PASSWORD not in user.password
    assert Client().login(email="new@example.com", password=NEW_PASSWORD)


def test_sign_up_keeps_the_time_zone_the_phone_reported(client):
    sign_up(client, timezone="Australia/Adelaide")

    assert User.objects.get().timezone == "Australia/Adelaide"


@pytest.mark.parametrize("reported", ["", "Mars/Olympus_Mons"])
def test_sign_up_without_a_known_time_zone_starts_on_utc(client, reported):
    response = sign_up(client, timezone=reported)

    assert response.status_code == 302
    assert User.objects.get().timezone == "UTC"


def test_sign_up_page_detects_the_time_zone_with_a_deferred_script(client):
    response = client.get(reverse("signup"))

    content = response.content.decode()
    assert response.status_code == 200
    assert re.search(r'<input type="hidden" name="timezone" value="UTC"[^>]*data-detect-timezone', content)
    assert re.search(r'<script src="/static/js/timezone\.[0-9a-f]+\.js" defer></script>', content)


def test_sign_up_returns_to_the_page_the_person_came_from(client):
    response = sign_up(client, next="/routines/")

    assert response["Location"] == "/welcome/?next=%2Froutines%2F"
    assert client.get(response["Location"]).context["next"] == "/routines/"


def test_sign_up_ignores_a_next_address_on_another_site(client):
    response = sign_up(client, next="https://evil.example/steal")

    assert response["Location"] == "/welcome/"


def test_sign_up_refuses_a_common_password_next_to_the_password_and_keeps_what_was_typed(client):
    link = signup_link(client)
    response = client.post(link, password_data("password1234"))

    content = page_text(response)
    assert response.status_code == 400
    assert not User.objects.exists()
    # The error stands by "Choose a password", not by "Password again".
    first, second = content.split('<label for="id_password1">')[1].split('<label for="id_password2">')
    assert "This password is too common." in first
    assert "too common" not in second
    assert content.count('value="password1234"') == 2  # nothing typed is thrown away


def test_sign_up_refuses_a_short_password(client):
    response = client.post(signup_link(client), password_data("calm sea"))

    assert response.status_code == 400
    assert "This password is too short. It must contain at least 10 characters." in page_text(response)
    assert not User.objects.exists()


def test_sign_up_says_a_mismatch_by_the_second_password(client):
    response = client.post(signup_link(client), password_data(again="something else entirely"))

    content = page_text(response)
    assert response.status_code == 400
    second = re.search(r'<label for="id_password2">.*?<input[^>]*>', content, re.S).group(0)
    assert "The two password fields didn’t match." in second
    assert 'value="something else entirely"' in content


def test_sign_up_answers_the_same_whether_or_not_the_email_has_an_account(client, owner):
    """Saying "this email already has an account" would tell anyone that the address uses a
    back-pain app: the owner is emailed instead."""
    stranger = Client()
    known = client.post(reverse("signup"), signup_data(email="Owner@EXAMPLE.com"))
    unknown = stranger.post(reverse("signup"), signup_data(email="someone.new@example.com"))

    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"]
    known_page = client.get(known["Location"])
    unknown_page = stranger.get(unknown["Location"])
    assert main_text(known_page).replace("owner@example.com", "X") == main_text(unknown_page).replace(
        "someone.new@example.com", "X"
    )
    assert "already exists" not in page_text(known) + page_text(known_page)
    assert User.objects.count() == 1
    assert logged_in_user_id(client) is None
    to_owner = next(m for m in mail.outbox if m.to == ["owner@example.com"])
    assert to_owner.subject == "You already have a SpasmCare account"
    assert "http://127.0.0.1:8000/accounts/login/" in to_owner.body
    assert "http://127.0.0.1:8000/accounts/password/reset/" in to_owner.body
    assert "/signup/confirm/" not in to_owner.body
    owner.refresh_from_db()
    assert owner.check_password(PASSWORD)  # nothing about the account changed


def test_sign_up_emails_to_one_address_are_limited_silently(client, owner):
    for i in range(5):
        response = Client().post(
            reverse("signup"), signup_data(email="owner@example.com"), REMOTE_ADDR=f"198.51.100.{i}"
        )
        assert response.status_code == 302

    assert len(mail.outbox) == 3


def test_sign_up_errors_are_summarised_at_the_top_and_keep_the_email(client):
    response = client.post(reverse("signup"), signup_data(email="new@example"))

    content = page_text(response)
    assert response.status_code == 400
    assert 'role="alert"' in content
    assert "Enter a valid email address." in content
    assert 'value="new@example"' in content


def test_account_forms_help_password_managers_and_allow_pasting(client, owner):
    signup = client.get(reverse("signup")).content.decode()
    choose = client.get(signup_link(client)).content.decode()
    login = client.get(reverse("login")).content.decode()
    client.force_login(owner)
    delete = client.get(reverse("delete_account")).content.decode()

    assert 'type="email"' in signup and 'autocomplete="email"' in signup
    assert choose.count('autocomplete="new-password"') == 2 and 'autocomplete="username"' in choose
    assert 'type="email"' in login and 'autocomplete="current-password"' in login
    assert 'autocomplete="current-password"' in delete
    for page in (signup, choose, login, delete):
        assert "onpaste" not in page


@pytest.mark.parametrize("name", ["signup", "login", "password_reset", "settings", "delete_account"])
def test_account_pages_run_no_inline_script(client, owner, name):
    if name in ("settings", "delete_account"):
        client.force_login(owner)
    content = client.get(reverse(name)).content.decode()

    assert re.search(r"<h1>.+</h1>", content)
    for tag in re.findall(r"<script\b[^>]*>", content):
        assert "src=" in tag or 'type="application/json"' in tag, tag  # JSON is data, never run
    assert not re.search(r"\son[a-z]+=", content)


def test_signed_in_person_opening_sign_up_goes_to_their_history(client, owner):
    client.force_login(owner)

    response = client.get(reverse("signup"))

    assert response["Location"] == "/history/"


# ---- Log in and out ----


def test_log_in_with_email_in_any_case(client, owner):
    response = client.post(reverse("login"), {"username": "OWNER@example.com", "password": PASSWORD})

    assert response.status_code == 302
    assert response["Location"] == "/history/"
    assert logged_in_user_id(client) == str(owner.pk)


def test_log_in_with_the_wrong_password_says_so(client, owner):
    response = client.post(reverse("login"), {"username": owner.email, "password": "not my password"})

    assert response.status_code == 400
    assert "That email and password don't match an account." in page_text(response)
    assert logged_in_user_id(client) is None


def test_log_out_by_visiting_the_address_is_refused(client, owner):
    client.force_login(owner)

    response = client.get(reverse("logout"))

    assert response.status_code == 405
    assert logged_in_user_id(client) == str(owner.pk)


def test_log_out_button_logs_out(client, owner):
    client.force_login(owner)

    response = client.post(reverse("logout"))

    assert response.status_code == 302
    assert response["Location"] == "/"
    assert logged_in_user_id(client) is None


# ---- Password change and reset ----


def test_password_change_replaces_the_old_password(client, owner):
    client.force_login(owner)

    response = client.post(
        reverse("password_change"),
        {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )

    assert response["Location"] == reverse("password_change_done")
    assert logged_in_user_id(client) == str(owner.pk)
    client.logout()
    assert not client.login(email=owner.email, password=PASSWORD)
    assert client.login(email=owner.email, password=NEW_PASSWORD)


def test_password_change_needs_the_current_password(client, owner):
    client.force_login(owner)

    response = client.post(
        reverse("password_change"),
        {"old_password": "a guess", "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )

    assert "Your old password was entered incorrectly." in page_text(response)
    owner.refresh_from_db()
    assert owner.check_password(PASSWORD)


def request_reset(client, email: str, **extra):
    return client.post(reverse("password_reset"), {"email": email}, **extra)


def test_password_reset_email_link_lets_the_person_choose_a_new_password(client, owner):
    response = request_reset(client, "Owner@Example.com")

    assert response["Location"] == reverse("password_reset_done")
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [owner.email]
    assert message.subject == "Reset your SpasmCare password"
    link = re.search(r"http://127\.0\.0\.1:8000(/accounts/reset/\S+/)", message.body).group(1)

    form_page = client.get(link, follow=True)
    assert "Choose a new password" in page_text(form_page)
    set_password_url = form_page.redirect_chain[-1][0]
    done = client.post(set_password_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})

    assert done["Location"] == reverse("password_reset_complete")
    assert logged_in_user_id(client) == str(owner.pk)  # a completed reset always lets them in
    assert "You're logged in" in page_text(client.get(done["Location"]))
    client.logout()
    assert not client.login(email=owner.email, password=PASSWORD)
    assert client.login(email=owner.email, password=NEW_PASSWORD)


def test_password_reset_link_works_only_once(client, owner):
    request_reset(client, owner.email)
    link = re.search(r"http://127\.0\.0\.1:8000(/accounts/reset/\S+/)", mail.outbox[0].body).group(1)
    form_page = client.get(link, follow=True)
    client.post(
        form_page.redirect_chain[-1][0], {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    )
    client.logout()

    again = client.get(link, follow=True)

    assert "This link has expired" in page_text(again)


@pytest.mark.parametrize("host", ["evil.example", "spasmcare.example.evil.example:8443"])
def test_password_reset_email_links_to_the_site_address_never_the_requests_host(
    client, owner, settings, host
):
    settings.SITE_URL = "https://spasmcare.example"
    settings.ALLOWED_HOSTS = ["*"]  # even a server that answers any Host header

    request_reset(client, owner.email, secure=True, headers={"Host": host})

    body = mail.outbox[0].body
    assert re.search(r"^https://spasmcare\.example/accounts/reset/\S+/$", body, re.M)
    assert "evil" not in body


def test_password_reset_for_an_unknown_address_looks_the_same_and_sends_nothing(client, owner):
    known = request_reset(client, owner.email)
    unknown = request_reset(Client(), "nobody@example.com")

    assert len(mail.outbox) == 1
    assert unknown.status_code == known.status_code == 302
    assert unknown["Location"] == known["Location"]
    known_page, unknown_page = client.get(known["Location"]), Client().get(unknown["Location"])
    assert unknown_page.status_code == known_page.status_code == 200
    assert main_text(unknown_page) == main_text(known_page)


# ---- Settings ----


def test_settings_show_the_saved_choices(client, owner):
    client.force_login(owner)

    response = client.get(reverse("settings"))

    content = response.content.decode()
    assert response.status_code == 200
    assert '<option value="Europe/London" selected>Europe/London</option>' in content
    assert '<option value="3" selected>3 days a week</option>' in content
    assert checkbox_is_checked(response, "cue_voice")
    for name in ("password_change", "export_json", "export_csv", "delete_account", "logout"):
        assert f'"{reverse(name)}"' in content


def test_saving_settings_keeps_them_and_says_so(client, owner):
    client.force_login(owner)

    response = client.post(
        reverse("settings"),
        settings_data(timezone="America/New_York", weekly_goal="5", cue_voice=""),
        follow=True,
    )

    assert response.redirect_chain == [(reverse("settings"), 302)]
    assert "Settings saved." in page_text(response)
    owner.refresh_from_db()
    assert owner.timezone == "America/New_York"
    assert owner.weekly_goal == 5
    assert (owner.cue_sound, owner.cue_voice, owner.cue_vibrate) == (True, False, True)


def test_settings_with_an_unknown_time_zone_keep_what_was_typed(client, owner):
    client.force_login(owner)

    response = client.post(
        reverse("settings"),
        {
            "timezone": "Mars/Olympus_Mons",
            "weekly_goal": "6",
            "cue_vibrate": "on",
        },
    )

    content = page_text(response)
    assert response.status_code == 400
    assert 'role="alert"' in content
    assert "Select a valid choice." in content
    assert '<option value="6" selected>6 days a week</option>' in content
    assert checkbox_is_checked(response, "cue_vibrate")
    assert not checkbox_is_checked(response, "cue_sound")
    owner.refresh_from_db()
    assert (owner.email, owner.timezone, owner.weekly_goal) == ("owner@example.com", "Europe/London", 3)


@pytest.mark.parametrize("goal", ["0", "8", "many"])
def test_weekly_goal_must_be_one_to_seven_days(client, owner, goal):
    client.force_login(owner)

    response = client.post(reverse("settings"), settings_data(weekly_goal=goal))

    assert response.status_code == 400
    owner.refresh_from_db()
    assert owner.weekly_goal == 3


def email_change_link(outbox_message) -> str:
    return re.search(r"http://127\.0\.0\.1:8000(/accounts/email/confirm/\S+/)", outbox_message.body).group(1)


def test_settings_never_change_the_email_at_once(client, owner):
    client.force_login(owner)

    client.post(reverse("settings"), settings_data(email="thief@example.com"))

    owner.refresh_from_db()
    assert owner.email == "owner@example.com"


def test_changing_the_email_needs_the_current_password(client, owner):
    client.force_login(owner)

    response = client.post(
        reverse("change_email"), {"email": "new.owner@example.com", "password": "wrong guess 123"}
    )

    assert response.status_code == 400
    assert "That password isn't right." in page_text(response)
    assert 'value="new.owner@example.com"' in page_text(response)
    assert mail.outbox == []


def test_changing_the_email_answers_the_same_for_used_and_unused_addresses(client, owner, other_user):
    client.force_login(owner)

    used = client.post(
        reverse("change_email"), {"email": "OTHER@example.com", "password": PASSWORD}, follow=True
    )
    unused = client.post(
        reverse("change_email"), {"email": "fresh@example.com", "password": PASSWORD}, follow=True
    )

    assert used.status_code == unused.status_code == 200

    def said(response, address):
        return re.sub(r'value="\w{64}"', "", main_text(response)).replace(address, "X")

    assert said(used, "other@example.com") == said(unused, "fresh@example.com")
    assert "already" not in main_text(used)
    owner.refresh_from_db()
    assert owner.email == "owner@example.com"  # nothing changes until the link is opened
    to_other, to_fresh = mail.outbox
    assert to_other.to == ["other@example.com"] and "/email/confirm/" not in to_other.body
    assert to_fresh.to == ["fresh@example.com"]


def test_the_new_email_takes_effect_from_the_link_and_the_old_address_can_undo_it(client, owner):
    client.force_login(owner)
    client.post(reverse("change_email"), {"email": "New.Owner@example.com", "password": PASSWORD})
    link = email_change_link(mail.outbox[0])

    assert "Use new.owner@example.com" in page_text(Client().get(link))  # a scanner changes nothing
    owner.refresh_from_db()
    assert owner.email == "owner@example.com"
    Client().post(link)

    owner.refresh_from_db()
    assert owner.email == "new.owner@example.com"
    notice = mail.outbox[-1]
    assert notice.to == ["owner@example.com"] and "new.owner@example.com" in notice.body
    undo = re.search(r"http://127\.0\.0\.1:8000(/accounts/email/undo/\S+/)", notice.body).group(1)
    assert Client().post(link).status_code == 400  # the change link works once

    response = Client().post(undo)

    owner.refresh_from_db()
    assert owner.email == "owner@example.com"
    assert not owner.has_usable_password()  # whoever changed it knew the password
    assert client.get(reverse("settings")).status_code == 302  # every session has ended
    assert "/accounts/reset/" in response["Location"]  # straight on to choosing a new password


def test_a_stolen_session_cannot_take_the_account_over_through_its_email(client, owner):
    thief = Client()
    thief.force_login(owner)

    thief.post(reverse("settings"), settings_data(email="thief@example.com"))
    thief.post(reverse("change_email"), {"email": "thief@example.com", "password": "guessing 12345"})
    thief.post(reverse("password_reset"), {"email": "thief@example.com"})

    owner.refresh_from_db()
    assert owner.email == "owner@example.com"
    assert all(m.to != ["thief@example.com"] for m in mail.outbox)


# ---- Download my data ----


def test_json_download_has_the_account_and_only_my_sessions(client, owner, other_user):
    make_sessions(owner, 3, note="Owner's note")
    make_sessions(other_user, 2, note="Someone else's secret")
    client.force_login(owner)

    response = client.get(reverse("export_json"))

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert response["Content-Disposition"].startswith('attachment; filename="spasmcare-')
    assert "no-store" in response["Cache-Control"]
    data = json.loads(response.content)
    assert data["account"]["email"] == "owner@example.com"
    assert data["account"]["timezone"] == "Europe/London"
    assert set(data["account"]) == {
        "email",
        "timezone",
        "weekly_goal",
        "cue_sound",
        "cue_voice",
        "cue_vibrate",
        "cue_guidance",
        "date_joined",
    }
    assert len(data["sessions"]) == 3
    assert {s["note"] for s in data["sessions"]} == {"Owner's note"}
    first = data["sessions"][0]
    assert list(first) == SESSION_FIELDS
    assert first["started_at"] == "2026-03-02T07:30:00Z"
    assert first["events"] == [{"type": "hurt", "step": 2, "rating": 4}]
    assert "Someone else" not in response.content.decode()


def test_csv_download_has_a_header_and_one_row_per_own_session(client, owner, other_user):
    make_sessions(owner, 3, note="Owner's note")
    make_sessions(other_user, 2, note="Someone else's secret")
    client.force_login(owner)

    response = client.get(reverse("export_csv"))

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert response["Content-Disposition"].startswith('attachment; filename="spasmcare-')
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0] == SESSION_FIELDS
    assert len(rows) == 4
    assert {row[SESSION_FIELDS.index("note")] for row in rows[1:]} == {"Owner's note"}
    assert rows[1][SESSION_FIELDS.index("started_at")] == "2026-03-02T07:30:00+00:00"


def test_csv_download_cannot_run_a_note_as_a_spreadsheet_formula(client, owner):
    make_sessions(owner, 1, note='=HYPERLINK("https://evil.example","click")')
    client.force_login(owner)

    rows = list(csv.reader(io.StringIO(client.get(reverse("export_csv")).content.decode())))

    assert rows[1][SESSION_FIELDS.index("note")] == '\'=HYPERLINK("https://evil.example","click")'


@pytest.mark.parametrize("name", ["export_json", "export_csv"])
def test_download_takes_the_same_few_queries_however_long_the_history(
    client, owner, name, django_assert_max_num_queries
):
    make_sessions(owner, 60)

    for n in range(5):
        make_own(owner, name=f"Routine {n}")
    client.force_login(owner)

    # The JSON also holds their own routines (two queries more, however many there are) and the
    # recovery records (five more: spasmcare/recovery/export.py).
    with django_assert_max_num_queries(3 if name == "export_csv" else 10):
        response = client.get(reverse(name))

    assert response.status_code == 200


# ---- Delete account ----


def test_delete_account_page_explains_what_is_removed(client, owner):
    client.force_login(owner)

    response = client.get(reverse("delete_account"))

    content = page_text(response)
    assert response.status_code == 200
    assert "every session in your history" in content
    assert "can't be undone" in content


def test_delete_account_with_the_wrong_password_deletes_nothing(client, owner):
    make_sessions(owner, 2)
    client.force_login(owner)

    response = client.post(reverse("delete_account"), {"password": "not my password"})

    assert response.status_code == 400
    assert "That password isn't right. Nothing has been deleted." in page_text(response)
    assert User.objects.filter(pk=owner.pk).exists()
    assert CompletedSession.objects.for_user(owner).count() == 2
    assert logged_in_user_id(client) == str(owner.pk)


def test_delete_account_removes_the_person_and_everything_of_theirs(client, owner, other_user):
    make_sessions(owner, 2)
    make_sessions(other_user, 1)
    client.force_login(owner)
    owner_pk = owner.pk

    response = client.post(reverse("delete_account"), {"password": PASSWORD}, follow=True)

    assert response.redirect_chain == [("/", 302)]
    assert "Your account and everything saved in it have been deleted." in page_text(response)
    assert logged_in_user_id(client) is None
    assert not User.objects.filter(pk=owner_pk).exists()
    assert not CompletedSession.objects.filter(user_id=owner_pk).exists()
    assert CompletedSession.objects.for_user(other_user).count() == 1
    # Any table that points at a person must let go of them when they leave.
    for model in apps.get_models():
        for field in model._meta.get_fields():
            if isinstance(field, models.ForeignKey) and field.related_model is User:
                assert not model._base_manager.filter(**{field.attname: owner_pk}).exists(), model


# ---- Protection ----


@pytest.mark.parametrize(
    "name", ["settings", "export_json", "export_csv", "delete_account", "password_change"]
)
def test_anonymous_visitors_are_asked_to_log_in(client, name):
    url = reverse(name)

    response = client.get(url)

    assert response.status_code == 302
    assert response["Location"] == f"{reverse('login')}?next={url}"


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("signup", signup_data()),
        ("login", {"username": "owner@example.com", "password": PASSWORD}),
        ("password_reset", {"email": "owner@example.com"}),
    ],
)
def test_forms_refuse_a_post_from_another_site(owner, name, data):
    client = Client(enforce_csrf_checks=True)

    response = client.post(reverse(name), data)

    assert response.status_code == 403
    assert logged_in_user_id(client) is None
    assert User.objects.count() == 1
    assert not mail.outbox


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("logout", {}),
        ("settings", settings_data(weekly_goal="7")),
        (
            "password_change",
            {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
        ),
        ("delete_account", {"password": PASSWORD}),
    ],
)
def test_signed_in_actions_refuse_a_post_from_another_site(owner, name, data):
    client = Client(enforce_csrf_checks=True)
    client.force_login(owner)

    response = client.post(reverse(name), data)

    assert response.status_code == 403
    assert logged_in_user_id(client) == str(owner.pk)
    owner.refresh_from_db()
    assert owner.weekly_goal == 3
    assert owner.check_password(PASSWORD)


def test_setting_a_new_password_from_a_reset_link_refuses_a_post_from_another_site(owner):
    client = Client(enforce_csrf_checks=True)
    uid = urlsafe_base64_encode(force_bytes(owner.pk))
    token = default_token_generator.make_token(owner)
    form_page = client.get(reverse("password_reset_confirm", args=[uid, token]), follow=True)

    response = client.post(
        form_page.redirect_chain[-1][0], {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    )

    assert response.status_code == 403
    owner.refresh_from_db()
    assert owner.check_password(PASSWORD)


def test_settings_form_carries_its_csrf_token(owner):
    client = Client(enforce_csrf_checks=True)
    client.force_login(owner)
    page = client.get(reverse("settings")).content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)

    response = client.post(reverse("settings"), settings_data(weekly_goal="7", csrfmiddlewaretoken=token))

    assert response.status_code == 302
    owner.refresh_from_db()
    assert owner.weekly_goal == 7
