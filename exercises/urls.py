from django.urls import path

from . import views, views_builder

urlpatterns = [
    path("exercises/", views.library, name="library"),
    path("exercises/<slug:slug>/", views.exercise_detail, name="exercise"),
    path("exercises/<slug:exercise_slug>/add/", views_builder.add_to_routine, name="add_to_routine"),
    path("routines/", views.routine_list, name="routines"),
    # A person's own routines (before <slug> so "new" and "shared" are never taken for one)
    path("routines/new/", views_builder.new_routine, name="new_routine"),
    path("routines/shared/<str:token>/", views_builder.shared_routine, name="shared_routine"),
    path("routines/shared/<str:token>/copy/", views_builder.copy_shared_routine, name="copy_shared_routine"),
    path("routines/<slug:slug>/edit/", views_builder.edit_routine, name="edit_routine"),
    path("routines/<slug:slug>/duplicate/", views_builder.duplicate_routine, name="duplicate_routine"),
    path("routines/<slug:slug>/delete/", views_builder.delete_routine, name="delete_routine"),
    path("routines/<slug:slug>/share/", views_builder.share_routine, name="share_routine"),
    path("routines/<slug:slug>/steps/<int:pk>/swap/", views_builder.swap_step, name="swap_step"),
    path("routines/<slug:slug>/", views.routine_detail, name="routine"),
]
