from django.urls import path

from . import views, views_push

# Pages, in each language (spasmcare/urls.py puts them under i18n_patterns).
urlpatterns = [
    path("", views.reminders, name="reminders"),
    path("resume/", views.resume, name="resume_reminders"),
    path("calendar/new/", views.regenerate_feed, name="regenerate_feed"),
    path("unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path("today/", views.today, name="today"),
    path("push/<int:pk>/delete/", views_push.push_unsubscribe, name="push_unsubscribe"),
    path("push/test/", views_push.push_test, name="push_test"),
]

# One address whatever the language: a calendar app holds the feed's URL for years (its text
# follows the account's language), and browsers and the service worker call the push endpoints.
endpoints = [
    path("calendar/<str:token>.ics", views.calendar_feed, name="calendar_feed"),
    path("push/subscribe/", views_push.push_subscribe, name="push_subscribe"),
    path("push/renew/", views_push.push_renew, name="push_renew"),
]
