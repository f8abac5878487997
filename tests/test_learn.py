"""The education section: shipped articles, the article pages, and the editors' admin."""

import datetime
import html
import time
from html.parser import HTMLParser

import pytest
from django.contrib.auth.models import Permission
from django.core.exceptions import ValidationError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from exercises.models import Routine
from spasmcare.learn import content, markdown
from spasmcare.learn.models import TOPICS, Article

from .conftest import PASSWORD
from .factories import make_exercises, make_routine, with_languages

pytestmark = pytest.mark.django_db

PREVIEW_URL = "/admin/learn/article/preview/"


def count_queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def page(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def make_article(slug: str, body: str = "Some calm words.", **fields) -> Article:
    defaults = {
        "title": slug.replace("-", " ").capitalize(),
        "summary": "A short summary.",
        "topics": ["what-is"],
        "reviewed": datetime.date(2026, 11, 20),
        "is_published": True,
    }
    return Article.objects.create(slug=slug, body=body, **{**defaults, **fields})


class TagCollector(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def tags_in(html: str) -> list[tuple[str, dict]]:
    parser = TagCollector()
    parser.feed(html)
    return parser.tags


# ---- Shipped articles ----


def test_every_reference_topic_has_a_published_article():
    covered = {
        key for topics in Article.objects.published().values_list("topics", flat=True) for key in topics
    }
    assert set(TOPICS) == covered
    assert len(TOPICS) == 12


def test_a_fresh_database_has_at_least_eleven_published_articles():
    assert Article.objects.published().count() >= 11


def test_shipped_articles_link_to_their_routines_after_migrate():
    # The exercises loader runs first on post_migrate, so the routines exist to be linked.
    home_care = Article.objects.get(slug="home-care")
    assert {r.slug for r in home_care.routines.all()} == {"spasm-relief", "light-walk"}


def test_loading_articles_again_keeps_an_editors_changes_unless_asked():
    Article.objects.filter(slug="symptoms").update(title="Symptoms (edited)")
    make_article("editor-only")
    assert content.load() == 0
    assert Article.objects.get(slug="symptoms").title == "Symptoms (edited)"
    assert Article.objects.filter(slug="editor-only").exists()

    content.load(update=True)
    assert Article.objects.get(slug="symptoms").title != "Symptoms (edited)"


def test_when_to_see_a_doctor_says_about_two_weeks(client):
    html = page(client, "/learn/when-to-see-a-doctor/")
    assert "two weeks" in html
    assert "weak or numb" in html


def test_home_care_covers_heat_walking_and_too_much_bed_rest(client):
    html = page(client, "/learn/home-care/")
    assert "heat" in html
    assert "walk" in html
    assert "bed rest" in html


def test_emergency_signs_name_numbness_and_bladder_or_bowel_changes(client):
    html = page(client, "/learn/emergency-signs/").lower()
    assert "genitals or bottom" in html
    assert "bladder" in html and "bowel" in html
    assert "fever" in html


# ---- Pages ----


def test_learn_page_lists_published_articles_in_order_with_reading_time(client):
    response = client.get("/learn/")
    html = response.content.decode()
    articles = list(response.context["articles"])
    assert [a.order for a in articles] == sorted(a.order for a in articles)
    first = Article.objects.published().first()
    assert first.title in html and first.summary in html
    assert f"{first.reading_minutes} min read" in html
    assert 'aria-current="page">Learn<' in html
    assert html.count("<h1") == 1


def test_article_shows_reading_time_review_date_sources_and_routine_cards(client):
    routine = Routine.objects.get(slug="spasm-relief")
    article = make_article(
        "reading-test",
        body="word " * 450,
        reviewed=datetime.date(2026, 11, 20),
        sources=[
            {"title": "Back pain — NHS", "url": "https://www.nhs.uk/conditions/back-pain/"},
            {"title": "SpasmCare reference article", "url": ""},
        ],
    )
    article.routines.add(routine)
    html = page(client, "/learn/reading-test/")
    assert "3 min read" in html
    assert "Last reviewed" in html and "20 November 2026" in html
    assert "Sources" in html
    assert 'href="https://www.nhs.uk/conditions/back-pain/"' in html
    assert "<li>SpasmCare reference article</li>" in html
    assert "Routines that fit" in html
    assert f'href="{routine.get_play_url()}"' in html
    assert html.count("<h1") == 1
    assert 'aria-current="page">Learn<' in html


def test_a_short_article_is_still_a_one_minute_read():
    assert make_article("short", body="Just a few words.").reading_minutes == 1


def test_unpublished_article_is_not_found_and_not_listed(client):
    make_article("draft-article", title="A draft nobody sees", is_published=False)
    assert client.get("/learn/draft-article/").status_code == 404
    assert "A draft nobody sees" not in page(client, "/learn/")


def test_unpublished_routine_is_not_offered_on_an_article(client):
    Routine.objects.filter(slug="light-walk").update(is_published=False)
    html = page(client, "/learn/home-care/")
    assert "/routines/spasm-relief/play/" in html
    assert "/routines/light-walk/play/" not in html


def test_dangerous_markup_in_an_article_never_reaches_the_page(client):
    body = "\n\n".join(
        [
            "## Calm heading",
            "- first point\n- second point",
            "Read the [NHS page](https://www.nhs.uk/) or our [safety check](/safety-check/).",
            "<script>alert(1)</script>",
            "A picture <img src=x onerror=alert(1)> here.",
            "A [trick link](javascript:alert(1)) here.",
            '<a href="javascript:alert(1)" onclick="alert(1)">raw link</a>',
            '<iframe src="https://example.com/"></iframe>',
            '<p style="color: red" onmouseover="alert(1)">styled</p>',
        ]
    )
    make_article("sanitiser-test", body=body)
    html = page(client, "/learn/sanitiser-test/")

    assert "alert(" not in html
    assert "javascript:" not in html.lower()
    for tag, attrs in tags_in(html):
        assert tag not in ("iframe", "object", "embed"), tag
        assert not any(name.startswith("on") or name == "style" for name in attrs), (tag, attrs)
        if tag == "script" and attrs.get("type") != "application/json":  # JSON is data, never run
            assert attrs.get("src", "").startswith("/static/"), attrs
        if tag == "img":
            assert attrs.get("src", "").startswith("/static/"), attrs
    # Ordinary Markdown survives.
    assert "<h2>Calm heading</h2>" in html
    assert "<li>first point</li>" in html
    assert 'href="https://www.nhs.uk/"' in html
    assert 'href="/safety-check/"' in html
    assert "raw link" in html and "trick link" in html


def test_a_source_link_must_be_a_web_address():
    article = make_article("bad-source", sources=[{"title": "Trap", "url": "javascript:alert(1)"}])
    with pytest.raises(ValidationError):
        article.full_clean()


# ---- Query counts stay constant as articles grow ----


def test_learn_and_article_query_counts_do_not_grow(client):
    few = make_exercises(3, "few")
    short = make_routine("short-routine", few)
    make_article("one-routine").routines.add(short)
    before = [count_queries(client, "/learn/"), count_queries(client, "/learn/one-routine/")]

    many = make_exercises(30, "many")
    routines = [make_routine(f"long-routine-{i}", many) for i in range(5)]
    for i in range(50):
        make_article(f"extra-{i}", order=100 + i).routines.add(*routines)
    assert Article.objects.published().count() >= 64
    after = [count_queries(client, "/learn/"), count_queries(client, "/learn/extra-49/")]
    assert after == before


# ---- Admin ----


def test_admin_pages_keep_a_constant_query_count(client, editor):
    client.force_login(editor)
    change_url = reverse("admin:learn_article_change", args=[Article.objects.get(slug="home-care").pk])
    urls = [reverse("admin:learn_article_changelist"), change_url, reverse("admin:learn_article_add")]
    for url in urls:  # warm the content-type cache so only the data differs
        client.get(url)
    before = [count_queries(client, u) for u in urls]
    routines = [make_routine(f"admin-routine-{i}", make_exercises(3, f"admin{i}")) for i in range(5)]
    for i in range(50):
        make_article(f"admin-extra-{i}", topics=["causes", "prevention"]).routines.add(*routines)
    assert [count_queries(client, u) for u in urls] == before


def test_admin_change_page_shows_the_rendered_article_and_a_preview_button(client, editor):
    client.force_login(editor)
    article = make_article("admin-view", body="## Rendered here\n\n<script>alert(1)</script>")
    html = page(client, reverse("admin:learn_article_change", args=[article.pk]))
    assert "<h2>Rendered here</h2>" in html
    assert "alert(1)</script>" not in html.split("</textarea>")[1]
    assert f'data-preview-url="{PREVIEW_URL}"' in html
    assert "admin/learn-preview" in html


def test_editor_can_write_an_article_with_topics_and_sources(client, editor):
    client.force_login(editor)
    routine = Routine.objects.get(slug="desk-break")
    form = with_languages(
        Article,
        {
            "title": "Sitting well at work",
            "slug": "sitting-well",
            "summary": "Small changes to your desk.",
            "is_published": "on",
            "order": "20",
            "body": "## Your chair\n\n- feet flat",
            "topics": ["prevention", "causes"],
            "routines": [routine.pk],
            "reviewed": "2026-11-20",
            "sources": "Back pain — NHS | https://www.nhs.uk/conditions/back-pain/\nOur own notes",
        },
    )
    response = client.post(reverse("admin:learn_article_add"), form)
    assert response.status_code == 302
    article = Article.objects.get(slug="sitting-well")
    assert article.topics == ["prevention", "causes"]
    assert article.sources == [
        {"title": "Back pain — NHS", "url": "https://www.nhs.uk/conditions/back-pain/"},
        {"title": "Our own notes", "url": ""},
    ]
    assert "<h2>Your chair</h2>" in article.body_html
    assert "Sitting well at work" in page(client, "/learn/")

    form.update(slug="sitting-badly", sources_en="Trap | javascript:alert(1)")
    assert client.post(reverse("admin:learn_article_add"), form).status_code == 400
    form.update(sources_en="", topics=["not-a-topic"])
    assert client.post(reverse("admin:learn_article_add"), form).status_code == 400
    assert not Article.objects.filter(slug="sitting-badly").exists()


def test_admin_list_filters_by_topic(client, editor):
    client.force_login(editor)
    response = client.get(reverse("admin:learn_article_changelist"), {"topic": "prognosis"})
    shown = {a.slug for a in response.context["cl"].result_list}
    assert shown == set(
        Article.objects.filter(topics__icontains='"prognosis"').values_list("slug", flat=True)
    )
    assert "recovery-time" in shown and "home-care" not in shown


def test_admin_preview_returns_sanitised_html_to_an_editor(client, editor):
    client.force_login(editor)
    response = client.post(
        PREVIEW_URL,
        {
            "body": "## Preview me\n\n<script>alert(1)</script>\n\n[x](javascript:alert(1)) <img src=x onerror=alert(1)>"
        },
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert 'class="article"' in page and "css/app" in page  # the page readers see, styles and all
    html = page.split('<div class="prose">', 1)[1].split("</div>", 1)[0]
    assert "<h2>Preview me</h2>" in html
    assert "alert" not in html and "<img" not in html and "javascript" not in html


def test_admin_preview_checks_the_csrf_token(editor):
    client = Client(enforce_csrf_checks=True)
    client.force_login(editor)
    assert client.post(PREVIEW_URL, {"body": "hello"}).status_code == 403


def test_admin_preview_is_refused_to_everyone_else_and_to_get(client, owner, editor, django_user_model):
    assert client.post(PREVIEW_URL, {"body": "hi"}).status_code == 302  # signed out

    client.force_login(owner)
    response = client.post(PREVIEW_URL, {"body": "hi"})
    assert response.status_code == 302 and "/login/" in response["Location"]

    staff = django_user_model.objects.create_user("staff@example.com", PASSWORD, is_staff=True)
    client.force_login(staff)
    assert client.post(PREVIEW_URL, {"body": "hi"}).status_code == 403
    staff.user_permissions.add(Permission.objects.get(codename="change_article"))
    assert client.post(PREVIEW_URL, {"body": "hi"}).status_code == 200

    client.force_login(editor)
    assert client.get(PREVIEW_URL).status_code == 405


# ---- Markdown an editor can't break the site with ----


def article_form(**overrides) -> dict:
    return with_languages(
        Article,
        {
            "title": "Limits",
            "slug": "limits",
            "summary": "A short summary.",
            "order": "30",
            "body": "Some calm words.",
            "topics": ["prevention"],
            "reviewed": "2026-11-20",
            "sources": "",
            **overrides,
        },
    )


def test_unclosed_brackets_render_in_linear_time():
    """Python-Markdown took time in the square of the size (6 KB of "[": 5 s, 50 KB: 402 s).
    Measured as a ratio, the best of five taken in turns (small, large, small…), so a busy
    machine slows both alike and doesn't decide it: four times the text takes about four times as
    long when linear and sixteen when quadratic; the line is drawn between the two, at twelve (a
    CI run under load measured 8.3 with the line at eight)."""

    def once(size: int) -> float:
        started = time.perf_counter()
        markdown.validate("[" * size)
        markdown.render("[" * size)
        return time.perf_counter() - started

    rounds = [(once(3_000), once(12_000)) for _ in range(5)]
    small, large = min(r[0] for r in rounds), min(r[1] for r in rounds)
    assert large < 12 * small, (small, large)


@pytest.mark.parametrize(
    "body, message",
    [
        ("- " * 1000 + "a list nested 1,000 deep", "nested more than 5 deep"),
        ("- a\n" + "".join("  " * i + "- nested\n" for i in range(1, 8)), "nested more than 5 deep"),
        ("> " * 1000 + "deep quote", "nested more than 5 deep"),
        ("calm words " * 4_000, "an article can have up to 40,000"),
    ],
)
def test_markdown_too_deep_or_too_long_is_a_form_error_on_save_and_preview(client, editor, body, message):
    client.force_login(editor)

    saved = client.post(reverse("admin:learn_article_add"), article_form(body=body))
    preview = client.post(PREVIEW_URL, {"body": body})

    assert saved.status_code == 400 and message in html.unescape(saved.content.decode())
    assert preview.status_code == 400 and message in preview.content.decode()
    assert not Article.objects.filter(slug="limits").exists()


def test_tables_render_in_a_box_that_scrolls_on_a_phone():
    out = markdown.render("| When | What |\n|---|---|\n| Day 1 | Rest a little, keep moving |\n")

    assert '<div class="table-scroll" role="region" tabindex="0" aria-label="Table"><table>' in out
    assert '<th scope="col">When</th>' in out and "<td>Rest a little, keep moving</td>" in out


def test_a_numbered_list_right_after_a_bullet_list_is_its_own_list():
    out = markdown.render("- heat\n- walking\n1. first step\n2. second step\n")

    assert out.count("<ul>") == 1 and out.count("<ol>") == 1
    assert "<li>walking</li>\n</ul>\n<ol>" in out
