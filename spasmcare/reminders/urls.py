from django.urls import path

from . import views

urlpatterns = [
    path("", views.reminders, name="reminders"),
    path("resume/", views.resume, name="resume_reminders"),
    path("calendar/new/", views.regenerate_feed, name="regenerate_feed"),
    path("calendar/<str:token>.ics", views.calendar_feed, name="calendar_feed"),
    path("unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path("today/", views.today, name="today"),
]
