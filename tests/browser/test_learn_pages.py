"""Real Chromium at phone size: reading articles, and an editor previewing one."""

import pytest
from playwright.sync_api import expect

from spasmcare.learn.models import Article

from ..conftest import PASSWORD, log_in
from .helpers import (
    assert_no_axe_violations,
    assert_no_horizontal_overflow,
    assert_tap_targets_are_big_enough,
)

# ---- In a real browser ----


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_articles_read_well_on_a_phone(phone):
    phone.goto("/learn/")
    assert phone.locator(".article-card").count() >= 11
    for check in (assert_no_axe_violations, assert_no_horizontal_overflow, assert_tap_targets_are_big_enough):
        check(phone, f"/learn/ on {phone.device_name}")

    phone.get_by_role("link", name="Caring for a back spasm at home").click()
    phone.wait_for_url("**/learn/home-care/")
    assert phone.get_by_role("heading", level=1).inner_text() == "Caring for a back spasm at home"
    assert phone.get_by_role("heading", name="Routines that fit").is_visible()
    for check in (assert_no_axe_violations, assert_no_horizontal_overflow, assert_tap_targets_are_big_enough):
        check(phone, f"/learn/home-care/ on {phone.device_name}")


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_editor_previews_unsaved_text_under_the_content_security_policy(
    browser, live_server, django_user_model
):
    editor = django_user_model.objects.create_superuser("browser-editor@example.com", PASSWORD)
    article = Article.objects.get(slug="symptoms")
    context = browser.new_context(base_url=live_server.url)
    log_in(context, editor, live_server)
    page = context.new_page()
    blocked = []
    page.on("console", lambda m: blocked.append(m.text) if "Content Security Policy" in m.text else None)
    page.goto(f"/admin/learn/article/{article.pk}/change/")

    page.locator("#id_title_en").fill("A fresh title")
    # Typed, not pasted: the preview follows as the editor writes, with no button to press.
    page.locator("#id_body_en").fill("")
    page.locator("#id_body_en").press_sequentially(
        "## Fresh heading\n\n- one point\n\n<img src=x onerror=\"document.title='hacked'\">"
    )
    # The whole page as readers see it, with the site's own styles, at phone width.
    # (The English text box's preview is the first: each language's text box has its own.)
    preview = page.frame_locator("iframe.learn-preview").first
    preview.get_by_role("heading", name="Fresh heading").wait_for()
    expect(preview.get_by_role("heading", name="A fresh title", level=1)).to_be_visible()
    assert preview.locator(".prose li").inner_text() == "one point"
    assert preview.locator(".prose img").count() == 0
    assert preview.locator(".article h1").evaluate("h => getComputedStyle(h).fontSize") == "31.5px"  # app.css
    assert page.locator("iframe.learn-preview").first.bounding_box()["width"] <= 392  # 390 px and its border
    assert page.title() != "hacked"
    assert not blocked, blocked
    assert Article.objects.get(pk=article.pk).body == article.body  # previewing saves nothing

    # A long article, edited near its end: the preview opens there, with that paragraph marked.
    paragraphs = [f"Paragraph {n} says something calm about backs." for n in range(1, 40)]
    page.locator("#id_body_en").fill("\n\n".join(paragraphs))
    page.locator("#id_body_en").press("End")  # the caret at the end, in paragraph 39
    page.locator("#id_body_en").press_sequentially(" More")
    preview.get_by_text("Paragraph 39 says something calm about backs. More").wait_for()
    # The frame runs no scripts, so it is read from the editor's page (same origin).
    scrolled = "() => document.querySelector('iframe.learn-preview').contentWindow.scrollY"
    page.wait_for_function(f"() => ({scrolled})() > 500", polling=100)
    marked = """() => [...document.querySelector('iframe.learn-preview').contentDocument
        .querySelectorAll('.prose p')].filter(p => p.style.outline).map(p => p.textContent).join()"""
    assert page.evaluate(marked) == "Paragraph 39 says something calm about backs. More"
    # Moving the caret to the start moves the preview back up to it, without typing.
    page.locator("#id_body_en").press("Control+Home")
    page.wait_for_function(f"() => ({marked})().startsWith('Paragraph 1 ')", polling=100)
    assert page.evaluate(scrolled) < 1000
    context.close()
