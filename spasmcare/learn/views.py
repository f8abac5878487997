from django.http import HttpRequest
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from spasmcare.core.caching import public_page

from .models import Article


@require_safe
@public_page
def article_list(request: HttpRequest):
    articles = Article.objects.published().defer("body_html")
    return render(request, "learn/articles.html", {"articles": articles})


@require_safe
@public_page
def article_detail(request: HttpRequest, slug: str):
    article = get_object_or_404(Article.objects.published(), slug=slug)
    # Lazy: fetched only if the template's cached article is missing (spasmcare/core/caching.py).
    routines = article.routines.published().with_steps()
    return render(request, "learn/article.html", {"article": article, "routines": routines})
