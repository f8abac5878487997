from django.urls import path

from . import views_push

# Included at the site root: the worker's scope is the folder it is served from.
urlpatterns = [
    path("sw.js", views_push.service_worker, name="service_worker"),
    path("reminders/push/subscribe/", views_push.push_subscribe, name="push_subscribe"),
    path("reminders/push/<int:pk>/delete/", views_push.push_unsubscribe, name="push_unsubscribe"),
    path("reminders/push/test/", views_push.push_test, name="push_test"),
]
