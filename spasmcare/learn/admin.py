from datetime import date

from django import forms
from django.conf import settings
from django.contrib import admin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_POST
from modeltranslation.admin import TranslationAdmin

from spasmcare.core.admin import BadInputIs400, LabelledListEditable

from . import markdown
from .models import TOPICS, Article


class SourcesField(forms.CharField):
    """Sources as one per line, "Title | https://…", instead of hand-written JSON."""

    widget = forms.Textarea(attrs={"rows": 4})

    def prepare_value(self, value):
        if isinstance(value, list):
            return "\n".join(
                f"{s.get('title', '')} | {s['url']}" if s.get("url") else s.get("title", "") for s in value
            )
        return value

    def to_python(self, value):
        sources = []
        for line in (value or "").splitlines():
            if not line.strip():
                continue
            title, _, url = line.rpartition(" | ") if " | " in line else (line, "", "")
            sources.append({"title": title.strip(), "url": url.strip()})
        return sources


SOURCES_HELP = "One per line: the title, then “ | ” and the web address if it has one."


class ArticleAdminForm(forms.ModelForm):
    topics = forms.MultipleChoiceField(
        choices=TOPICS.items(), widget=forms.CheckboxSelectMultiple, required=False
    )
    sources = SourcesField(required=False, help_text=SOURCES_HELP)

    class Meta:
        model = Article
        fields = "__all__"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for code, _ in settings.LANGUAGES:  # each language's sources, as lines too
            if f"sources_{code}" in self.fields:
                label = self.fields[f"sources_{code}"].label
                self.fields[f"sources_{code}"] = SourcesField(
                    required=False, label=label, help_text=SOURCES_HELP
                )


class TopicFilter(admin.SimpleListFilter):
    title = "topic"
    parameter_name = "topic"

    def lookups(self, request, model_admin):
        return TOPICS.items()

    def queryset(self, request, queryset):
        if self.value() in TOPICS:
            # Topics are a JSON list; the quoted key cannot match part of another key.
            return queryset.filter(topics__icontains=f'"{self.value()}"')
        return queryset


@admin.register(Article)
class ArticleAdmin(LabelledListEditable, BadInputIs400, TranslationAdmin):
    form = ArticleAdminForm
    list_display = ["title", "topic_list", "reviewed", "order", "is_published"]
    list_editable = ["is_published"]
    list_filter = ["is_published", TopicFilter, "reviewed"]
    search_fields = ["title", "summary", "body", "slug"]
    prepopulated_fields = {"slug": ["title"]}
    filter_horizontal = ["routines"]
    readonly_fields = ["rendered"]
    list_per_page = 50
    fieldsets = [
        (None, {"fields": ["title", "slug", "summary", "is_published", "order"]}),
        ("Text", {"fields": ["body", "rendered"]}),
        ("Filing", {"fields": ["topics", "routines"]}),
        ("Checking", {"fields": ["reviewed", "sources"]}),
    ]

    class Media:
        css = {"all": ["admin/spasmcare-admin.css"]}
        js = ["admin/spasmcare-admin.js", forms.Script("admin/learn-preview.js", type="module")]

    @admin.display(description="Topics")
    def topic_list(self, obj):
        return ", ".join(obj.topic_labels)

    @admin.display(description="As readers see it (last saved)")
    def rendered(self, obj):
        if obj.pk is None:
            return "Shown once the article is saved."
        return mark_safe(obj.body_html_en)  # sanitised by markdown.render on save

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "routines":
            # Curated routines only: people's own routines are their data.
            kwargs["queryset"] = db_field.remote_field.model.objects.filter(owner__isnull=True)
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        if getattr(db_field, "translated_field", db_field).name == "body":  # and body_nl…
            field.widget.attrs["data-preview-url"] = reverse(f"{self.admin_site.name}:learn_article_preview")
            field.widget.attrs["rows"] = 24
        return field

    def get_urls(self):
        preview = path(
            "preview/",
            self.admin_site.admin_view(self.preview_view),
            name="learn_article_preview",
        )
        return [preview, *super().get_urls()]

    @method_decorator(require_POST)
    def preview_view(self, request):
        """The unsaved article as the whole page readers will see (the site's own template and
        styles), for the Preview button to show at phone width. Nothing is saved."""
        if not self.has_change_permission(request):
            raise PermissionDenied
        try:
            markdown.validate(request.POST.get("body", ""))
        except ValidationError as error:
            # Shown by learn-preview.js in place of the preview, like the form's own error.
            return HttpResponse(
                " ".join(error.messages), status=400, content_type="text/plain; charset=utf-8"
            )
        try:
            reviewed = date.fromisoformat(request.POST.get("reviewed", ""))
        except ValueError:
            reviewed = timezone.localdate()
        article = Article(
            title=request.POST.get("title", "")[:120] or "Untitled",
            summary=request.POST.get("summary", "")[:240],
            body=request.POST.get("body", ""),
            body_html=markdown.render(request.POST.get("body", "")),
            reviewed=reviewed,
        )
        return render(request, "learn/article.html", {"article": article, "preview": True})
