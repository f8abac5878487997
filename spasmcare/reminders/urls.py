from django.urls import path

from . import views, views_push

urlpatterns = [
    path("", views.reminders, name="reminders"),
    path("resume/", views.resume, name="resume_reminders"),
    path("calendar/new/", views.regenerate_feed, name="regenerate_feed"),
    path("calendar/<str:token>.ics", views.calendar_feed, name="calendar_feed"),
    path("unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path("today/", views.today, name="today"),
    path("push/subscribe/", views_push.push_subscribe, name="push_subscribe"),
    path("push/renew/", views_push.push_renew, name="push_renew"),
    path("push/<int:pk>/delete/", views_push.push_unsubscribe, name="push_unsubscribe"),
    path("push/test/", views_push.push_test, name="push_test"),
]
