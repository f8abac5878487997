from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from . import views
from .accounts import views as account_views
from .reminders import views as reminder_views

admin.site.site_header = "SpasmCare editors"
admin.site.site_title = "SpasmCare admin"
admin.site.index_title = "Content and accounts"
# The side menu repeats the home page and took half of a tablet's width from the forms.
admin.site.enable_nav_sidebar = False

urlpatterns = [
    # Before the admin's own URLs: its log-in page, answering 429 while throttled.
    path(f"{settings.ADMIN_URL}login/", account_views.admin_login),
    path(settings.ADMIN_URL, admin.site.urls),
    path("", views.home, name="home"),
    # The player joins a routine (exercises), the safety rules (learn) and the last pain logged
    # (history), so it lives with the other pages that bring the apps together.
    path("routines/<slug:slug>/play/", views.play, name="play"),
    path("routines/shared/<str:token>/play/", views.play_shared, name="play_shared"),
    path("", include("exercises.urls")),
    path("", include("spasmcare.learn.urls")),
    path("accounts/", include("spasmcare.accounts.urls")),
    path("history/", include("spasmcare.history.urls")),
    path("recovery/", include("spasmcare.recovery.urls")),
    path("reminders/", include("spasmcare.reminders.urls")),
    # A new account's first screen: a weekly goal and a reminder (spasmcare/reminders/views.py).
    path("welcome/", reminder_views.welcome, name="welcome"),
    path("sw.js", views.service_worker, name="service_worker"),
    path("offline/", views.offline, name="offline"),
]

if settings.SERVE_MEDIA:
    urlpatterns.append(path(f"{settings.MEDIA_URL.strip('/')}/<path:path>", views.media))

handler400 = "spasmcare.views.bad_request"
handler403 = "spasmcare.views.permission_denied"
handler404 = "spasmcare.views.page_not_found"
handler500 = "spasmcare.views.server_error"
