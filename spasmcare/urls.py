from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path

from . import views
from .accounts import views as account_views
from .reminders import urls as reminder_urls
from .reminders import views as reminder_views

admin.site.site_header = "SpasmCare editors"
admin.site.site_title = "SpasmCare admin"
admin.site.index_title = "Content and accounts"
# The side menu repeats the home page and took half of a tablet's width from the forms.
admin.site.enable_nav_sidebar = False

# Addresses that are the same in every language: the admin, the service worker (one per site,
# told the page's language when it is registered), uploaded images, the calendar feed and the
# push endpoints. The language they answer in is the person's own
# (spasmcare/core/languages.py).
urlpatterns = [
    # Before the admin's own URLs: its log-in page, answering 429 while throttled.
    path(f"{settings.ADMIN_URL}login/", account_views.admin_login),
    path(settings.ADMIN_URL, admin.site.urls),
    path("sw.js", views.service_worker, name="service_worker"),
    path("reminders/", include(reminder_urls.endpoints)),
]

# Pages: English at /…, Dutch at /nl/…, Spanish at /es/…; an address from before the languages
# (a bookmark, a link in an old email) is the English page, or the person's language when it is
# another (spasmcare/core/languages.py).
urlpatterns += i18n_patterns(
    path("", views.home, name="home"),
    # The player joins a routine (exercises), the safety rules (learn) and the last pain logged
    # (history), so it lives with the other pages that bring the apps together.
    path("routines/<slug:slug>/play/", views.play, name="play"),
    path("routines/shared/<str:token>/play/", views.play_shared, name="play_shared"),
    path("", include("exercises.urls")),
    path("", include("spasmcare.learn.urls")),
    path("", include("spasmcare.safety.urls")),
    path("accounts/", include("spasmcare.accounts.urls")),
    path("history/", include("spasmcare.history.urls")),
    path("recovery/", include("spasmcare.recovery.urls")),
    path("reminders/", include(reminder_urls.urlpatterns)),
    # A new account's first screen: a weekly goal and a reminder (spasmcare/reminders/views.py).
    path("welcome/", reminder_views.welcome, name="welcome"),
    path("offline/", views.offline, name="offline"),
    # The language chooser (the header's globe leads here; Settings has the same choice).
    path("language/", account_views.choose_language, name="language"),
    prefix_default_language=False,
)

if settings.SERVE_MEDIA:
    urlpatterns.append(path(f"{settings.MEDIA_URL.strip('/')}/<path:path>", views.media))

handler400 = "spasmcare.views.bad_request"
handler403 = "spasmcare.views.permission_denied"
handler404 = "spasmcare.views.page_not_found"
handler500 = "spasmcare.views.server_error"
