from django.urls import path

from . import views

urlpatterns = [
    path("", views.home, name="home"),
    path("exercises/", views.library, name="library"),
    path("exercises/<slug:slug>/", views.exercise_detail, name="exercise"),
    path("routines/", views.routine_list, name="routines"),
    path("routines/<slug:slug>/", views.routine_detail, name="routine"),
    path("routines/<slug:slug>/play/", views.play, name="play"),
]
